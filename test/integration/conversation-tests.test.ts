/**
 * Conversation tests: the demo bot's own YAML tests run through the runner against the local
 * engine (so they run in CI), the same tests against Parley's Lex emulator through the real Lex
 * SDK client with the two engines compared turn by turn, and a deliberately different bot behind
 * the emulator whose disagreements must be reported. `parley test conversations` itself runs in a
 * child process for its report and exit codes.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { LexConversationEngine } from '../../src/conversation/lex-conversation.js';
import { loadBot, LocalConversationEngine, type BotDefinition } from '../../src/conversation/local/index.js';
import { formatReport, readConversationTestFiles, runConversationTests, type ConversationTestFile } from '../../src/conversation/testing/index.js';
import { buildGateway } from '../../src/gateway/index.js';
import { ScriptedTurnRunner } from '../helpers/scripted-turn-runner.js';
import { runCli } from '../helpers/run-cli.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DEMO_BOT = path.join(REPO_ROOT, 'bots/ParleyStore');
const TESTS_DIR = path.join(DEMO_BOT, 'tests');
const SEED = 'conversation-tests';

let bot: BotDefinition;
let files: ConversationTestFile[];
/** Both in-process engines read this, so each file's clock holds for the local engine and the emulator alike. */
let now = new Date('2026-05-01T10:00:00Z');
const clock = (): Date => now;
const setClock = (d: Date): void => {
  now = d;
};

interface Emulator {
  endpoint: string;
  close(): Promise<void>;
}

async function startEmulator(served: BotDefinition): Promise<Emulator> {
  const config = loadConfig({ PARLEY_LOG_LEVEL: 'silent', PARLEY_LEX_EMULATOR: 'true' }, REPO_ROOT);
  const server = buildGateway({
    config,
    turns: new ScriptedTurnRunner(),
    readiness: async () => undefined,
    lexRuntime: { engine: new LocalConversationEngine(served, { seed: SEED, clock }) },
  });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const { port } = server.server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, close: () => server.close() };
}

function lexClient(endpoint: string): LexConversationEngine {
  return new LexConversationEngine({
    botId: 'PARLEYBOT1',
    botAliasId: 'TSTALIASID',
    localeId: 'en_US',
    region: 'us-east-1',
    endpoint,
    timeoutMs: 5000,
    maxAttempts: 2,
    credentials: { accessKeyId: 'AKIDPARLEYTEST', secretAccessKey: 'parley-test-secret' },
  });
}

/** The demo bot with OrderStatus asking for no confirmation: a bot that drifted from the local one. */
function withoutOrderConfirmation(source: BotDefinition): BotDefinition {
  return {
    ...source,
    locales: source.locales.map((locale) => ({
      ...locale,
      intents: locale.intents.map((intent) => {
        if (intent.name !== 'OrderStatus') return intent;
        const { confirmation: _dropped, ...rest } = intent;
        return rest;
      }),
    })),
  };
}


beforeAll(async () => {
  bot = await loadBot(DEMO_BOT);
  files = await readConversationTestFiles(readdirSync(TESTS_DIR).filter((n) => n.endsWith('.yaml')).map((n) => path.join(TESTS_DIR, n)));
});

describe("the demo bot's conversation tests", () => {
  it('cover every intent of the bot', () => {
    const named = new Set(files.flatMap((f) => f.conversations.flatMap((c) => c.turns.map((t) => t.expect.intent))));
    const intents = (bot.locales[0]?.intents ?? []).map((i) => i.name);
    expect(intents.length).toBeGreaterThanOrEqual(9);
    for (const intent of intents) expect(named, `no test names intent ${intent}`).toContain(intent);
  });

  it('pass against the local engine', async () => {
    const local = new LocalConversationEngine(bot, { seed: SEED, clock });
    const report = await runConversationTests(files, { engines: [{ name: 'local', engine: local }], setClock });
    expect(formatReport(report)).toMatch(/^ok: /m);
    expect(report.passed).toBe(true);
    expect(report.turns).toBeGreaterThanOrEqual(30);
    expect(report.failedTurns).toBe(0);
  });
});

describe('against Lex (the emulator, through the real SDK)', () => {
  let same: Emulator;
  let drifted: Emulator;
  const clients: LexConversationEngine[] = [];

  beforeAll(async () => {
    same = await startEmulator(bot);
    drifted = await startEmulator(withoutOrderConfirmation(bot));
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await same?.close();
    await drifted?.close();
  });

  it('the same bot on both sides: every test passes on both and no turn disagrees', async () => {
    const lex = lexClient(same.endpoint);
    clients.push(lex);
    const local = new LocalConversationEngine(bot, { seed: SEED, clock });
    const report = await runConversationTests(files, { engines: [{ name: 'local', engine: local }, { name: 'lex', engine: lex }], setClock });
    expect(report.engines).toEqual(['local', 'lex']);
    expect(report.disagreeingTurns).toBe(0);
    expect(report.passed).toBe(true);
  });

  it('a bot that drifted: the report names the turns and fields where local and Lex disagree', async () => {
    const lex = lexClient(drifted.endpoint);
    clients.push(lex);
    const local = new LocalConversationEngine(bot, { seed: SEED, clock });
    const orderFile = files.filter((f) => f.source.endsWith('order-status.yaml'));
    const report = await runConversationTests(orderFile, { engines: [{ name: 'local', engine: local }, { name: 'lex', engine: lex }], setClock });
    expect(report.passed).toBe(false);
    expect(report.disagreeingTurns).toBeGreaterThan(0);
    const turn = report.files[0]?.conversations[0]?.turns[2];
    expect(turn?.user).toBe('PS 765432');
    expect(turn?.disagreements).toContainEqual({ field: 'dialogAction', values: { local: '"ConfirmIntent"', lex: '"Close"' } });
    expect(turn?.disagreements).toContainEqual({ field: 'state', values: { local: '"InProgress"', lex: '"ReadyForFulfillment"' } });
    // The local engine still meets the expectations; Lex does not.
    expect(turn?.results.find((r) => r.engine === 'local')?.mismatches).toEqual([]);
    expect(turn?.results.find((r) => r.engine === 'lex')?.mismatches).toContainEqual({ field: 'dialogAction', expected: '"ConfirmIntent"', actual: '"Close"' });
    expect(formatReport(report)).toContain('engines disagree on dialogAction: local "ConfirmIntent", lex "Close"');
  });

  it('parley test conversations with PARLEY_CONVERSATION=lex reports the disagreement and exits 1', async () => {
    const run = await runCli(['test', 'conversations', path.join(TESTS_DIR, 'order-status.yaml')], {
      env: {
        PARLEY_CONVERSATION: 'lex',
        PARLEY_LEX_BOT_ID: 'PARLEYBOT1',
        PARLEY_LEX_BOT_ALIAS_ID: 'TSTALIASID',
        PARLEY_LEX_REGION: 'us-east-1',
        PARLEY_LEX_ENDPOINT: drifted.endpoint,
        AWS_ACCESS_KEY_ID: 'AKIDPARLEYTEST',
        AWS_SECRET_ACCESS_KEY: 'parley-test-secret',
      },
    });
    // The AWS SDK may warn about the Node version on stderr; Parley's own errors must not appear.
    expect(run.stderr).not.toContain('test conversations:');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('turn 3 (line ');
    expect(run.stdout).toContain('[lex] dialogAction: expected "ConfirmIntent", got "Close"');
    expect(run.stdout).toContain('engines disagree on dialogAction: local "ConfirmIntent", lex "Close"');
    expect(run.stdout).toMatch(/failed: \d+\/2 conversation\(s\) passed, .* turn\(s\) where local and lex disagree \(engine: local and lex\)/);
  }, 120_000);
});

describe('parley test conversations', () => {
  it('exits 0 on the demo tests and 1 with a per-turn report when an expectation fails', async () => {
    const ok = await runCli(['test', 'conversations', TESTS_DIR]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^ok: 18\/18 conversation\(s\) passed/m);

    const dir = mkdtempSync(path.join(tmpdir(), 'parley-ctest-'));
    const failing = path.join(dir, 'failing.yaml');
    writeFileSync(
      failing,
      [
        'conversations:',
        '  - name: wrong expectations',
        '    turns:',
        '      - user: where is my order',
        '        intent: StoreHours',
        '      - user: PS-123456',
        '        slots:',
        '          OrderNumber: PS-999999',
        '        reply: { contains: "no such words" }',
        '',
      ].join('\n'),
    );
    const bad = await runCli(['test', 'conversations', failing]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('FAIL wrong expectations (line 2, 2 turn(s))');
    expect(bad.stdout).toContain('turn 1 (line 4) user: "where is my order"');
    expect(bad.stdout).toContain('intent: expected "StoreHours", got "OrderStatus"');
    expect(bad.stdout).toContain('turn 2 (line 6) user: "PS-123456"');
    expect(bad.stdout).toContain('slots.OrderNumber: expected "PS-999999", got "PS-123456"');
    expect(bad.stdout).toContain('reply: expected a reply containing "no such words", got "You want the status of order PS-123456, is that right?"');
  }, 120_000);

  it('exits 2 naming file and line for a malformed file or one that names what the bot lacks', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-ctest-'));
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, ['conversations:', '  - name: x', '    turns:', '      - user: hi', '        intent: NoSuchIntent', '        stat: Fulfilled', ''].join('\n'));
    const run = await runCli(['test', 'conversations', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:6: unknown key "stat" in a turn`);
    const second = path.join(dir, 'unknown-intent.yaml');
    writeFileSync(second, ['conversations:', '  - name: x', '    turns:', '      - user: hi', '        intent: NoSuchIntent', ''].join('\n'));
    const again = await runCli(['test', 'conversations', second]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${second}:5: intent "NoSuchIntent" is not an intent of bot ParleyStore`);
  }, 120_000);
});
