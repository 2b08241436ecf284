/**
 * Runs labelled examples through a conversation engine one fresh session each, as a user's first
 * turn, and scores intent accuracy, span-level slots and per-utterance latency.
 */
import type { RecognizeTextRequest, RecognizeTextResponse, Slot } from '../port.js';
import { FALLBACK_INTENT_NAME } from './bot-from-examples.js';
import type { NluExample } from './nlu-examples.js';
import { countSpans, spanScores, type Span, type SpanCounts } from './span-metrics.js';

export interface SyncEngine {
  recognizeTextSync(request: RecognizeTextRequest): RecognizeTextResponse;
}

export interface NluEvalReport {
  intentAccuracy: number;
  slotPrecision: number;
  slotRecall: number;
  slotF1: number;
  n: number;
  trainMs: number;
  p50Ms: number;
  p99Ms: number;
  /**
   * Only when some test lines are labelled with the bot's fallback intent (out-of-scope text):
   * how many, the share of them that fell back, and the intent accuracy on the other lines (when
   * there are any).
   */
  outOfScopeN?: number;
  outOfScopeRecall?: number;
  inScopeAccuracy?: number;
}

export interface EvaluateNluOptions {
  onPrediction?: (p: NluPrediction) => void;
  /** The bot's fallback intent: a test line labelled with it should fall back (default FallbackIntent). */
  fallbackIntentName?: string;
}

export interface NluPrediction {
  text: string;
  goldIntent: string;
  predictedIntent: string;
  confidence: number;
  goldSlots: Span[];
  predictedSlots: Span[];
  /**
   * Set by `parley nlu eval` when the gold utterance, its slots as gaps, has the words of sample
   * utterances of several intents ("when is {} playing"): those intents, sorted.
   */
  sharedShapeIntents?: string[];
}

/** Slot values in Lex shape carry no offsets: each value is placed at its first unused occurrence. */
export function slotSpans(text: string, slots: Record<string, Slot | null> | undefined): Span[] {
  const used: Array<[number, number]> = [];
  const spans: Span[] = [];
  for (const [name, slot] of Object.entries(slots ?? {})) {
    const values = slot?.values && slot.values.length > 0 ? slot.values : slot ? [slot] : [];
    for (const v of values) {
      const original = v.value?.originalValue ?? v.value?.interpretedValue;
      if (!original) continue;
      let from = 0;
      for (;;) {
        const start = text.indexOf(original, from);
        if (start < 0) break;
        const end = start + original.length;
        if (!used.some(([s, e]) => start < e && s < end)) {
          used.push([start, end]);
          spans.push({ name, start, end });
          break;
        }
        from = start + 1;
      }
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}

const round = (value: number, digits = 4): number => Math.round(value * 10 ** digits) / 10 ** digits;

export function evaluateNlu(engine: SyncEngine, examples: readonly NluExample[], trainMs: number, options: EvaluateNluOptions = {}): NluEvalReport {
  const { onPrediction, fallbackIntentName = FALLBACK_INTENT_NAME } = options;
  const counts: SpanCounts = { correct: 0, predicted: 0, gold: 0 };
  const latencies: number[] = [];
  let correctIntents = 0;
  let outOfScope = 0;
  let fellBack = 0;
  examples.forEach((example, index) => {
    const started = performance.now();
    const response = engine.recognizeTextSync({ sessionId: `nlu-eval-${index}`, text: example.text });
    latencies.push(performance.now() - started);
    const predictedIntent = response.sessionState.intent?.name ?? '';
    const confidence = response.interpretations.find((i) => i.intent.name === predictedIntent)?.nluConfidence?.score ?? 0;
    const goldSlots = example.slots.map(({ name, start, end }) => ({ name, start, end }));
    const predictedSlots = slotSpans(example.text, response.sessionState.intent?.slots);
    if (predictedIntent === example.intent) correctIntents += 1;
    if (example.intent === fallbackIntentName) {
      outOfScope += 1;
      if (predictedIntent === fallbackIntentName) fellBack += 1;
    }
    countSpans(goldSlots, predictedSlots, counts);
    onPrediction?.({ text: example.text, goldIntent: example.intent, predictedIntent, confidence, goldSlots, predictedSlots });
  });
  const scores = spanScores(counts);
  latencies.sort((a, b) => a - b);
  return {
    intentAccuracy: round(correctIntents / examples.length),
    slotPrecision: round(scores.precision),
    slotRecall: round(scores.recall),
    slotF1: round(scores.f1),
    n: examples.length,
    trainMs: Math.round(trainMs),
    p50Ms: round(percentile(latencies, 0.5), 3),
    p99Ms: round(percentile(latencies, 0.99), 3),
    ...(outOfScope === 0 ? {} : { outOfScopeN: outOfScope, outOfScopeRecall: round(fellBack / outOfScope) }),
    ...(outOfScope === 0 || outOfScope === examples.length ? {} : { inScopeAccuracy: round((correctIntents - fellBack) / (examples.length - outOfScope)) }),
  };
}
