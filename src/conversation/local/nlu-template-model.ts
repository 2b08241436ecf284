/**
 * A second, generative view of intent for the ensemble in intent-recognizer.ts: how well the
 * utterance is explained as one of an intent's sample utterances with each {slot} filled by words
 * that look like that slot type's values. P(intent | text) is proportional to
 * sum over the intent's templates t that fit the text of P(t | intent) * prod over t's slots of
 * P(filler | slot type), with one smoothed unigram word model (and a length model) per slot type
 * learned from its listed values; the best filling of each template counts (Viterbi). Unlike the discriminative classifier it reads a title only as
 * a title ("where is <six words> playing": the six words are judged as movie-name words, the
 * carrier as a whole), which is where the classifier's n-grams confuse intents. With the `ngram`
 * option, P(text | intent) comes from a class n-gram of the intent's templates instead (or mixed
 * in; nlu-template-ngram.ts): a carrier pattern many of an intent's templates share counts for
 * more than one template, and phrasings that recombine the templates' parts fit too.
 */
import type { BotLocaleDefinition } from './bot-model.js';
import type { SlotTypeRegistry } from './slot-type-registry.js';
import { tokenize } from './text-normalize.js';
import { parseTemplate } from './utterance-templates.js';
import { IntentNgram, logAdd, NgramModel, TokenAlphabet, type NgramOptions } from './nlu-template-ngram.js';

/** How many words an unseen word could be: spreads a type's new-word probability. */
const UNSEEN_WORDS = 100_000;
/**
 * How many words an unseen carrier word could be, in the class n-gram's uniform base. Five-fold CV
 * of SNIPS's train, vote weight 0.2, seeds parley / s2: 1e5 184 / 179, 1e7 184 / 179, 1e9 184 / 180.
 */
const UNSEEN_CARRIER_WORDS = 10_000_000;
/** Longest filler length given its own probability; longer ones share the last bucket. */
const MAX_FILLER_WORDS = 12;
/** Longest filler tried: bounds the work per slot on long utterances (titles are rarely longer). */
const MAX_SPAN_WORDS = 16;
/** log P(word) in a slot of a type without listed values (built-ins, free text). */
const OPEN_WORD_LOG = Math.log(1e-4);
const OPEN_LENGTHS = new Float64Array(MAX_FILLER_WORDS + 1).fill(-Math.log(MAX_FILLER_WORDS));

interface Node {
  words: Map<string, Node>;
  /** Slot edges by slot type name. */
  slots: Map<string, Node>;
  /** Templates ending here: label -> log P(template | intent), summed over duplicates. */
  ends?: Map<number, number>;
}

/** Unigram word model and length model of one slot type's fillers. */
class FillerModel {
  private readonly counts = new Map<string, number>();
  private total = 0;
  private readonly lengths = new Float64Array(MAX_FILLER_WORDS + 1);
  private phrases = 0;
  private table: Float64Array | null = null;

  get lengthTable(): Float64Array {
    this.table ??= this.logLengths();
    return this.table;
  }

  addPhrase(words: readonly string[]): void {
    if (words.length === 0) return;
    for (const w of words) this.counts.set(w, (this.counts.get(w) ?? 0) + 1);
    this.total += words.length;
    const bucket = Math.min(words.length, MAX_FILLER_WORDS);
    this.lengths[bucket] = (this.lengths[bucket] as number) + 1;
    this.phrases += 1;
  }

  /**
   * log P(word), Witten-Bell style: a new word has probability V / (N + V) (V distinct words of N),
   * spread over UNSEEN_WORDS possible words. Additive smoothing instead would make an unseen word
   * far likelier in a small list than in a large one, and a small list would swallow every title.
   */
  logWord(word: string): number {
    const count = this.counts.get(word) ?? 0;
    const denominator = this.total + this.counts.size;
    return count > 0 ? Math.log(count / denominator) : Math.log(this.counts.size / denominator / UNSEEN_WORDS);
  }

  /** log P(length) by length (the last bucket for every longer filler), add-one smoothed. */
  logLengths(): Float64Array {
    return this.lengths.map((count) => Math.log((count + 1) / (this.phrases + MAX_FILLER_WORDS)));
  }
}

export interface TemplateModelOptions {
  /**
   * A class n-gram model of each intent's templates (nlu-template-ngram.ts), mixed with the
   * exact-template model: P = (1 - weight) * P_exact + weight * P_ngram.
   */
  ngram?: NgramOptions & { weight: number };
}

interface IntentLanguageModel {
  ngram: IntentNgram;
  /** The slot types of the n-gram's slot tokens, in the same order. */
  slotTypes: string[];
}

type FillerScorer = { sums: number[]; lengths: Float64Array };

/** A template as tokens: a carrier word, or a placeholder by its slot type. */
type TemplateToken = { word?: string; slotType?: string };

export class TemplateModel {
  private readonly root: Node = { words: new Map(), slots: new Map() };
  private readonly fillers = new Map<string, FillerModel>();
  readonly classCount: number;
  private readonly alphabet = new TokenAlphabet();
  private readonly ngrams: Array<IntentLanguageModel | null>;
  private readonly ngramOptions: TemplateModelOptions['ngram'];
  /** False for a pure n-gram (weight 1): the exact-template trie is then neither built nor read. */
  private readonly usesExact: boolean;

  /**
   * @param labels intent names in the classifier's order; intents not listed (the fallback) get
   *   no templates
   * @param exclude templates (by intent label, sample utterance index) to leave out, so that
   *   calibration can score held-out templates with a model that never saw them
   */
  constructor(locale: BotLocaleDefinition, registry: SlotTypeRegistry, labels: readonly string[], exclude?: (label: number, index: number) => boolean, options: TemplateModelOptions = {}) {
    this.classCount = labels.length;
    this.ngramOptions = options.ngram && options.ngram.weight > 0 ? options.ngram : undefined;
    this.usesExact = this.ngramOptions?.weight !== 1;
    const sequences: TemplateToken[][][] = labels.map(() => []);
    for (const type of registry.all()) {
      if (type.regex || type.definition.values.length === 0) continue;
      const model = new FillerModel();
      for (const v of type.definition.values) for (const phrase of [v.value, ...v.synonyms]) model.addPhrase(tokenize(phrase).map((t) => t.norm));
      this.fillers.set(type.definition.name, model);
    }
    for (const intent of locale.intents) {
      const label = labels.indexOf(intent.name);
      if (label < 0) continue;
      const slotTypes = new Map(intent.slots.map((s) => [s.name, s.slotTypeName]));
      const kept = intent.sampleUtterances.filter((_, i) => !exclude?.(label, i));
      const logPrior = -Math.log(Math.max(1, kept.length));
      for (const source of kept) {
        const sequence = parseTemplate(source).parts.flatMap((part): TemplateToken[] =>
          part.kind === 'words' ? part.words.map((word) => ({ word })) : [{ slotType: slotTypes.get(part.slotName) ?? 'AMAZON.FreeFormInput' }]);
        if (this.usesExact) this.addToTrie(sequence, label, logPrior);
        sequences[label]?.push(sequence);
      }
    }
    this.ngrams = this.ngramOptions ? this.buildNgrams(sequences, this.ngramOptions) : labels.map(() => null);
  }

  private addToTrie(sequence: readonly TemplateToken[], label: number, logPrior: number): void {
    let node = this.root;
    for (const token of sequence) node = token.word !== undefined ? child(node.words, token.word) : child(node.slots, token.slotType as string);
    node.ends ??= new Map();
    node.ends.set(label, logAdd(node.ends.get(label) ?? -Infinity, logPrior));
  }

  private buildNgrams(sequences: TemplateToken[][][], options: NgramOptions): Array<IntentLanguageModel | null> {
    // Slot-type tokens are braced so that no carrier word can be mistaken for one.
    const idOf = (t: TemplateToken): number => this.alphabet.add(t.word ?? `{${t.slotType as string}}`);
    const ids = sequences.map((list) => list.map((sequence) => sequence.map(idOf)));
    const radix = this.alphabet.size;
    // The uniform base covers every token of the alphabet and many unseen words, so a carrier
    // word an intent never used costs the same under every intent, and more than an unlisted word
    // in a slot (UNSEEN_WORDS): otherwise an intent reads another's carrier words as its own
    // unknown ones about as cheaply as a title ("where is search for the lost book playing").
    const baseSize = radix + UNSEEN_CARRIER_WORDS;
    // A trigram's packed keys hold about 200,000 distinct tokens; a bigger bot gets bigrams.
    const order = radix ** options.order <= Number.MAX_SAFE_INTEGER ? options.order : 2;
    return sequences.map((list, label) => {
      if (list.length === 0) return null;
      const slotTypes = [...new Set(list.flatMap((sequence) => sequence.flatMap((t) => (t.slotType === undefined ? [] : [t.slotType]))))];
      const model = new NgramModel(ids[label] as number[][], order, radix, baseSize, options.smoothing);
      return { ngram: new IntentNgram(model, slotTypes.map((type) => this.alphabet.idOf(`{${type}}`))), slotTypes };
    });
  }

  /**
   * log P(text | intent) per label (up to a constant shared by all labels), -Infinity for intents
   * none of whose templates fit the words.
   * @param contenders labels the class n-gram scores (default all); the others get only the
   *   exact-template share (none with a pure n-gram), a lower bound, which is all a vote needs for
   *   intents it cannot lift to the top
   */
  logLikelihoods(words: readonly string[], contenders?: (label: number) => boolean): Float64Array {
    const out = new Float64Array(this.classCount).fill(-Infinity);
    // Per slot type: cumulative filler log-probabilities along the words (a span's score is a
    // difference) and the log-probability of each length, computed once per utterance.
    const scorers = new Map<string, FillerScorer>();
    const scorerFor = (type: string): FillerScorer => {
      let scorer = scorers.get(type);
      if (!scorer) {
        const model = this.fillers.get(type);
        const sums = new Array<number>(words.length + 1).fill(0);
        for (let i = 0; i < words.length; i += 1) sums[i + 1] = (sums[i] as number) + (model ? model.logWord(words[i] as string) : OPEN_WORD_LOG);
        scorer = { sums, lengths: model?.lengthTable ?? OPEN_LENGTHS };
        scorers.set(type, scorer);
      }
      return scorer;
    };
    if (this.usesExact) this.exactLogLikelihoods(words, out, scorerFor);
    if (this.ngramOptions) this.mixNgrams(words, out, scorerFor, this.ngramOptions, contenders);
    return out;
  }

  private mixNgrams(words: readonly string[], out: Float64Array, scorerFor: (type: string) => FillerScorer, options: NgramOptions & { weight: number }, contenders?: (label: number) => boolean): void {
    const wordIds = words.map((w) => this.alphabet.idOf(w));
    const keepExact = Math.log(1 - options.weight);
    const useNgram = Math.log(options.weight);
    this.ngrams.forEach((ngram, label) => {
      if (!ngram) return;
      if (contenders && !contenders(label)) {
        out[label] = keepExact + (out[label] as number);
        return;
      }
      const scorers = ngram.slotTypes.map(scorerFor);
      const span = (t: number, start: number, end: number): number => {
        const { sums, lengths } = scorers[t] as FillerScorer;
        return (sums[end] as number) - (sums[start] as number) + (lengths[Math.min(end - start, MAX_FILLER_WORDS)] as number);
      };
      const ll = ngram.ngram.logLikelihood(wordIds, span, options.sum);
      out[label] = logAdd(keepExact + (out[label] as number), useNgram + ll);
    });
  }

  private exactLogLikelihoods(words: readonly string[], out: Float64Array, scorerFor: (type: string) => FillerScorer): void {
    // Forward pass over the template trie: at[p] = log-probability of the best way the first p
    // words reach the node. A trie node has one parent, so its array is final when it is taken.
    const n = words.length;
    const positionsOf = new Map<string, number[]>();
    words.forEach((w, p) => positionsOf.set(w, [...(positionsOf.get(w) ?? []), p]));
    // Plain arrays, not typed ones: many small typed arrays per turn cost far more to allocate
    // and collect (each has its own backing store).
    const start: number[] = new Array<number>(n + 1).fill(-Infinity);
    start[0] = 0;
    const stack: Array<[Node, number[]]> = [[this.root, start]];
    while (stack.length > 0) {
      const [node, at] = stack.pop() as [Node, number[]];
      if (node.ends && at[n] !== -Infinity) for (const [label, logPrior] of node.ends) out[label] = logAdd(out[label] as number, (at[n] as number) + logPrior);
      // Only the utterance's own words can continue a template: look those up rather than
      // scanning the node's children (the root has hundreds).
      for (const [word, positions] of positionsOf) {
        const next = node.words.get(word);
        if (!next) continue;
        let reached: number[] | null = null;
        for (const p of positions) {
          if (at[p] === -Infinity) continue;
          reached ??= new Array<number>(n + 1).fill(-Infinity);
          reached[p + 1] = at[p] as number;
        }
        if (reached) stack.push([next, reached]);
      }
      for (const [type, next] of node.slots) {
        let reached: number[] | null = null;
        const { sums, lengths } = scorerFor(type);
        for (let p = 0; p < n; p += 1) {
          const from = at[p] as number;
          if (from === -Infinity) continue;
          reached ??= new Array<number>(n + 1).fill(-Infinity);
          const base = from - (sums[p] as number);
          // The best way to fill the slot, not the sum over ways (Viterbi within a template):
          // cheaper, and one filling dominates anyway.
          const last = Math.min(n, p + MAX_SPAN_WORDS);
          for (let e = p + 1; e <= last; e += 1) {
            const score = base + (sums[e] as number) + (lengths[Math.min(e - p, MAX_FILLER_WORDS)] as number);
            if (score > (reached[e] as number)) reached[e] = score;
          }
        }
        if (reached) stack.push([next, reached]);
      }
    }
  }
}

function child(map: Map<string, Node>, key: string): Node {
  let node = map.get(key);
  if (!node) {
    node = { words: new Map(), slots: new Map() };
    map.set(key, node);
  }
  return node;
}
