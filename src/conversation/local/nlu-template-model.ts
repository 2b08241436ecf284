/**
 * A second, generative view of intent for the ensemble in intent-recognizer.ts: how well the
 * utterance is explained as one of an intent's sample utterances with each {slot} filled by words
 * that look like that slot type's values. P(intent | text) is proportional to
 * sum over the intent's templates t that fit the text of P(t | intent) * prod over t's slots of
 * P(filler | slot type), with one smoothed unigram word model (and a length model) per slot type
 * learned from its listed values; the best filling of each template counts (Viterbi). Unlike the discriminative classifier it reads a title only as
 * a title ("where is <six words> playing": the six words are judged as movie-name words, the
 * carrier as a whole), which is where the classifier's n-grams confuse intents.
 */
import type { BotLocaleDefinition } from './bot-model.js';
import type { SlotTypeRegistry } from './slot-type-registry.js';
import { tokenize } from './text-normalize.js';
import { parseTemplate } from './utterance-templates.js';

/** How many words an unseen word could be: spreads a type's new-word probability. */
const UNSEEN_WORDS = 100_000;
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

export class TemplateModel {
  private readonly root: Node = { words: new Map(), slots: new Map() };
  private readonly fillers = new Map<string, FillerModel>();
  readonly classCount: number;

  /**
   * @param labels intent names in the classifier's order; intents not listed (the fallback) get
   *   no templates
   * @param exclude templates (by intent label, sample utterance index) to leave out, so that
   *   calibration can score held-out templates with a model that never saw them
   */
  constructor(locale: BotLocaleDefinition, registry: SlotTypeRegistry, labels: readonly string[], exclude?: (label: number, index: number) => boolean) {
    this.classCount = labels.length;
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
        let node = this.root;
        for (const part of parseTemplate(source).parts) {
          if (part.kind === 'words') {
            for (const word of part.words) node = child(node.words, word);
          } else {
            node = child(node.slots, slotTypes.get(part.slotName) ?? 'AMAZON.FreeFormInput');
          }
        }
        node.ends ??= new Map();
        node.ends.set(label, logAdd(node.ends.get(label) ?? -Infinity, logPrior));
      }
    }
  }

  /**
   * log P(text | intent) per label (up to a constant shared by all labels), -Infinity for intents
   * none of whose templates fit the words.
   */
  logLikelihoods(words: readonly string[]): Float64Array {
    const out = new Float64Array(this.classCount).fill(-Infinity);
    // Per slot type: cumulative filler log-probabilities along the words (a span's score is a
    // difference) and the log-probability of each length, computed once per utterance.
    const scorers = new Map<string, { sums: number[]; lengths: Float64Array }>();
    const scorerFor = (type: string): { sums: number[]; lengths: Float64Array } => {
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
    return out;
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

function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const max = Math.max(a, b);
  return max + Math.log(Math.exp(a - max) + Math.exp(b - max));
}
