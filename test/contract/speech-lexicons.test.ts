/**
 * `parley lexicons deploy` and the lexicon calls of the Polly adapter, through the real SDK client
 * against Parley's Polly emulator (which serves the local synthesizer): PutLexicon, GetLexicon,
 * ListLexicons, DeleteLexicon, and deployed lexicons applied by name when speaking.
 */
import { fastify, type FastifyInstance } from 'fastify';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runLexiconsDeploy } from '../../src/cli/commands/lexicons-deploy.js';
import { registerPollyRoutes } from '../../src/gateway/http/polly-routes.js';
import { CheckedSynthesizer, LocalTts, type Lexicon } from '../../src/speech/index.js';
import { PollyTts } from '../../src/speech/polly-tts.js';
import { collect } from '../unit/speech/audio-analysis.js';
import { isParleyErrorLike } from '../unit/speech/speech-test-kit.js';

const lexicons = new Map<string, Lexicon>();
let app: FastifyInstance;
let endpoint = '';
let polly: PollyTts;

const TOMATO = `<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-US">
  <lexeme><grapheme>tomato</grapheme><phoneme>təˈmɑːtoʊ</phoneme></lexeme>
</lexicon>`;

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-lexicons-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

async function deploy(dir: string, options: { dryRun?: boolean } = {}): Promise<{ code: number; lines: Array<Record<string, unknown>> }> {
  const lines: Array<Record<string, unknown>> = [];
  const code = await runLexiconsDeploy(dir, { endpoint, ...options }, { write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { code, lines };
}

const visemes = async (lexiconNames: string[]): Promise<string> => {
  const marks = new TextDecoder().decode(await collect(polly, { text: 'A tomato.', voiceId: 'Joanna', outputFormat: 'json', speechMarkTypes: ['viseme'], lexiconNames }));
  return marks.trim().split('\n').map((line) => (JSON.parse(line) as { value: string }).value).join('');
};

beforeAll(async () => {
  // The deploy command reaches Polly through the SDK's default credential chain, as in production.
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  app = fastify();
  registerPollyRoutes(app, { synthesizer: new CheckedSynthesizer(new LocalTts({ lexicons })), lexicons });
  endpoint = await app.listen({ port: 0, host: '127.0.0.1' });
  polly = new PollyTts({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, timeoutMs: 10_000 });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  polly.destroy();
  await app.close();
});

describe('parley lexicons deploy', () => {
  it('deploys the brand lexicons in ssml/lexicons and reports what Polly lists', async () => {
    const { code, lines } = await deploy('ssml/lexicons');
    expect(code).toBe(0);
    expect(lines.filter((l) => l.deployed === true).map((l) => l.lexicon)).toEqual(['Brand', 'BrandGB', 'Products']);
    const listed = lines.at(-1)?.listed as Array<{ name: string; size: number; lexemesCount: number; languageCode: string }>;
    expect(listed.map((l) => l.name).sort()).toEqual(['Brand', 'BrandGB', 'Products']);
    const brand = await readFile('ssml/lexicons/Brand.pls', 'utf8');
    expect(listed.find((l) => l.name === 'Brand')).toMatchObject({ size: brand.length, languageCode: 'en-US', lexemesCount: 12 });
    expect((await polly.getLexicon('Brand')).content).toBe(brand);
  });

  it('validates every lexicon first and deploys none when one breaks Polly\'s limits', async () => {
    const before = [...lexicons.keys()];
    const tooLarge = TOMATO.replace('</lexicon>', `${'<lexeme><grapheme>x</grapheme><alias>y</alias></lexeme>\n'.repeat(80)}</lexicon>`);
    const { code, lines } = await deploy(folder({ 'Tomato.pls': TOMATO, 'Huge.pls': tooLarge, 'bad-name.pls': TOMATO, 'Pinyin.pls': TOMATO.replace('alphabet="ipa"', 'alphabet="x-amazon-pinyin"') }));
    expect(code).toBe(1);
    const failed = Object.fromEntries(lines.filter((l) => l.ok === false).map((l) => [l.lexicon, (l.diagnostics as Array<{ code: string }>).map((d) => d.code)]));
    expect(failed).toEqual({ Huge: ['lexicon-too-large'], 'bad-name': ['invalid-name'], Pinyin: ['unsupported-alphabet'] });
    expect(lines.at(-1)).toEqual({ error: 'some lexicons break Polly\'s rules; nothing was deployed' });
    expect([...lexicons.keys()]).toEqual(before);
    expect((await deploy(folder({}))).lines).toEqual([{ error: expect.stringContaining('no .pls lexicons') }]);
    expect((await deploy(folder({ 'Tomato.pls': TOMATO }), { dryRun: true })).lines).toEqual([expect.objectContaining({ lexicon: 'Tomato', ok: true })]);
    expect(lexicons.has('Tomato')).toBe(false);
  });

  it('has the local synthesizer speak deployed lexicons by name until they are deleted', async () => {
    expect((await deploy(folder({ 'Tomato.pls': TOMATO }))).code).toBe(0);
    expect(await visemes([])).toContain('t@pe');
    expect(await visemes(['Tomato'])).toContain('t@pa');
    await polly.deleteLexicon('Tomato');
    expect((await polly.listLexicons()).map((l) => l.name)).not.toContain('Tomato');
    await expect(visemes(['Tomato'])).rejects.toSatisfy((e: unknown) => isParleyErrorLike(e, 'PARLEY_SPEECH_LEXICON_NOT_FOUND'));
    await expect(polly.deleteLexicon('Tomato')).rejects.toSatisfy((e: unknown) => isParleyErrorLike(e, 'PARLEY_SPEECH_LEXICON_NOT_FOUND'));
    await expect(polly.getLexicon('Tomato')).rejects.toSatisfy((e: unknown) => isParleyErrorLike(e, 'PARLEY_SPEECH_LEXICON_NOT_FOUND'));
  });
});
