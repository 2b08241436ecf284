import { SPEECH_ERROR_CODES, speechError } from '../errors.js';
import { type Leaf, billedLength, flattenSsml, serializeLeaves } from './flatten.js';
import { parseSsml } from './parse.js';
import type { SsmlPiece } from './split.js';
import { attributeValue } from './tree.js';

/** Clause punctuation followed by a space: a speaker pauses here, so audio may be joined here. */
const PHRASE_CUT = /[,;:]["'”’)\]]*\s+|\s+[—–]\s+/g;

/**
 * Cuts one sentence into phrases at clause punctuation (`,` `;` `:` and a spaced dash, each
 * followed by a space) and after a `<break>`, each a complete `<speak>` with balanced tags. Text
 * inside an element kept whole (say-as, sub, phoneme, ...) is never cut, and a phrase without
 * words joins its neighbour. The cut points are where the voice pauses anyway: a phrase ending in
 * its comma keeps the comma's intonation when synthesized alone, whereas a cut inside a phrase
 * (before or after a value in the middle of it) adds a pause and a falling end the whole sentence
 * does not have (docs/audio-cache.md, "Fragments"). Throws PARLEY_SPEECH_INVALID_SSML for
 * malformed input.
 */
export function splitPhrases(sentence: string): SsmlPiece[] {
  const parsed = parseSsml(sentence);
  if (!parsed.ok) throw speechError(SPEECH_ERROR_CODES.invalidSsml, 'SSML is not well-formed', { diagnostics: parsed.diagnostics });
  const root = parsed.root;
  const phrases: Leaf[][] = [[]];
  const current = (): Leaf[] => phrases[phrases.length - 1] as Leaf[];
  for (const leaf of flattenSsml(root)) {
    if (leaf.node.kind !== 'text') {
      current().push(leaf);
      if (leaf.node.name === 'break' && attributeValue(leaf.node, 'strength') !== 'none') phrases.push([]);
      continue;
    }
    const text = leaf.node.text;
    let start = 0;
    for (const match of text.matchAll(PHRASE_CUT)) {
      const end = (match.index ?? 0) + match[0].length;
      current().push({ ...leaf, node: { ...leaf.node, text: text.slice(start, end) } });
      phrases.push([]);
      start = end;
    }
    if (start < text.length) current().push({ ...leaf, node: { ...leaf.node, text: text.slice(start) } });
  }
  const merged: Leaf[][] = [];
  for (const phrase of phrases) {
    if (phrase.length === 0) continue;
    const previous = merged[merged.length - 1];
    // A phrase without words (trailing punctuation, a lone break) belongs to the one before it.
    if (previous !== undefined && (!hasWords(phrase) || !hasWords(previous))) previous.push(...phrase);
    else merged.push([...phrase]);
  }
  return merged.map(trimEdges).map((leaves) => ({ ssml: serializeLeaves(root, leaves), billedCharacters: billedLength(leaves) }));
}

/** The spaces at a cut belong to neither side: the same phrase then has one text (one cache key) wherever it stands. */
function trimEdges(leaves: Leaf[]): Leaf[] {
  const out = [...leaves];
  const first = out[0];
  if (first?.node.kind === 'text') out[0] = { ...first, node: { ...first.node, text: first.node.text.trimStart() } };
  const lastIndex = out.length - 1;
  const last = out[lastIndex];
  if (last?.node.kind === 'text') out[lastIndex] = { ...last, node: { ...last.node, text: last.node.text.trimEnd() } };
  return out.filter((leaf) => leaf.node.kind !== 'text' || leaf.node.text !== '');
}

function hasWords(leaves: readonly Leaf[]): boolean {
  return leaves.some((leaf) => (leaf.node.kind === 'text' ? /[\p{L}\p{N}]/u.test(leaf.node.text) : leaf.node.name !== 'break' && leaf.node.name !== 'mark'));
}
