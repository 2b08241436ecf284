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

interface IndexedContext {
  context: SlotContext;
  /** Position in the slot's list of contexts: ties go to the earlier one. */
  order: number;
}

/**
 * Contexts with a prefix, grouped by the prefix's last word: a large bot has hundreds of carriers
 * per slot, and only those ending in the word before a position can match there. Built once per
 * contexts list (the slot filler keeps its lists for the bot's life).
 */
const indexes = new WeakMap<readonly SlotContext[], Map<string, IndexedContext[]>>();

function byLastWord(contexts: readonly SlotContext[]): Map<string, IndexedContext[]> {
  let index = indexes.get(contexts);
  if (index) return index;
  index = new Map();
  for (let order = 0; order < contexts.length; order += 1) {
    const context = contexts[order] as SlotContext;
    const last = context.prefix[context.prefix.length - 1];
    if (last === undefined) continue;
    const list = index.get(last);
    if (list) list.push({ context, order });
    else index.set(last, [{ context, order }]);
  }
  indexes.set(contexts, index);
  return index;
}

/**
 * The best span after a matching carrier prefix (and before its suffix), or null: the most
 * carrier words matched wins, ties go to the earlier context, then the earlier position.
 */
export function findByCarrier(tokens: readonly Token[], contexts: readonly SlotContext[]): TokenSpan | null {
  const words = tokens.map((t) => t.norm);
  const index = byLastWord(contexts);
  let best: TokenSpan | null = null;
  let bestOrder = Infinity;
  for (let p = 1; p <= words.length; p += 1) {
    const candidates = index.get(words[p - 1] as string);
    if (!candidates) continue;
    for (const { context, order } of candidates) {
      const matched = tailMatch(words, p, context.prefix);
      // One matching word is too weak unless the carrier itself is a single word.
      if (matched < 2 && context.prefix.length > 1) continue;
      // A suffix adds at most one word of evidence: skip carriers that cannot win.
      const bound = matched + (context.suffix.length > 0 ? 1 : 0);
      if (best && (bound < best.evidence || (bound === best.evidence && order >= bestOrder))) continue;
      const span = spanFrom(words, p, context.suffix);
      if (!span) continue;
      const evidence = matched + span.suffixMatched;
      if (!best || evidence > best.evidence || (evidence === best.evidence && order < bestOrder)) {
        best = { ...trimFillers(words, span), evidence };
        bestOrder = order;
      }
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
