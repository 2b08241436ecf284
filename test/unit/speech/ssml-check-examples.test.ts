/**
 * Must show: `parley ssml check` agrees with Polly's documented behaviour on the reference's
 * examples, engine by engine (fixtures/polly-examples, expected outcomes in expected.json). The
 * command is spawned as a user runs it for two engines (each spawn costs seconds); the others
 * call the same command function in process.
 */
import { execFile } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runSsmlCheck } from '../../../src/cli/commands/ssml-check.js';

const run = promisify(execFile);
const DIR = 'test/unit/speech/fixtures/polly-examples';
const expected = JSON.parse(await readFile(path.join(DIR, 'expected.json'), 'utf8')) as Record<string, Record<string, boolean>>;
const files = (await readdir(DIR)).filter((f) => f.endsWith('.ssml')).sort();

async function parley(args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { timeout: 60_000 });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '' };
  }
}

describe('parley ssml check on the reference examples', () => {
  it('has an expectation for every example', () => {
    expect(Object.keys(expected).sort()).toEqual(files);
  });

  async function inProcess(args: string[]): Promise<{ code: number; stdout: string }> {
    const lines: string[] = [];
    const engine = args[args.indexOf('--engine') + 1];
    const paths = args.filter((a) => a.endsWith('.ssml'));
    const code = await runSsmlCheck(paths, engine === undefined ? {} : { engine }, (line) => lines.push(line));
    return { code, stdout: lines.join('') };
  }

  it.each([
    ['neural', parley],
    ['generative', parley],
    ['standard', inProcess],
    ['long-form', inProcess],
  ] as const)('agrees with Polly on the %s engine', async (engine, check) => {
    const { code, stdout } = await check(['ssml', 'check', '--engine', engine, ...files.map((f) => path.join(DIR, f))]);
    const reports = stdout.trim().split('\n').map((line) => JSON.parse(line) as { file: string; ok: boolean });
    const got = Object.fromEntries(reports.map((r) => [path.basename(r.file), r.ok]));
    const want = Object.fromEntries(files.map((f) => [f, expected[f]?.[engine]]));
    expect(got).toEqual(want);
    expect(code).toBe(1);
  }, 60_000);

  it('decides the newscaster style by voice, and exits 0 when every file passes', async () => {
    const news = [path.join(DIR, 'newscaster.ssml')];
    expect(await runSsmlCheck(news, { engine: 'neural', voice: 'Joanna' }, () => {})).toBe(0);
    expect(await runSsmlCheck(news, { engine: 'neural', voice: 'Brian' }, () => {})).toBe(1);
    expect(await runSsmlCheck(news, { engine: 'neural', voice: 'Nobody' }, () => {})).toBe(1);
  });
});
