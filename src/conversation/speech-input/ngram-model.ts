/**
 * A trigram language model in the ARPA text format that pocketsphinx reads, trained from the
 * bot's sentences with interpolated Witten-Bell smoothing (it needs no held-out data and copes
 * with the tiny corpora bots have). Witten-Bell's interpolation weight is exactly the ARPA
 * backoff weight, so the file says the same thing as the interpolated model.
 */
import type { WeightedSentence } from './bot-sentences.js';

export const SENTENCE_START = '<s>';
export const SENTENCE_END = '</s>';
const ORDER = 3;
/** ARPA's log10 for "never": <s> is a context, not a word to predict. */
const NEVER = -99;

interface Context {
  total: number;
  next: Map<string, number>;
}

export class NgramModel {
  /** contexts[k]: contexts of k words (k = 0..ORDER-1), keyed by the words joined with a space. */
  readonly #contexts: Array<Map<string, Context>> = Array.from({ length: ORDER }, () => new Map());
  readonly #vocabulary: string[];

  constructor(sentences: readonly WeightedSentence[]) {
    const words = new Set<string>();
    for (const sentence of sentences) {
      const tokens = [SENTENCE_START, ...sentence.words, SENTENCE_END];
      for (const word of sentence.words) words.add(word);
      for (let i = 1; i < tokens.length; i += 1) {
        for (let k = 0; k < ORDER && i - k >= 0; k += 1) this.#count(tokens.slice(i - k, i), tokens[i] as string, sentence.count);
      }
    }
    this.#vocabulary = [...words, SENTENCE_END].sort();
  }

  /** The words the model can predict (</s> included). */
  get vocabulary(): readonly string[] {
    return this.#vocabulary;
  }

  /** P(word | history), history being the last ORDER-1 words or fewer. */
  probability(history: readonly string[], word: string): number {
    const k = Math.min(history.length, ORDER - 1);
    if (k === 0) {
      const root = this.#contexts[0]?.get('');
      const types = root?.next.size ?? 0;
      const uniform = 1 / this.#vocabulary.length;
      return ((root?.next.get(word) ?? 0) + types * uniform) / ((root?.total ?? 0) + types);
    }
    const lower = this.probability(history.slice(history.length - k + 1), word);
    const context = this.#contexts[k]?.get(history.slice(history.length - k).join(' '));
    if (context === undefined) return lower;
    return ((context.next.get(word) ?? 0) + context.next.size * lower) / (context.total + context.next.size);
  }

  /** The model as an ARPA file. */
  toArpa(): string {
    const sections: string[][] = [];
    // Unigrams: every word of the vocabulary, then n-grams seen in training.
    const unigrams = [`${NEVER.toFixed(4)}\t${SENTENCE_START}${this.#backoffSuffix([SENTENCE_START])}`];
    for (const word of this.#vocabulary) unigrams.push(`${log10(this.probability([], word))}\t${word}${this.#backoffSuffix([word])}`);
    sections.push(unigrams);
    for (let k = 1; k < ORDER; k += 1) {
      const lines: string[] = [];
      for (const [key, context] of [...(this.#contexts[k] ?? new Map<string, Context>())].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const history = key.split(' ');
        for (const word of [...context.next.keys()].sort()) {
          const gram = [...history, word];
          lines.push(`${log10(this.probability(history, word))}\t${gram.join(' ')}${k + 1 < ORDER ? this.#backoffSuffix(gram) : ''}`);
        }
      }
      sections.push(lines);
    }
    const header = ['\\data\\', ...sections.map((lines, i) => `ngram ${i + 1}=${lines.length}`), ''];
    const body = sections.flatMap((lines, i) => [`\\${i + 1}-grams:`, ...lines, '']);
    return [...header, ...body, '\\end\\', ''].join('\n');
  }

  #count(history: string[], word: string, count: number): void {
    const contexts = this.#contexts[history.length] as Map<string, Context>;
    const key = history.join(' ');
    let context = contexts.get(key);
    if (context === undefined) {
      context = { total: 0, next: new Map() };
      contexts.set(key, context);
    }
    context.total += count;
    context.next.set(word, (context.next.get(word) ?? 0) + count);
  }

  /** Witten-Bell: the weight left for unseen followers of `gram` is T / (c + T). */
  #backoffSuffix(gram: readonly string[]): string {
    if (gram.length >= ORDER) return '';
    const context = this.#contexts[gram.length]?.get(gram.join(' '));
    if (context === undefined) return '';
    return `\t${log10(context.next.size / (context.total + context.next.size))}`;
  }
}

function log10(p: number): string {
  return (p > 0 ? Math.log10(p) : NEVER).toFixed(6);
}
