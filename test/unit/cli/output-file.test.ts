import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeOutput, openOutput, OutputFileError, writeOutput } from '../../../src/cli/output-file.js';
import { runNluEval } from '../../../src/cli/commands/nlu-eval.js';

describe('output files of the commands', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'parley-out-'));
    await writeFile(path.join(dir, 'a-file'), 'x');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('makes the missing folders of a file', async () => {
    const file = path.join(dir, 'new', 'deeper', 'hello.txt');
    const stream = await openOutput(file);
    stream.write('hello');
    await closeOutput(stream);
    expect(await readFile(file, 'utf8')).toBe('hello');
    await writeOutput(path.join(dir, 'other', 'x.zip'), new Uint8Array([1, 2]));
    expect([...(await readFile(path.join(dir, 'other', 'x.zip')))]).toEqual([1, 2]);
  });

  it('names the file and the reason when it cannot be written', async () => {
    const under = path.join(dir, 'a-file', 'out.mp3');
    const opened = openOutput(under);
    await expect(opened).rejects.toBeInstanceOf(OutputFileError);
    // The folder to make is a file: mkdir's EEXIST (or ENOTDIR, by platform), with its path.
    await expect(opened).rejects.toThrow(new RegExp(`^cannot write ${under}: E(EXIST|NOTDIR): .*a-file`));
    await expect(writeOutput(under, 'x')).rejects.toThrow(new RegExp(`^cannot write ${under}: E(EXIST|NOTDIR)`));
    await expect(writeOutput(dir, 'x')).rejects.toThrow(new RegExp(`^cannot write ${dir}: EISDIR`));
  });

  it('turns an unwritable --predictions file into the command\'s error, not a crash', async () => {
    const test = path.join(dir, 'test.jsonl');
    await writeFile(test, '{"text":"hi","intent":"Hello"}\n');
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => { errors.push(chunk); return true; }) as typeof process.stderr.write;
    try {
      expect(await runNluEval({ train: test, test, predictions: path.join(dir, 'a-file', 'p.jsonl') })).toBe(1);
    } finally {
      process.stderr.write = write;
    }
    expect(errors.join('')).toContain('nlu eval: cannot write');
  });
});
