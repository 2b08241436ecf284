/**
 * Architecture rules (docs/architecture.md), checked on every `npm test`:
 * no cycles; each SDK has one home; areas meet only at port.ts / index.ts; nothing imports the
 * gateway or the composition root; shared/ depends on nothing else.
 */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'mongodb-only-in-store',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/store/' },
      to: { path: 'node_modules/(mongodb|bson)/' },
    },
    {
      name: 'aws-sdk-only-in-its-adapter',
      comment: 'Each AWS SDK has one home: Lex in conversation/lex-*, Polly in speech/polly-*, Personalize in recommend/personalize-*, S3 in cache/s3-*.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/conversation/lex-', '^src/speech/polly-', '^src/recommend/personalize-', '^src/cache/s3-'] },
      to: { path: 'node_modules/(@aws-sdk|@smithy)/' },
    },
    { name: 'lex-sdk-home', severity: 'error', from: { pathNot: '^src/conversation/lex-' }, to: { path: 'node_modules/@aws-sdk/client-lex' } },
    { name: 'polly-sdk-home', severity: 'error', from: { pathNot: '^src/speech/polly-' }, to: { path: 'node_modules/@aws-sdk/client-polly' } },
    { name: 'personalize-sdk-home', severity: 'error', from: { pathNot: '^src/recommend/personalize-' }, to: { path: 'node_modules/@aws-sdk/client-personalize' } },
    { name: 's3-sdk-home', severity: 'error', from: { pathNot: '^src/cache/s3-' }, to: { path: 'node_modules/@aws-sdk/client-s3' } },
    { name: 'vega-home', comment: 'Charts are drawn in one file.', severity: 'error', from: { path: '^src/', pathNot: '^src/shared/plot-svg\\.ts$' }, to: { path: 'node_modules/vega(-lite)?/' } },
    { name: 'prom-client-home', comment: 'Metrics are defined in one file per area that keeps any.', severity: 'error', from: { pathNot: '^src/(cache|gateway)/metrics\\.ts$' }, to: { path: 'node_modules/prom-client/' } },
    {
      name: 'http-only-in-gateway',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/gateway/', '^src/app\\.ts$', '^src/main\\.ts$'] },
      to: { path: 'node_modules/(fastify|@fastify/[^/]+|ws)/' },
    },
    {
      name: 'shared-is-a-leaf',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    {
      name: 'nothing-imports-gateway-or-root',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/gateway/', '^src/app\\.ts$', '^src/main\\.ts$', '^src/cli/'] },
      to: { path: ['^src/gateway/', '^src/app\\.ts$', '^src/main\\.ts$', '^src/cli/'] },
    },
    {
      name: 'areas-meet-at-ports',
      comment: 'Across areas, import only port.ts or index.ts (at any depth), never adapters or internals.',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', '^src/[^/]+/(port|index)\\.ts$', '^src/[^/]+/[^/]+/(port|index)\\.ts$', '^src/shared/'] },
    },
    {
      name: 'layers-point-down',
      comment: 'gateway -> fulfillment -> (conversation, recommend, bandit, speech, cache) -> store.',
      severity: 'error',
      from: { path: '^src/(store|tenant)/' },
      to: { path: '^src/(gateway|fulfillment|conversation|recommend|bandit|speech|cache)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
