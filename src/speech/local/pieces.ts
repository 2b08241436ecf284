import { SPEECH_ERROR_CODES, speechError } from '../errors.js';
import { escapeXml } from '../ssml/escape.js';
import { type Leaf, flattenSsml, serializeLeaves } from '../ssml/flatten.js';
import { type Lexeme, type Lexicon, applyLexiconAliases } from '../ssml/lexicon.js';
import { parseSsml } from '../ssml/parse.js';
import { type SsmlElement, attributeValue, textOf } from '../ssml/tree.js';
import { type PhonemeResult, hasPhonemeTable, toEspeakPhonemes } from './phonemes.js';

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
  /** The written word of each `[[...]]` phoneme input in `ssml`, in order, for word marks. */
  phonemeWords: string[];
  effects: PieceEffects;
}

/** Tags eSpeak does not know; their content is kept and their effect applied here (or dropped). */
const UNWRAPPED = new Set(['amazon:effect', 'amazon:domain', 'amazon:auto-breaths', 'amazon:breath', 'phoneme', 'w', 'lang']);

/** eSpeak's inline phoneme input; a space must follow `]]` or eSpeak misreads the next tag. */
const phonemeInput = (mnemonics: string): string => ` [[${mnemonics}]] `;

/**
 * Cuts a request's text (plain or SSML) into pieces at sentence ends and wherever local effects
 * change, rewritten for eSpeak: lexicon aliases and pronunciations applied, `<phoneme>` spoken as
 * written (English), Amazon tags removed, dB volumes made relative.
 */
export function localPieces(text: string, isSsml: boolean, lexicons: readonly Lexicon[], languageCode: string): LocalPiece[] {
  const parsed = parseSsml(isSsml ? text : `<speak>${escapeXml(text)}</speak>`);
  if (!parsed.ok) throw speechError(SPEECH_ERROR_CODES.invalidSsml, 'the text is not valid SSML', { diagnostics: parsed.diagnostics });
  const root = parsed.root;
  const leaves = flattenSsml(root);
  const pieces: LocalPiece[] = [];
  let run: Leaf[] = [];
  let runKey = '';
  const close = (): void => {
    const spoken = run.map((leaf) => textOf(leaf.node)).join('').trim();
    const first = run[0];
    if (first !== undefined && (spoken !== '' || run.some((leaf) => leaf.node.kind === 'element'))) {
      const phonemeWords: string[] = [];
      const forLocal = run.map((leaf) => pronounced(leaf, lexicons, languageCode, phonemeWords));
      pieces.push({ ssml: withPhonemeInput(serializeLeaves(root, forLocal, forEspeak)), text: spoken, phonemeWords, effects: effectsOf(first) });
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

/**
 * A leaf as eSpeak should read it: text with brackets defused (only Parley writes phoneme input)
 * and lexicons applied; an English `<phoneme>` as eSpeak phoneme input. The written word of each
 * phoneme input is appended to `words`, in document order.
 */
function pronounced(leaf: Leaf, lexicons: readonly Lexicon[], languageCode: string, words: string[]): Leaf {
  const node = leaf.node;
  const english = hasPhonemeTable(languageCode);
  if (node.kind === 'text') {
    const text = node.text.replace(/\[(?=\[)/g, '[ ');
    const phonemeText = english
      ? (lexeme: Lexeme, lexicon: Lexicon, word: string): string | undefined => {
          const input = lexiconPhonemes(lexeme, lexicon);
          if (input !== undefined) words.push(word);
          return input;
        }
      : undefined;
    return { ...leaf, node: { ...node, text: lexicons.length === 0 ? text : applyLexiconAliases(text, lexicons, languageCode, phonemeText) } };
  }
  if (node.name !== 'phoneme' || !english) return leaf;
  const ph = attributeValue(node, 'ph') ?? '';
  const result = toEspeakPhonemes(attributeValue(node, 'alphabet') ?? '', ph);
  if (result === undefined) return leaf;
  const input = phonemeInput(mnemonicsOrThrow(result, node));
  words.push(textOf(node).trim());
  return { ...leaf, node: { kind: 'text', text: input, position: node.position } };
}

function mnemonicsOrThrow(result: PhonemeResult, element: SsmlElement): string {
  if (result.ok && result.mnemonics !== '') return result.mnemonics;
  const message = result.ok ? 'the phoneme has no sounds' : result.problem.message;
  const attribute = element.attributes.find((a) => a.name === 'ph')?.position ?? element.position;
  throw speechError(SPEECH_ERROR_CODES.invalidSsml, `the local synthesizer cannot speak a <phoneme>: ${message}`, {
    diagnostics: [{ severity: 'error', code: 'unknown-phoneme', message, line: attribute.line, column: attribute.column }],
  });
}

function lexiconPhonemes(lexeme: Lexeme, lexicon: Lexicon): string | undefined {
  const result = toEspeakPhonemes(lexicon.alphabet, lexeme.phoneme ?? '');
  if (result === undefined) return undefined;
  if (result.ok && result.mnemonics !== '') return phonemeInput(result.mnemonics);
  const message = result.ok ? 'the phoneme has no sounds' : result.problem.message;
  throw speechError(SPEECH_ERROR_CODES.invalidLexicon, `the local synthesizer cannot speak lexicon ${lexicon.name}'s entry for "${lexeme.graphemes[0] ?? ''}": ${message}`, {
    lexicon: lexicon.name, grapheme: lexeme.graphemes[0], code: 'unknown-phoneme',
  });
}

/**
 * The serializer escapes `'` (eSpeak's stress mark) in text; phoneme input needs it raw. A space
 * before punctuation would make eSpeak read the mark as a word of its own.
 */
function withPhonemeInput(ssml: string): string {
  return ssml
    .replace(/\[\[[^\]<>&]*(?:&apos;[^\]<>&]*)*\]\]/g, (input) => input.replaceAll('&apos;', "'"))
    .replace(/\]\] +(?=[.,!?;:…])/g, ']]');
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
