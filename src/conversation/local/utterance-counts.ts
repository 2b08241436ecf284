/**
 * Training on each sample utterance as often as users say it. Lex keeps one copy of a sample
 * utterance, so "find {object_name}", which 133 of SNIPS's training lines say, weighs as much as a
 * phrasing said once; where two intents share a phrasing but for their slots, only how often
 * each said it can tell them apart. Counts come with the bot (IntentDefinition.sampleUtteranceCounts).
 */
import type { BotLocaleDefinition, IntentDefinition } from './bot-model.js';

/** Parley's file beside an intent's Intent.json: Lex's import and `bot export` leave it out. */
export const UTTERANCE_COUNTS_FILE = 'ParleyUtteranceCounts.json';

/** A count above this is an error in the file: no phrasing is said more than a billion times. */
export const MAX_UTTERANCE_COUNT = 1_000_000_000;

/** The file's JSON for an intent with counts, or undefined when every utterance is said once. */
export function utteranceCountsJson(intent: IntentDefinition): { utteranceCounts: Array<{ utterance: string; count: number }> } | undefined {
  const counts = intent.sampleUtteranceCounts;
  if (counts === undefined || !counts.some((c) => c > 1)) return undefined;
  const utteranceCounts = intent.sampleUtterances.flatMap((utterance, i) => ((counts[i] ?? 1) > 1 ? [{ utterance, count: counts[i] ?? 1 }] : []));
  return { utteranceCounts };
}

/**
 * Repeats in a locale at most this many times its distinct sample utterances: counts taken from
 * a busy bot's traffic are scaled down to it, so training time stays bounded (SNIPS: 1.8).
 */
export const MAX_REPEATS_PER_UTTERANCE = 4;

/**
 * How many times training takes each intent's sample utterances (by intent name, in utterance
 * order): the counts, scaled down to MAX_REPEATS_PER_UTTERANCE; undefined when no intent has counts.
 */
export function trainingRepeats(locale: BotLocaleDefinition): Map<string, number[]> | undefined {
  if (!locale.intents.some((i) => i.sampleUtteranceCounts !== undefined)) return undefined;
  const distinct = locale.intents.reduce((n, i) => n + i.sampleUtterances.length, 0);
  const total = locale.intents.reduce((n, i) => n + i.sampleUtterances.reduce((m, _, k) => m + countAt(i, k), 0), 0);
  const scale = Math.min(1, (MAX_REPEATS_PER_UTTERANCE * distinct) / total);
  return new Map(locale.intents.map((intent) => [intent.name, intent.sampleUtterances.map((_, k) => Math.max(1, Math.round(countAt(intent, k) * scale)))]));
}

/** The locale with each sample utterance repeated as often as its count says (the same locale when no intent has counts). */
export function repeatedByCount(locale: BotLocaleDefinition): BotLocaleDefinition {
  const repeats = trainingRepeats(locale);
  if (repeats === undefined) return locale;
  const intents = locale.intents.map((intent): IntentDefinition => {
    const { sampleUtteranceCounts: _counts, ...rest } = intent;
    const times = repeats.get(intent.name);
    return { ...rest, sampleUtterances: intent.sampleUtterances.flatMap((u, k) => Array<string>(times?.[k] ?? 1).fill(u)) };
  });
  return { ...locale, intents };
}

function countAt(intent: IntentDefinition, index: number): number {
  const count = intent.sampleUtteranceCounts?.[index] ?? 1;
  return Number.isInteger(count) && count >= 1 ? count : 1;
}
