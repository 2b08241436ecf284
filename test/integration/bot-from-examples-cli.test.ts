/**
 * `parley bot from-examples`: labelled lines written as a Lex export folder that `bot check`
 * passes and `nlu eval --bot` scores, with what Lex would not take said on stderr; a second run
 * into the same folder writes nothing.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const line = (text: string, intent: string, slots: Array<[string, string]> = []) =>
  JSON.stringify({ text, intent, slots: slots.map(([name, value]) => ({ name, value, start: text.indexOf(value), end: text.indexOf(value) + value.length })) });

describe('parley bot from-examples', () => {
  it('writes a folder that bot check passes and nlu eval --bot scores', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-from-examples-'));
    const train = path.join(dir, 'train.jsonl');
    const test = path.join(dir, 'test.jsonl');
    const out = path.join(dir, 'bot');
    await writeFile(train, [
      line('play some jazz', 'PlayMusic', [['genre', 'jazz']]),
      line('play rock music', 'PlayMusic', [['genre', 'rock']]),
      line('put on some blues', 'PlayMusic', [['genre', 'blues']]),
      line('what is the weather in paris', 'GetWeather', [['city', 'paris']]),
      line('weather in london today', 'GetWeather', [['city', 'london']]),
      line('turn off the lights', 'FallbackIntent'),
    ].join('\n'));
    await writeFile(test, [line('play some soul', 'PlayMusic', [['genre', 'soul']]), line('weather in rome today', 'GetWeather', [['city', 'rome']])].join('\n'));

    const built = await runCli(['bot', 'from-examples', train, '--out', out, '--name', 'TinyBot']);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toBe(`wrote ${out}: bot TinyBot, 3 intents (the fallback included), 5 sample utterances, 2 slot types, 10 files\n`);
    expect(built.stderr).toContain('1 example is labelled FallbackIntent (line 6)');

    const check = await runCli(['bot', 'check', out]);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain('0 error(s), 0 warning(s)');

    const evaluated = await runCli(['nlu', 'eval', '--bot', out, '--test', test]);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(JSON.parse(evaluated.stdout)).toMatchObject({ n: 2, intentAccuracy: 1 });
    // Off a terminal, progress is plain lines: each phase to its end.
    for (const phase of ['features', 'intents', 'slots', 'warm-up', 'test']) expect(evaluated.stderr).toMatch(new RegExp(`^nlu eval: ${phase} (\\d+)/\\1$`, 'm'));
    const plots = path.join(dir, 'plots');
    const quiet = await runCli(['nlu', 'eval', '--bot', out, '--test', test, '--no-progress', '--plots', plots]);
    expect(quiet.stderr).toBe(`nlu eval: wrote ${path.join(plots, 'intent-confusion.svg')}, ${path.join(plots, 'confidence-reliability.svg')}\n`);
    expect((await readFile(path.join(plots, 'intent-confusion.svg'), 'utf8')).startsWith('<svg')).toBe(true);
    const scores = (stdout: string) => {
      const { trainMs: _t, p50Ms: _p50, p99Ms: _p99, ...rest } = JSON.parse(stdout) as Record<string, number>;
      return rest;
    };
    expect(scores(quiet.stdout)).toEqual(scores(evaluated.stdout));

    const again = await runCli(['bot', 'from-examples', train, '--out', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`PARLEY_BOT_OUTPUT_NOT_EMPTY: ${out} is not empty`);
    expect((await readdir(out)).sort()).toEqual(['Manifest.json', 'TinyBot']);
  });
});
