/**
 * Free text slots (AMAZON.FreeFormInput, names, ORIGINAL_VALUE types with an unknown value) have
 * no vocabulary, so the span is located by the carrier phrases of the sample utterances:
 * "tell me more about {ItemName}" puts ItemName after "about" and up to the next carrier word.
 */
import type { Token } from './text-normalize.js';
import type { SlotContext } from './utterance-templates.js';

export interface TokenSpan {
  startToken: number;
  endToken: number;
  /** How many carrier words matched: higher is surer. */
  evidence: number;
}

const LEADING_FILLERS = new Set(['the', 'a', 'an', 'my', 'some']);

/** The best span after a matching carrier prefix (and before its suffix), or null. */
export function findByCarrier(tokens: readonly Token[], contexts: readonly SlotContext[]): TokenSpan | null {
  const words = tokens.map((t) => t.norm);
  let best: TokenSpan | null = null;
  for (const context of contexts) {
    if (context.prefix.length === 0) continue;
    for (let p = 1; p <= words.length; p += 1) {
      const matched = tailMatch(words, p, context.prefix);
      // One matching word is too weak unless the carrier itself is a single word.
      if (matched === 0 || (matched < 2 && context.prefix.length > 1)) continue;
      const span = spanFrom(words, p, context.suffix);
      if (span && (!best || matched + span.suffixMatched > best.evidence)) best = { ...trimFillers(words, span), evidence: matched + span.suffixMatched };
    }
  }
  return best && best.endToken > best.startToken ? best : null;
}

/** The whole utterance as the value, minus leading articles: used when this slot is elicited. */
export function wholeUtterance(tokens: readonly Token[]): TokenSpan | null {
  const span = trimFillers(tokens.map((t) => t.norm), { startToken: 0, endToken: tokens.length });
  return span.endToken > span.startToken ? { ...span, evidence: 0 } : null;
}

/** How many words of `prefix` (from its end) occur right before position p. */
function tailMatch(words: readonly string[], p: number, prefix: readonly string[]): number {
  let n = 0;
  while (n < prefix.length && p - 1 - n >= 0 && words[p - 1 - n] === prefix[prefix.length - 1 - n]) n += 1;
  return n;
}

function spanFrom(words: readonly string[], p: number, suffix: readonly string[]): { startToken: number; endToken: number; suffixMatched: number } | null {
  if (p >= words.length) return null;
  if (suffix.length === 0) return { startToken: p, endToken: words.length, suffixMatched: 0 };
  for (let q = p + 1; q < words.length; q += 1) {
    if (words[q] === suffix[0]) return { startToken: p, endToken: q, suffixMatched: 1 };
  }
  return { startToken: p, endToken: words.length, suffixMatched: 0 };
}

function trimFillers(words: readonly string[], span: { startToken: number; endToken: number }): { startToken: number; endToken: number } {
  let start = span.startToken;
  while (start < span.endToken - 1 && LEADING_FILLERS.has(words[start] ?? '')) start += 1;
  return { startToken: start, endToken: span.endToken };
}
