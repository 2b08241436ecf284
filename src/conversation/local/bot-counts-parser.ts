/**
 * Reads an intent's ParleyUtteranceCounts.json: `{"utteranceCounts": [{"utterance", "count"}]}`,
 * how often users say some of its sample utterances (the rest once). Each entry must name one of
 * the intent's sample utterances, compared as duplicates are, and at most once.
 */
import { normalizeUtterance } from './bot-utterance-refs.js';
import type { JsonFileReader } from './bot-json-reader.js';
import type { LocatedIntent } from './bot-intent-parser.js';
import { MAX_UTTERANCE_COUNT } from './utterance-counts.js';

/** Sets `intent.def.sampleUtteranceCounts` from the file; problems are reported against the file. */
export function parseUtteranceCounts(r: JsonFileReader, json: unknown, intent: LocatedIntent): void {
  const root = r.root(json);
  if (!r.object(root, { required: true })) return;
  const indexOf = new Map(intent.def.sampleUtterances.map((u, i) => [normalizeUtterance(u), i]));
  const counts = intent.def.sampleUtterances.map(() => 1);
  const seen = new Map<number, string>();
  for (const entry of r.array(r.child(root, 'utteranceCounts'), { required: true })) {
    if (!r.object(entry, { required: true })) continue;
    const utteranceNode = r.child(entry, 'utterance');
    const utterance = r.string(utteranceNode, { required: true });
    const count = r.number(r.child(entry, 'count'), { required: true, integer: true, min: 1, max: MAX_UTTERANCE_COUNT });
    if (utterance === undefined || count === undefined) continue;
    const index = indexOf.get(normalizeUtterance(utterance));
    if (index === undefined) {
      r.error(utteranceNode, `"${utterance}" is not a sample utterance of intent ${intent.def.name}`);
      continue;
    }
    const earlier = seen.get(index);
    if (earlier !== undefined) {
      r.error(utteranceNode, `"${utterance}" is counted twice (also at ${earlier})`);
      continue;
    }
    seen.set(index, utteranceNode.path);
    counts[index] = count;
  }
  if (counts.some((c) => c > 1)) intent.def.sampleUtteranceCounts = counts;
}
