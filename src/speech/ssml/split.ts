import { SPEECH_ERROR_CODES, speechError } from '../errors.js';
import { type ElementView, type Leaf, billedLength, flattenSsml, serializeLeaves } from './flatten.js';
import { parseSsml } from './parse.js';
import type { SsmlElement } from './tree.js';

/** SynthesizeSpeech limits: billed characters exclude SSML tags; total counts everything. */
export interface SplitLimits {
  maxBilledChars: number;
  maxTotalChars: number;
}

export const POLLY_LIMITS: Readonly<SplitLimits> = { maxBilledChars: 3_000, maxTotalChars: 6_000 };

/** One request's worth of SSML. */
export interface SsmlPiece {
  ssml: string;
  billedCharacters: number;
}

export interface SplitOptions {
  limits?: SplitLimits;
  view?: ElementView;
  /** Elements wrapped around every piece's content (a profile's default prosody). */
  wrap?: SsmlElement[];
}

/**
 * Splits a document into requests under Polly's limits, at sentence boundaries where it can
 * (then at spaces, then anywhere), each a complete `<speak>` with balanced tags. No text is lost
 * or reordered. Throws PARLEY_SPEECH_INVALID_SSML for malformed input and
 * PARLEY_SPEECH_TEXT_TOO_LONG when one unsplittable element (a long `<sub>`) exceeds the limits.
 */
export function splitSsml(source: string | SsmlElement, options: SplitOptions = {}): SsmlPiece[] {
  const root = typeof source === 'string' ? parseRoot(source) : source;
  return splitLeaves(root, flattenSsml(root), options);
}

/**
 * One piece per sentence, each a complete `<speak>` with balanced tags (a sentence over the limits
 * is cut further, as splitSsml does), so a reply can be spoken sentence by sentence. Sentences
 * without words (a lone break) are left out. Throws as splitSsml does.
 */
export function splitSentences(source: string | SsmlElement, options: SplitOptions = {}): SsmlPiece[] {
  const root = typeof source === 'string' ? parseRoot(source) : source;
  const spoken = (leaf: Leaf): boolean => leaf.node.kind === 'text' && leaf.node.text.trim() !== '';
  return sentencesOf(flattenSsml(root))
    .filter((sentence) => sentence.some(spoken))
    .flatMap((sentence) => splitLeaves(root, sentence, options));
}

export function splitLeaves(root: SsmlElement, leaves: readonly Leaf[], options: SplitOptions = {}): SsmlPiece[] {
  const limits = options.limits ?? POLLY_LIMITS;
  const write = (run: readonly Leaf[]): string => serializeLeaves(root, run, options.view, options.wrap);
  const fits = (run: readonly Leaf[]): boolean => billedLength(run) <= limits.maxBilledChars && write(run).length <= limits.maxTotalChars;
  const pieces: SsmlPiece[] = [];
  let current: Leaf[] = [];
  const flush = (): void => {
    if (current.length > 0) pieces.push({ ssml: write(current), billedCharacters: billedLength(current) });
    current = [];
  };
  for (const sentence of sentencesOf(leaves)) {
    for (const unit of fits(sentence) ? [sentence] : smallerUnits(sentence, fits)) {
      if (current.length > 0 && !fits([...current, ...unit])) flush();
      current.push(...unit);
    }
  }
  flush();
  return pieces;
}

function sentencesOf(leaves: readonly Leaf[]): Leaf[][] {
  const sentences: Leaf[][] = [];
  let sentence: Leaf[] = [];
  for (const leaf of leaves) {
    sentence.push(leaf);
    if (leaf.endsSentence) {
      sentences.push(sentence);
      sentence = [];
    }
  }
  if (sentence.length > 0) sentences.push(sentence);
  return sentences;
}

/** Word-sized units of an over-long sentence; a word still too long is cut into chunks. */
function smallerUnits(sentence: readonly Leaf[], fits: (run: readonly Leaf[]) => boolean): Leaf[][] {
  const units: Leaf[][] = [];
  for (const leaf of sentence) {
    if (leaf.node.kind !== 'text') {
      if (!fits([leaf])) throw speechError(SPEECH_ERROR_CODES.textTooLong, `<${leaf.node.name}> alone exceeds Polly's request limits`);
      units.push([leaf]);
      continue;
    }
    for (const word of leaf.node.text.match(/\S*\s*/g) ?? []) {
      if (word === '') continue;
      const piece = (text: string): Leaf => ({ node: { kind: 'text', text, position: leaf.node.position }, path: leaf.path, endsSentence: false });
      if (fits([piece(word)])) units.push([piece(word)]);
      else units.push(...chunk(word, fits, piece).map((text) => [piece(text)]));
    }
  }
  return units;
}

function chunk(word: string, fits: (run: readonly Leaf[]) => boolean, piece: (text: string) => Leaf): string[] {
  let size = word.length;
  while (size > 1 && !fits([piece(word.slice(0, size))])) size = Math.floor(size / 2);
  const chunks: string[] = [];
  for (let i = 0; i < word.length; i += size) chunks.push(word.slice(i, i + size));
  return chunks;
}

function parseRoot(source: string): SsmlElement {
  const parsed = parseSsml(source);
  if (!parsed.ok) throw speechError(SPEECH_ERROR_CODES.invalidSsml, 'SSML is not well-formed', { diagnostics: parsed.diagnostics });
  return parsed.root;
}
