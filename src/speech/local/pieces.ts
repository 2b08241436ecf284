import { SPEECH_ERROR_CODES, speechError } from '../errors.js';
import { escapeXml } from '../ssml/escape.js';
import { type Leaf, flattenSsml, serializeLeaves } from '../ssml/flatten.js';
import { type Lexicon, applyLexiconAliases } from '../ssml/lexicon.js';
import { parseSsml } from '../ssml/parse.js';
import { type SsmlElement, attributeValue, textOf } from '../ssml/tree.js';

/** Effects the audio chain applies after eSpeak, for a run of text. */
export interface PieceEffects {
  /** Formant scale: 1.25 for `vocal-tract-length="+25%"` (longer tract, lower formants). */
  vocalTractLength: number;
  isWhispered: boolean;
}

/** One eSpeak call: a sentence (or less, where the effects change) in eSpeak's SSML dialect. */
export interface LocalPiece {
  ssml: string;
  /** The spoken text, for sentence marks. */
  text: string;
  effects: PieceEffects;
}

/** Tags eSpeak does not know; their content is kept and their effect applied here (or dropped). */
const UNWRAPPED = new Set(['amazon:effect', 'amazon:domain', 'amazon:auto-breaths', 'amazon:breath', 'phoneme', 'w', 'lang']);

/**
 * Cuts a request's text (plain or SSML) into pieces at sentence ends and wherever local effects
 * change, rewritten for eSpeak: lexicon aliases applied, Amazon tags removed, dB volumes made relative.
 */
export function localPieces(text: string, isSsml: boolean, lexicons: readonly Lexicon[], languageCode: string): LocalPiece[] {
  const parsed = parseSsml(isSsml ? text : `<speak>${escapeXml(text)}</speak>`);
  if (!parsed.ok) throw speechError(SPEECH_ERROR_CODES.invalidSsml, 'the text is not valid SSML', { diagnostics: parsed.diagnostics });
  const root = parsed.root;
  const leaves = flattenSsml(root).map((leaf) => withAliases(leaf, lexicons, languageCode));
  const pieces: LocalPiece[] = [];
  let run: Leaf[] = [];
  let runKey = '';
  const close = (): void => {
    const spoken = run.map((leaf) => textOf(leaf.node)).join('').trim();
    const first = run[0];
    if (first !== undefined && (spoken !== '' || run.some((leaf) => leaf.node.kind === 'element'))) {
      pieces.push({ ssml: serializeLeaves(root, run, forEspeak), text: spoken, effects: effectsOf(first) });
    }
    run = [];
  };
  for (const leaf of leaves) {
    const key = JSON.stringify(effectsOf(leaf));
    if (key !== runKey && run.length > 0) close();
    runKey = key;
    run.push(leaf);
    if (leaf.endsSentence) close();
  }
  close();
  return pieces;
}

function withAliases(leaf: Leaf, lexicons: readonly Lexicon[], languageCode: string): Leaf {
  if (leaf.node.kind !== 'text' || lexicons.length === 0) return leaf;
  return { ...leaf, node: { ...leaf.node, text: applyLexiconAliases(leaf.node.text, lexicons, languageCode) } };
}

function effectsOf(leaf: Leaf): PieceEffects {
  let vocalTractLength = 1;
  let isWhispered = false;
  for (const element of leaf.path) {
    if (element.name !== 'amazon:effect') continue;
    if (attributeValue(element, 'name') === 'whispered') isWhispered = true;
    const vtl = attributeValue(element, 'vocal-tract-length');
    if (vtl !== undefined) vocalTractLength = tractFactor(vtl, vocalTractLength);
  }
  return { vocalTractLength, isWhispered };
}

/** `+25%` scales the enclosing length by 1.25; `80%` sets it; Polly clips to 50%..200%. */
function tractFactor(value: string, current: number): number {
  const percent = Number.parseFloat(value);
  if (!Number.isFinite(percent)) return current;
  const factor = /^[+-]/.test(value.trim()) ? current * (1 + percent / 100) : percent / 100;
  return Math.min(2, Math.max(0.5, factor));
}

/** The element as eSpeak should see it: removed (content kept), rewritten, or as is. */
function forEspeak(element: SsmlElement): SsmlElement | undefined {
  if (UNWRAPPED.has(element.name)) return undefined;
  if (element.name !== 'prosody') return element;
  const attributes = element.attributes.flatMap((attribute) => {
    if (attribute.name === 'amazon:max-duration') return [];
    if (attribute.name === 'volume') return [{ ...attribute, value: relativeVolume(attribute.value) }];
    return [attribute];
  });
  return attributes.length === 0 ? undefined : { ...element, attributes };
}

/** eSpeak reads relative volumes as percentages; Polly's are decibels (+6dB is about twice as loud). */
function relativeVolume(value: string): string {
  const match = /^([+-]?\d+(?:\.\d+)?)dB$/.exec(value.trim());
  if (match === null) return value;
  const percent = Math.round((10 ** (Number(match[1]) / 20) - 1) * 100);
  return `${percent >= 0 ? '+' : ''}${percent}%`;
}
