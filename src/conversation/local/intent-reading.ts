/**
 * A close call between the recognizer's two best intents, settled by how well the slot tagger
 * reads the utterance as each: "find {title}" is a search for a work or for a screening depending on
 * whether the unseen title's words, their place and their neighbours read as one or the other's
 * slot values. The classifier sees the words; the tagger sees them segmented, in context, under each
 * intent's own slots. Only for bots whose tagger decodes by segment (large bots).
 *
 * Chosen on five-fold cross-validation of SNIPS's training split, classifier and tagger trained on
 * four folds exactly as the engine trains them (`bench/nlu-reading-cv.ts`): see docs/conversation.md.
 */
import type { IntentRecognition } from './intent-recognizer.js';

export interface ReadingOptions {
  /** Only when the top two intents' log-odds (from their rounded scores) are at most this. */
  closeLogOdds: number;
  /** Weight of the difference of the two reading scores against those log-odds. */
  weight: number;
}

export const DEFAULT_READING: ReadingOptions = { closeLogOdds: 0.5, weight: 0.3 };

/**
 * The recognition, with its top two intents swapped when the second reads enough better to make up
 * for its lower score: log(p1 / p2) + weight * (read1 - read2) < 0. The swapped intent takes the top
 * score, so the list stays in score order and the fallback decision is unchanged. The fallback
 * intent is never one of the two.
 */
export function settleByReading(
  recognition: IntentRecognition,
  fallbackIntentName: string,
  read: (intentName: string) => number | undefined,
  options: ReadingOptions = DEFAULT_READING,
): IntentRecognition {
  const [first, second, ...rest] = recognition.ranked;
  if (recognition.isFallback || first === undefined || second === undefined) return recognition;
  if (first.intentName === fallbackIntentName || second.intentName === fallbackIntentName) return recognition;
  if (!(first.score > 0 && second.score > 0)) return recognition;
  const logOdds = Math.log(first.score) - Math.log(second.score);
  if (logOdds > options.closeLogOdds) return recognition;
  const firstReading = read(first.intentName);
  const secondReading = read(second.intentName);
  if (firstReading === undefined || secondReading === undefined) return recognition;
  if (logOdds + options.weight * (firstReading - secondReading) >= 0) return recognition;
  return {
    intentName: second.intentName,
    isFallback: false,
    ranked: [{ intentName: second.intentName, score: first.score }, { intentName: first.intentName, score: second.score }, ...rest],
  };
}
