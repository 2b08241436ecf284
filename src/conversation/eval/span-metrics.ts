/**
 * Span-level slot scores as CoNLL's conlleval counts them: a predicted slot is correct only when
 * its name, start and end all equal a gold slot's.
 */
export interface Span {
  name: string;
  start: number;
  end: number;
}

export interface SpanCounts {
  correct: number;
  predicted: number;
  gold: number;
}

export interface SpanScores {
  precision: number;
  recall: number;
  f1: number;
}

const key = (s: Span): string => `${s.name}\u0000${s.start}\u0000${s.end}`;

/** Adds one utterance's spans to the running counts. */
export function countSpans(gold: readonly Span[], predicted: readonly Span[], into: SpanCounts): SpanCounts {
  const remaining = new Map<string, number>();
  for (const g of gold) remaining.set(key(g), (remaining.get(key(g)) ?? 0) + 1);
  for (const p of predicted) {
    const left = remaining.get(key(p)) ?? 0;
    if (left > 0) {
      into.correct += 1;
      remaining.set(key(p), left - 1);
    }
  }
  into.gold += gold.length;
  into.predicted += predicted.length;
  return into;
}

/** Scores are 0 when nothing was predicted or there was nothing to find, as conlleval reports them. */
export function spanScores(counts: SpanCounts): SpanScores {
  const precision = counts.predicted === 0 ? 0 : counts.correct / counts.predicted;
  const recall = counts.gold === 0 ? 0 : counts.correct / counts.gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}
