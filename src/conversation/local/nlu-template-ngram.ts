/**
 * A class n-gram language model of each intent's sample utterances for the template vote
 * (nlu-template-model.ts): tokens are carrier words and slot-type tokens, with <s> and </s>.
 * Lex refuses duplicate sample utterances, so a bot keeps one copy of a phrasing however often its
 * author's data used it; what survives is how broadly an intent uses a carrier pattern (eight
 * templates beginning "when is {movie} playing" against one), which an n-gram over the templates
 * sees and exact-template matching does not. P(text | intent) sums (or maximizes) over the ways
 * to read the words as carrier words and slot fillers, each filler scored by its type's filler model.
 */

export type NgramSmoothing = 'witten-bell' | 'kneser-ney';

export interface NgramOptions {
  order: 2 | 3;
  smoothing: NgramSmoothing;
  /** Sum over readings (true) or take the best one (Viterbi). */
  sum: boolean;
}

/** Absolute discount of interpolated Kneser-Ney (the usual single value). */
const KN_DISCOUNT = 0.75;
/** Longest slot filler tried, as in the exact-template model. */
const MAX_SPAN_WORDS = 16;
/** Histories and word steps memoized per intent at most (then the memo starts over). */
const MEMO_LIMIT = 50_000;
/**
 * Readings more than this many nats behind the best one at the same position are dropped: without
 * a beam a trigram's histories multiply with every slot filler's possible ends. Five-fold CV of
 * SNIPS's train (bench/nlu-template-vote-cv.ts, seed parley, vote weight 0.1): beam 10 190
 * errors, 0.9 ms per close call; 5: 188, 0.54 ms; 3: 194, 0.35 ms (load 2).
 */
const BEAM = 5;

/**
 * The token alphabet shared by every intent's model: ids for carrier words, slot-type tokens and
 * the sentence marks; a word no template uses gets the unknown id, which no model has counted.
 */
export class TokenAlphabet {
  readonly ids = new Map<string, number>();
  static readonly START = 0;
  static readonly END = 1;
  static readonly UNKNOWN = 2;
  /** Number of ids (known tokens plus the three reserved ones). */
  get size(): number {
    return this.ids.size + 3;
  }

  idOf(token: string): number {
    return this.ids.get(token) ?? TokenAlphabet.UNKNOWN;
  }

  add(token: string): number {
    let id = this.ids.get(token);
    if (id === undefined) {
      id = this.ids.size + 3;
      this.ids.set(token, id);
    }
    return id;
  }
}

interface ContextStats {
  /** Sum of the counts after this context. */
  total: number;
  /** Distinct tokens after it. */
  types: number;
}

/**
 * An interpolated n-gram model over token ids. The lowest order interpolates with a uniform
 * distribution over `baseSize` tokens, so every token (an unseen word included) has a probability
 * and the distribution over the base's tokens sums to one.
 */
export class NgramModel {
  /** Per order k (index k - 1): (context key * radix + token) -> count. */
  private readonly counts: Array<Map<number, number>>;
  /** Per order k: context key -> stats. */
  private readonly contexts: Array<Map<number, ContextStats>>;
  private readonly logBase: number;
  /** radix ** k for k < order. */
  private readonly powers: number[];

  /**
   * @param sequences token-id sequences without the sentence marks
   * @param radix an upper bound of the ids (the alphabet's size), used to pack contexts into keys
   * @param baseSize how many tokens the uniform base spreads its mass over
   */
  constructor(sequences: ReadonlyArray<readonly number[]>, readonly order: number, private readonly radix: number, baseSize: number, readonly smoothing: NgramSmoothing) {
    // N-grams are packed into one number per key: radix ** order must stay exact.
    if (radix ** order > Number.MAX_SAFE_INTEGER) throw new RangeError(`an order-${order} n-gram over ${radix} tokens does not fit in packed keys`);
    this.logBase = -Math.log(baseSize);
    this.powers = Array.from({ length: order }, (_, k) => radix ** k);
    this.counts = Array.from({ length: order }, () => new Map<number, number>());
    this.contexts = Array.from({ length: order }, () => new Map<number, ContextStats>());
    // Raw counts of every order; Kneser-Ney replaces the lower orders' by continuation counts.
    const raw = Array.from({ length: order }, () => new Map<number, number>());
    for (const sequence of sequences) {
      const padded = [...new Array<number>(order - 1).fill(TokenAlphabet.START), ...sequence, TokenAlphabet.END];
      for (let i = order - 1; i < padded.length; i += 1) {
        for (let k = 1; k <= order; k += 1) {
          const key = this.contextKey(padded, i, k - 1) * radix + (padded[i] as number);
          const table = raw[k - 1] as Map<number, number>;
          table.set(key, (table.get(key) ?? 0) + 1);
        }
      }
    }
    for (let k = 1; k <= order; k += 1) {
      let table = raw[k - 1] as Map<number, number>;
      if (smoothing === 'kneser-ney' && k < order) {
        // N1+(. context token): distinct tokens seen before the (k)-gram, from the (k+1)-grams.
        table = new Map();
        const shift = radix ** k;
        for (const key of (raw[k] as Map<number, number>).keys()) {
          const shorter = key % shift;
          table.set(shorter, (table.get(shorter) ?? 0) + 1);
        }
      }
      this.counts[k - 1] = table;
      const stats = this.contexts[k - 1] as Map<number, ContextStats>;
      for (const [key, count] of table) {
        const context = Math.floor(key / radix);
        const s = stats.get(context) ?? { total: 0, types: 0 };
        s.total += count;
        s.types += 1;
        stats.set(context, s);
      }
    }
  }

  /** The key of the k tokens before position i (0 for the empty context). */
  private contextKey(tokens: readonly number[], i: number, k: number): number {
    let key = 0;
    for (let j = i - k; j < i; j += 1) key = key * this.radix + (tokens[j] as number);
    return key;
  }

  /** log P(token | history), the history as a packed key of the last order - 1 tokens (see `next`). */
  logProb(history: number, token: number): number {
    let p = Math.exp(this.logBase);
    for (let k = 1; k <= this.order; k += 1) {
      const context = history % (this.powers[k - 1] as number);
      const stats = (this.contexts[k - 1] as Map<number, ContextStats>).get(context);
      if (!stats) continue;
      const count = (this.counts[k - 1] as Map<number, number>).get(context * this.radix + token) ?? 0;
      p = this.smoothing === 'witten-bell'
        ? (count + stats.types * p) / (stats.total + stats.types)
        : (Math.max(count - KN_DISCOUNT, 0) + KN_DISCOUNT * stats.types * p) / stats.total;
    }
    return Math.log(p);
  }

  /** The history after `token` follows `history`. */
  next(history: number, token: number): number {
    return (history * this.radix + token) % (this.powers[this.order - 1] as number);
  }

  /** The history at the start of a sentence. */
  get startHistory(): number {
    return 0; // TokenAlphabet.START is 0, so order - 1 starts pack to 0.
  }
}

/** Scores a filler of slot type `type` (an index into the intent's types) over words [start, end). */
export type SpanScorer = (type: number, start: number, end: number) => number;

/**
 * One history of an intent's model with what the dynamic programming asks of it, memoized: a turn
 * asks for the same few histories over and over, and packed trigram keys are too large for fast
 * map keys, so the states are these objects instead.
 */
interface History {
  key: number;
  /** The intent's slot-token index this history ends with, -1 when it ends with a word. */
  lastSlot: number;
  /** log P(slot token t | history) and the history after it, per slot token of the intent. */
  slotLogProbs: Float64Array;
  slotNext: Array<History | undefined>;
  endLogProb: number;
  /** Per carrier-word id: log P(word | history) and the history after it. */
  words: Map<number, { logProb: number; next: History }>;
}

/** An intent's n-gram model with its slot-type tokens, scoring texts (see `logLikelihood`). */
export class IntentNgram {
  private histories = new Map<number, History>();
  /** Histories and word steps memoized since the memo last started over. */
  private memoized = 0;

  /**
   * @param slotTokens the alphabet's ids of the slot-type tokens the intent uses
   */
  constructor(private readonly model: NgramModel, readonly slotTokens: readonly number[]) {}

  private history(key: number, lastSlot: number): History {
    let h = this.histories.get(key);
    if (!h) {
      this.remember();
      h = {
        key,
        lastSlot,
        slotLogProbs: Float64Array.from(this.slotTokens, (t) => this.model.logProb(key, t)),
        slotNext: new Array<History | undefined>(this.slotTokens.length),
        endLogProb: this.model.logProb(key, TokenAlphabet.END),
        words: new Map(),
      };
      this.histories.set(key, h);
    }
    return h;
  }

  /** Counts one more memoized entry; past the limit the memo starts over (a server runs for days). */
  private remember(): void {
    this.memoized += 1;
    if (this.memoized > MEMO_LIMIT) {
      this.histories = new Map();
      this.memoized = 0;
    }
  }

  private afterWord(h: History, word: number): { logProb: number; next: History } {
    let step = h.words.get(word);
    if (!step) {
      this.remember();
      step = { logProb: this.model.logProb(h.key, word), next: this.history(this.model.next(h.key, word), -1) };
      h.words.set(word, step);
    }
    return step;
  }

  private afterSlot(h: History, t: number): History {
    let next = h.slotNext[t];
    if (!next) {
      next = this.history(this.model.next(h.key, this.slotTokens[t] as number), t);
      h.slotNext[t] = next;
    }
    return next;
  }

  /**
   * log P(words | intent): over readings of the words as carrier words and slot fillers, dynamic
   * programming over (position, history).
   * @param wordIds the alphabet's id of each word (UNKNOWN for words no template uses)
   */
  logLikelihood(wordIds: readonly number[], span: SpanScorer, sum: boolean): number {
    const n = wordIds.length;
    const combine = sum ? logAdd : Math.max;
    const at: Array<Map<History, number>> = Array.from({ length: n + 1 }, () => new Map());
    // The best score reaching each position so far: a reading already beyond the beam there is
    // not stored at all.
    const bestAt = new Array<number>(n + 1).fill(-Infinity);
    const put = (e: number, h: History, score: number): void => {
      if (score < (bestAt[e] as number) - BEAM) return;
      if (score > (bestAt[e] as number)) bestAt[e] = score;
      const states = at[e] as Map<History, number>;
      const old = states.get(h);
      states.set(h, old === undefined ? score : combine(old, score));
    };
    put(0, this.history(this.model.startHistory, -1), 0);
    // Readings entering a slot at p, by the history after the slot token: those that differ only
    // in older tokens share it, and their fillers are scored once.
    const entering = new Map<History, number>();
    let total = -Infinity;
    for (let p = 0; p <= n; p += 1) {
      const floor = (bestAt[p] as number) - BEAM;
      for (const [h, score] of at[p] as Map<History, number>) {
        if (score < floor) continue;
        if (p === n) {
          total = combine(total, score + h.endLogProb);
          continue;
        }
        const step = this.afterWord(h, wordIds[p] as number);
        put(p + 1, step.next, score + step.logProb);
        for (let t = 0; t < this.slotTokens.length; t += 1) {
          const base = score + (h.slotLogProbs[t] as number);
          if (base < floor) continue;
          const next = this.afterSlot(h, t);
          const old = entering.get(next);
          entering.set(next, old === undefined ? base : combine(old, base));
        }
      }
      const last = Math.min(n, p + MAX_SPAN_WORDS);
      for (const [next, base] of entering) for (let e = p + 1; e <= last; e += 1) put(e, next, base + span(next.lastSlot, p, e));
      entering.clear();
    }
    return total;
  }
}

export function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const max = Math.max(a, b);
  return max + Math.log(Math.exp(a - max) + Math.exp(b - max));
}
