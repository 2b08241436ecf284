/**
 * The slot tagger of one bot locale: trained when the bot loads from the sample utterances with
 * their {Slot} placeholders filled by slot-type values (the placeholders give the BIO labels), then
 * asked for slot spans of an utterance given its intent.
 */
import type { BotLocaleDefinition, IntentDefinition } from './bot-model.js';
import { isFallbackIntent } from './nlu-training-data.js';
import { SeededRandom } from './seeded-random.js';
import { gazetteerOf, sentenceFeatures, type Gazetteer } from './slot-tagger-features.js';
import { segmentTable, type SegmentTable } from './slot-tagger-segments.js';
import { beginTag, insideTag, OUTSIDE_TAG, slotOfTag, SlotTagger, type SlotTaggerWeights, type TaggedSequence } from './slot-tagger.js';
import { pickSample, sampleValuesFor } from './slot-samples.js';
import { opennessByType, wordsInSeveralPhrases } from './slot-tagger-unseen.js';
import type { SlotTypeRegistry } from './slot-type-registry.js';
import { tokenize, type Token } from './text-normalize.js';
import { parseTemplate } from './utterance-templates.js';
import { trainingView } from './training-order.js';

export interface TaggedSpan {
  slotName: string;
  startToken: number;
  endToken: number;
}

/**
 * The tagger's spans of one utterance, plus the slots it was trained on so often that finding no
 * span for them is itself an answer (a guess from carrier words is then not taken).
 */
export type TaggedSpans = TaggedSpan[] & { trustedSlots?: ReadonlySet<string> };

/** What training produced, enough to rebuild the tagger without training (see slot-tagger-worker.ts). */
export interface TrainedLocaleSlotTagger extends SlotTaggerWeights {
  vocabulary: string[];
  trainingMs: number;
}

export interface LocaleSlotTaggerOptions {
  seed: number | string;
  /** Roughly how many expanded utterances to train on; small bots get more expansions each. */
  sequenceBudget?: number;
  epochs?: number;
  /** Probability that a slot value's gazetteer flags are kept in training. */
  gazetteerKeep?: number;
  /** Probability that a slot value is shown as an unseen one in training (see unseenWords). */
  unknownValueRate?: number;
  /**
   * How a value shown as unseen looks: 'all' replaces all its words by the unknown word; 'rare'
   * only those found in no other value or sample utterance (the words it would bring to the
   * vocabulary), since an unseen title at run time mixes known words ("of", "the", "night") with
   * new ones. Default 'rare'.
   */
  unseenWords?: 'all' | 'rare';
  /**
   * Scale each slot type's unknownValueRate by how open its list looks (see opennessByType): a
   * closed list rarely meets an unseen value at run time. Default true.
   */
  unseenByOpenness?: boolean;
  /**
   * Keep a closed list's gazetteer flags more often (1 - (1 - gazetteerKeep) * openness): its
   * values are listed at run time. Default true. SNIPS dev, two seeds: without 0.929/0.929, with
   * 0.934/0.931 (docs/conversation.md, "Slot tagger").
   */
  gazetteerByOpenness?: boolean;
  /**
   * Share of slot values drawn by list rank (Zipf) rather than uniformly (see pickSample), for bots
   * whose templates are expanded fewer than MAX_EXPANSIONS times. On SNIPS dev (two seeds): 0 ->
   * span F1 0.879, 0.3 -> 0.888, 0.5 -> 0.884.
   */
  headShare?: number;
  /**
   * Longest slot value (in words) scored as one segment, semi-Markov (see SlotTagger.decodeSegments);
   * 0 decodes word by word over BIO tags. Default: DEFAULT_SEGMENT_LENGTH for large bots, else 0.
   */
  segmentLength?: number;
}

// Eight passes over a large bot's sequences: on SNIPS dev, 5 -> 8 epochs is span F1 0.882 -> 0.887.
const DEFAULTS = { sequenceBudget: 28_000, epochs: 8, gazetteerKeep: 0.3, unknownValueRate: 0.25, headShare: 0.3, unseenWords: 'rare' as 'all' | 'rare', unseenByOpenness: true, gazetteerByOpenness: true };
/**
 * Slot values of up to ten words are decoded as whole segments (99.97% of SNIPS's training
 * values), in bots with SEGMENT_MIN_TEMPLATES sample utterances with slots or more. Segment
 * features learn where values end from many carriers; from a handful of templates they overfit
 * (a five-template test bot finds fewer unseen names with them), so small bots tag word by word.
 */
const DEFAULT_SEGMENT_LENGTH = 10;
const SEGMENT_MIN_TEMPLATES = 1000;
/**
 * Segment decoding costs about twice the word-by-word decoding per pass; on SNIPS dev 6 passes
 * score as 8 (span F1 0.8969/0.8946 against 0.8955/0.8982, two seeds) at about 25% less CPU.
 */
const SEGMENT_EPOCHS = 6;
/** Sample utterances with a slot from which the tagger's silence about that slot is trusted. */
const TRUSTED_SLOT_TEMPLATES = 50;
const SMALL_BOT_SEQUENCES = 2000;
/** A few hundred sequences need more passes to settle, and train in milliseconds anyway. */
const SMALL_BOT_EPOCHS = 10;
/** One utterance's tokens as the tagger reads them, its gazetteer flags and segments, and its decodes by intent. */
interface LastUtterance {
  tokens: readonly Token[];
  known: Token[];
  gazetteer: Gazetteer;
  /** Built on the first segment decode: the same for every intent. */
  segments?: SegmentTable;
  decodes: Map<string, { tags: Int32Array; score: number }>;
}

/** Stands for a word the tagger never saw, so that unseen names are tagged by their context. */
const UNKNOWN = '<unk>';
const MAX_EXPANSIONS = 8;

export class LocaleSlotTagger {
  readonly trainingMs: number;
  private readonly registry: SlotTypeRegistry;
  private readonly slotNames: string[];
  private readonly allowedByIntent = new Map<string, Int32Array>();
  private readonly tagger: SlotTagger;
  private readonly vocabulary = new Set<string>();
  private readonly trustedSlots = new Set<string>();
  private last: LastUtterance | null = null;
  /** Longest value decoded as one segment; 0 when decoding word by word (see LocaleSlotTaggerOptions). */
  readonly segmentLength: number;

  /** With `trained` (the same locale's training result, e.g. from a worker), nothing is trained here. */
  /** @param onProgress told after each training epoch (not when `trained` is given) */
  constructor(bot: BotLocaleDefinition, registry: SlotTypeRegistry, options: LocaleSlotTaggerOptions, trained?: TrainedLocaleSlotTagger, onProgress?: (done: number, total: number) => void) {
    const started = performance.now();
    const locale = trainingView(bot);
    this.registry = registry;
    this.slotNames = [...new Set(locale.intents.flatMap((i) => i.slots.map((s) => s.name)))];
    for (const intent of locale.intents) {
      const allowed = [OUTSIDE_TAG, ...intent.slots.flatMap((s) => [beginTag(this.slot(s.name)), insideTag(this.slot(s.name))])];
      this.allowedByIntent.set(intent.name, Int32Array.from(allowed));
    }
    const templateCounts = new Map<string, number>();
    for (const intent of locale.intents) {
      for (const u of intent.sampleUtterances) for (const s of intent.slots) if (u.includes(`{${s.name}}`)) templateCounts.set(s.name, (templateCounts.get(s.name) ?? 0) + 1);
    }
    for (const [name, count] of templateCounts) if (count >= TRUSTED_SLOT_TEMPLATES) this.trustedSlots.add(name);
    this.tagger = new SlotTagger(this.slotNames.length);
    this.segmentLength = options.segmentLength ?? (slotTemplates(locale) >= SEGMENT_MIN_TEMPLATES ? DEFAULT_SEGMENT_LENGTH : 0);
    if (!Number.isInteger(this.segmentLength) || this.segmentLength < 0) throw new RangeError(`segmentLength must be a whole number >= 0, got ${this.segmentLength}`);
    if (trained) {
      this.tagger.importWeights(trained);
      for (const word of trained.vocabulary) this.vocabulary.add(word);
      this.trainingMs = trained.trainingMs;
      return;
    }
    const settings = { ...DEFAULTS, ...options };
    const sequences = this.trainingSequences(locale, settings, new SeededRandom(`${options.seed}:tagger-data`));
    const largeBotEpochs = this.segmentLength > 0 ? SEGMENT_EPOCHS : settings.epochs;
    const epochs = options.epochs ?? (sequences.length < SMALL_BOT_SEQUENCES ? SMALL_BOT_EPOCHS : largeBotEpochs);
    if (sequences.length > 0) this.tagger.train(sequences, { epochs, seed: `${options.seed}:tagger`, onEpoch: (done) => onProgress?.(done, epochs) });
    else onProgress?.(0, 0);
    this.trainingMs = performance.now() - started;
  }

  /** The training result, for rebuilding this tagger elsewhere (its weight buffers are shared). */
  exportTrained(): TrainedLocaleSlotTagger {
    return { ...this.tagger.exportWeights(), vocabulary: [...this.vocabulary], trainingMs: this.trainingMs };
  }

  /** Slot spans of the utterance for this intent's slots; none for an intent without slots. */
  spans(tokens: readonly Token[], intentName: string): TaggedSpans {
    const tags = this.decoded(tokens, intentName);
    if (tags === undefined) return [];
    const spans: TaggedSpans = Object.assign<TaggedSpan[], { trustedSlots: ReadonlySet<string> }>([], { trustedSlots: this.trustedSlots });
    let open: TaggedSpan | null = null;
    tags.forEach((tag, i) => {
      if (tag !== OUTSIDE_TAG && tag === insideTag(slotOfTag(tag)) && open && open.slotName === this.slotNames[slotOfTag(tag)]) {
        open.endToken = i + 1;
        return;
      }
      open = tag === OUTSIDE_TAG ? null : { slotName: this.slotNames[slotOfTag(tag)] as string, startToken: i, endToken: i + 1 };
      if (open) spans.push(open);
    });
    return spans;
  }

  /**
   * How well the utterance reads as this intent's: the score of its best segmentation into the
   * intent's slots (its sum of feature weights). Only decoders by segment have it (large bots);
   * undefined otherwise, and for an intent without slots.
   */
  readingScore(tokens: readonly Token[], intentName: string): number | undefined {
    if (this.segmentLength === 0) return undefined;
    const scored = { score: NaN };
    return this.decoded(tokens, intentName, scored) === undefined || !Number.isFinite(scored.score) ? undefined : scored.score;
  }

  private decoded(tokens: readonly Token[], intentName: string, scored?: { score: number }): Int32Array | undefined {
    const allowed = this.allowedByIntent.get(intentName);
    if (!allowed || allowed.length <= 1 || tokens.length === 0) return undefined;
    const utterance = this.utterance(tokens);
    let decode = utterance.decodes.get(intentName);
    if (decode === undefined) {
      const features = sentenceFeatures(utterance.known, intentName, utterance.gazetteer);
      const score = { score: NaN };
      let tags: Int32Array;
      if (this.segmentLength > 0) {
        utterance.segments ??= segmentTable(utterance.known.map((t) => t.norm), utterance.gazetteer, this.segmentLength);
        tags = this.tagger.decodeSegments(features, allowed, utterance.segments, score);
      } else {
        tags = this.tagger.decode(features, allowed);
      }
      decode = { tags, score: score.score };
      utterance.decodes.set(intentName, decode);
    }
    if (scored) scored.score = decode.score;
    return decode.tags;
  }

  /**
   * What the tagger derives from the utterance alone, and its decodes so far, for the last
   * utterance asked about: a close call reads it under two intents (readingScore), then the chosen
   * intent's slots are filled (spans), and each would otherwise redo the gazetteer and the decode.
   */
  private utterance(tokens: readonly Token[]): LastUtterance {
    if (this.last?.tokens !== tokens) {
      this.last = {
        tokens,
        known: tokens.map((t) => (this.vocabulary.has(t.norm) ? t : { ...t, norm: UNKNOWN })),
        gazetteer: gazetteerOf(tokens, this.registry),
        decodes: new Map(),
      };
    }
    return this.last;
  }

  private slot(name: string): number {
    return this.slotNames.indexOf(name);
  }

  private trainingSequences(locale: BotLocaleDefinition, settings: typeof DEFAULTS, random: SeededRandom): TaggedSequence[] {
    const work = locale.intents
      .filter((intent) => !isFallbackIntent(intent) && intent.slots.length > 0)
      .flatMap((intent) => [...intent.sampleUtterances, ...intent.slots.flatMap((s) => s.sampleUtterances)].map((source) => ({ intent, source })));
    const withSlots = work.filter((w) => w.source.includes('{')).length;
    const expansions = Math.max(1, Math.min(MAX_EXPANSIONS, Math.round(settings.sequenceBudget / Math.max(1, withSlots))));
    const samples = new Map<string, readonly string[]>();
    const sharedWords = settings.unseenWords === 'rare' ? wordsInSeveralPhrases(work, this.registry) : undefined;
    const openness = opennessByType(work, this.registry);
    const sequences: TaggedSequence[] = [];
    // A bot with few templates expands each many times, which covers its lists uniformly; the
    // rank prior is for large bots, whose templates see a value or two each.
    const effective = expansions < MAX_EXPANSIONS ? settings : { ...settings, headShare: 0 };
    for (const { intent, source } of work) {
      const count = source.includes('{') ? expansions : 1;
      for (let n = 0; n < count; n += 1) sequences.push(this.expand(intent, source, samples, random, effective, { sharedWords, openness }));
    }
    return sequences;
  }

  private expand(
    intent: IntentDefinition, source: string, samples: Map<string, readonly string[]>, random: SeededRandom, settings: typeof DEFAULTS,
    unseen: { sharedWords: ReadonlySet<string> | undefined; openness: ReadonlyMap<string, number> },
  ): TaggedSequence {
    const tokens: Token[] = [];
    const tags: number[] = [];
    const useGazetteer: boolean[] = [];
    for (const part of parseTemplate(source).parts) {
      if (part.kind === 'words') {
        for (const w of part.words) { tokens.push({ text: w, norm: w, start: 0, end: 0 }); tags.push(OUTSIDE_TAG); useGazetteer.push(true); this.vocabulary.add(w); }
        continue;
      }
      const typeName = intent.slots.find((s) => s.name === part.slotName)?.slotTypeName ?? 'AMAZON.FreeFormInput';
      let values = samples.get(typeName);
      if (!values) { values = sampleValuesFor(typeName, this.registry); samples.set(typeName, values); }
      const valueTokens = values.length > 0 ? tokenize(pickSample(values, random, settings.headShare)) : [];
      const slot = this.slot(part.slotName);
      const open = unseen.openness.get(typeName) ?? 1;
      const kept = random.next() < (settings.gazetteerByOpenness ? 1 - (1 - settings.gazetteerKeep) * open : settings.gazetteerKeep);
      // An unseen value looks like this at run time: its new words unknown and no gazetteer flags.
      const unknown = random.next() < settings.unknownValueRate * (settings.unseenByOpenness ? open : 1);
      valueTokens.forEach((t, i) => {
        const hidden = unknown && !unseen.sharedWords?.has(t.norm);
        if (!hidden) this.vocabulary.add(t.norm);
        tokens.push(hidden ? { ...t, norm: UNKNOWN } : t);
        tags.push(slot < 0 ? OUTSIDE_TAG : i === 0 ? beginTag(slot) : insideTag(slot));
        useGazetteer.push(kept && !unknown);
      });
    }
    const gazetteer = gazetteerOf(tokens, this.registry);
    const sequence: TaggedSequence = {
      features: sentenceFeatures(tokens, intent.name, gazetteer, useGazetteer),
      tags: Int32Array.from(tags),
      allowed: this.allowedByIntent.get(intent.name) ?? Int32Array.of(OUTSIDE_TAG),
    };
    if (this.segmentLength > 0) {
      const visible = gazetteer.map((flags, i) => (useGazetteer[i] === false ? [] : flags));
      sequence.segments = segmentTable(tokens.map((t) => t.norm), visible, this.segmentLength);
    }
    return sequence;
  }
}

/** Sample utterances (intents' and slots') with a {Slot} placeholder, as the tagger trains on. */
function slotTemplates(locale: BotLocaleDefinition): number {
  let n = 0;
  for (const intent of locale.intents) {
    if (isFallbackIntent(intent) || intent.slots.length === 0) continue;
    for (const source of [...intent.sampleUtterances, ...intent.slots.flatMap((s) => s.sampleUtterances)]) if (source.includes('{')) n += 1;
  }
  return n;
}
