/**
 * SNIPS for the NLU benches: where the split lives (../shared/data, never in the project), reading
 * a split, and the K folds of its training split that every cross-validation bench uses, so that
 * their figures are on the same folds.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseExamples, type NluExample } from '../../src/conversation/eval/index.js';
import type { IntentRecognizerOptions } from '../../src/conversation/local/intent-recognizer.js';

export const SNIPS_DIR = path.resolve(import.meta.dirname, '../../../shared/data/snips');

/** A split of SNIPS (`train`, `dev`, `test`) as parsed NLU examples. */
export async function readSnips(split: 'train' | 'dev' | 'test'): Promise<NluExample[]> {
  const file = `${split}.jsonl`;
  return parseExamples(await readFile(path.join(SNIPS_DIR, file)), file);
}

/** The value after `--name` on the command line. */
export function cliArg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Recognizer options a cross-validation run overrides, from NLU_CV_OPTIONS (JSON; none when unset). */
export function recognizerOverrides(): Partial<IntentRecognizerOptions> {
  return JSON.parse(process.env['NLU_CV_OPTIONS'] ?? '{}') as Partial<IntentRecognizerOptions>;
}

export interface Fold {
  fold: number;
  train: NluExample[];
  test: NluExample[];
}

/**
 * The K folds of `examples` (only those listed in `only`, when given). Line i goes to fold
 * (i * 7919) mod K: a fixed stride, so folds are the same in every run and mix the file's order.
 */
export function foldsOf(examples: readonly NluExample[], folds: number, only?: readonly number[]): Fold[] {
  const foldOf = (i: number): number => (i * 7919) % folds;
  const out: Fold[] = [];
  for (let fold = 0; fold < folds; fold += 1) {
    if (only && !only.includes(fold)) continue;
    out.push({ fold, train: examples.filter((_, i) => foldOf(i) !== fold), test: examples.filter((_, i) => foldOf(i) === fold) });
  }
  return out;
}
