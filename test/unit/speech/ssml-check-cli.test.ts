/** `parley ssml check` on the reference's Polly examples: it agrees with Polly's documented behaviour. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSsmlCheck, type SsmlCheckReport } from '../../../src/cli/commands/ssml-check.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'parley-ssml-check-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function check(files: Record<string, string>, engine?: string): Promise<{ code: number; reports: SsmlCheckReport[] }> {
  const paths: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await writeFile(file, content);
    paths.push(file);
  }
  const lines: string[] = [];
  const code = await runSsmlCheck(paths, engine === undefined ? {} : { engine }, (line) => lines.push(line));
  return { code, reports: lines.map((line) => JSON.parse(line) as SsmlCheckReport) };
}

const EXAMPLES = {
  whispered: '<speak>When I wake up, <amazon:effect name="whispered">I speak quietly.</amazon:effect></speak>',
  pitch: '<speak>Some <prosody pitch="+10%">higher</prosody> words.</speak>',
  rate: '<speak><prosody rate="150%">Quick.</prosody></speak>',
  breakMax: '<speak>Pause<break time="10s"/>here.</speak>',
  breakOver: '<speak>Pause<break time="11s"/>here.</speak>',
  spell: '<speak><say-as interpret-as="characters">NASA</say-as></speak>',
  audio: '<speak><audio src="a.mp3"/></speak>',
  malformed: '<speak>\n  <emphasis>open\n</speak>',
};

describe('parley ssml check', () => {
  it.each([
    ['whispered', 'standard', 0], ['whispered', 'neural', 1], ['whispered', 'generative', 1],
    ['pitch', 'standard', 0], ['pitch', 'neural', 1], ['pitch', 'long-form', 1],
    ['rate', 'neural', 0], ['rate', 'generative', 0],
    ['breakMax', 'neural', 0], ['breakOver', 'standard', 1],
    ['spell', 'neural', 0], ['spell', 'standard', 0],
    ['audio', 'standard', 1],
  ] as const)('%s on %s exits %i', async (name, engine, exit) => {
    const { code, reports } = await check({ [`${name}.ssml`]: EXAMPLES[name] }, engine);
    expect(code).toBe(exit);
    expect(reports[0]?.ok).toBe(exit === 0);
  });

  it('reports the silent standard fallback of spell-out on neural as a warning', async () => {
    const { reports } = await check({ 'spell.ssml': EXAMPLES.spell });
    expect(reports[0]?.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', code: 'standard-fallback', engine: 'neural' })]);
  });

  it('gives line and column for malformed XML, and exits 1 if any file fails', async () => {
    const { code, reports } = await check({ 'ok.ssml': EXAMPLES.rate, 'bad.ssml': EXAMPLES.malformed });
    expect(code).toBe(1);
    expect(reports.map((r) => r.ok)).toEqual([true, false]);
    expect(reports[1]?.diagnostics[0]).toMatchObject({ code: 'malformed-xml', line: 3 });
  });

  it('checks every shipped brand script and lexicon', async () => {
    const lines: string[] = [];
    const files = ['BookFitting', 'FallbackIntent', 'Goodbye', 'Greeting', 'Help', 'ItemDetails', 'OrderStatus', 'RecommendItems', 'StoreHours'].map((i) => `ssml/scripts/${i}.json`);
    const code = await runSsmlCheck([...files, 'ssml/lexicons/Brand.pls', 'ssml/lexicons/BrandGB.pls', 'ssml/lexicons/Products.pls'], {}, (line) => lines.push(line));
    expect(code).toBe(0);
    expect(lines).toHaveLength(12);
  });

  it('warns where the local synthesizer could not speak a pronunciation, in documents and lexicons', async () => {
    const pls = (ph: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-US">
  <lexeme><grapheme>Zed</grapheme><phoneme>${ph}</phoneme></lexeme>
</lexicon>`;
    const { code, reports } = await check({
      'click.ssml': '<speak>A\n <phoneme alphabet="ipa" ph="ʘa">click</phoneme>, <phoneme alphabet="ipa" ph="təˈmɑːtoʊ">tomato</phoneme>.</speak>',
      'Clicks.pls': pls('ʘɛd'),
      'Fine.pls': pls('zɛd'),
    }, 'standard');
    expect(code).toBe(0);
    expect(reports.map((r) => r.diagnostics.map((d) => [d.severity, d.code, d.line]))).toEqual([
      [['warning', 'local-unknown-phoneme', 2]],
      [['warning', 'local-unknown-phoneme', 3]],
      [],
    ]);
    expect(reports[0]?.diagnostics[0]?.message).toContain('"ʘ" (U+0298)');
  });

  it('rejects an unknown engine and a missing file', async () => {
    expect(await runSsmlCheck([], { engine: 'turbo' }, () => {})).toBe(1);
    const lines: string[] = [];
    expect(await runSsmlCheck([path.join(dir, 'missing.ssml')], {}, (line) => lines.push(line))).toBe(1);
    expect(lines[0]).toContain('unreadable');
  });
});
