import { SPEECH_ERROR_CODES, speechError } from '../errors.js';
import { LEXICON_NAME_PATTERN } from '../request-validation.js';
import { parseSsml, type SsmlDiagnostic } from './parse.js';
import { type SsmlElement, attributeValue, textOf } from './tree.js';

/** Polly's PutLexicon limits. */
export const LEXICON_LIMITS = { maxChars: 4_000, maxReplacementChars: 100, alphabets: ['ipa', 'x-sampa'] } as const;

export interface Lexeme {
  graphemes: string[];
  alias?: string;
  phoneme?: string;
}

export interface Lexicon {
  name: string;
  alphabet: string;
  languageCode: string;
  lexemes: Lexeme[];
  /** Characters of the document, which Polly bills against its 4,000 limit. */
  size: number;
  /** The PLS document as deployed (what GetLexicon returns). */
  content: string;
}

export interface LexiconCheck {
  ok: boolean;
  diagnostics: SsmlDiagnostic[];
  lexicon?: Lexicon;
}

/** Diagnostic codes -> the Parley error loadLexicon throws (after Polly's PutLexicon errors). */
const ERROR_FOR_CODE: Readonly<Record<string, (typeof SPEECH_ERROR_CODES)[keyof typeof SPEECH_ERROR_CODES]>> = {
  'invalid-name': SPEECH_ERROR_CODES.invalidRequest,
  'lexicon-too-large': SPEECH_ERROR_CODES.lexiconTooLarge,
  'unsupported-alphabet': SPEECH_ERROR_CODES.unsupportedAlphabet,
  'lexeme-too-long': SPEECH_ERROR_CODES.lexemeTooLong,
};

/** Checks a PLS 1.0 lexicon against Polly's rules; never throws. */
export function checkLexicon(content: string, name: string): LexiconCheck {
  const diagnostics: SsmlDiagnostic[] = [];
  const report = (code: string, message: string, at: { line: number; column: number } = { line: 1, column: 1 }): void => {
    diagnostics.push({ severity: 'error', code, message, line: at.line, column: at.column });
  };
  if (!LEXICON_NAME_PATTERN.test(name)) report('invalid-name', `lexicon name "${name}" must match [0-9A-Za-z]{1,20}`);
  if (content.length > LEXICON_LIMITS.maxChars) report('lexicon-too-large', `lexicon has ${content.length} characters; Polly allows ${LEXICON_LIMITS.maxChars}`);
  const parsed = parseSsml(content);
  if (!parsed.ok) return { ok: false, diagnostics: [...diagnostics, ...parsed.diagnostics.map((d) => ({ ...d, code: 'invalid-lexicon' }))] };
  const root = parsed.root;
  if (root.name !== 'lexicon') report('invalid-lexicon', `the root element must be <lexicon>, not <${root.name}>`, root.position);
  const alphabet = attributeValue(root, 'alphabet') ?? '';
  if (!(LEXICON_LIMITS.alphabets as readonly string[]).includes(alphabet)) report('unsupported-alphabet', `alphabet "${alphabet}" is not ipa or x-sampa`, root.position);
  const languageCode = attributeValue(root, 'xml:lang') ?? '';
  if (languageCode === '') report('invalid-lexicon', '<lexicon> needs xml:lang', root.position);
  if (attributeValue(root, 'version') !== '1.0') report('invalid-lexicon', '<lexicon> needs version="1.0"', root.position);
  const lexemes = root.children.flatMap((child) => (child.kind === 'element' && child.name === 'lexeme' ? [readLexeme(child, report)] : []));
  if (lexemes.length === 0) report('invalid-lexicon', 'the lexicon has no <lexeme>', root.position);
  const lexicon = { name, alphabet, languageCode, lexemes, size: content.length, content };
  return { ok: diagnostics.length === 0, diagnostics, ...(diagnostics.length === 0 ? { lexicon } : {}) };
}

function readLexeme(element: SsmlElement, report: (code: string, message: string, at?: { line: number; column: number }) => void): Lexeme {
  const texts = (tag: string): string[] =>
    element.children.flatMap((child) => (child.kind === 'element' && child.name === tag ? [textOf(child).trim()] : []));
  const graphemes = texts('grapheme').filter((g) => g !== '');
  const [alias] = texts('alias');
  const [phoneme] = texts('phoneme');
  if (graphemes.length === 0) report('invalid-lexicon', '<lexeme> needs a <grapheme>', element.position);
  if (alias === undefined && phoneme === undefined) report('invalid-lexicon', '<lexeme> needs an <alias> or a <phoneme>', element.position);
  for (const replacement of [alias, phoneme]) {
    if (replacement !== undefined && replacement.length > LEXICON_LIMITS.maxReplacementChars) {
      report('lexeme-too-long', `a replacement has ${replacement.length} characters; Polly allows ${LEXICON_LIMITS.maxReplacementChars}`, element.position);
    }
  }
  return { graphemes, ...(alias === undefined ? {} : { alias }), ...(phoneme === undefined ? {} : { phoneme }) };
}

/** Parses a lexicon or throws the Parley error Polly's PutLexicon would have caused. */
export function loadLexicon(content: string, name: string): Lexicon {
  const result = checkLexicon(content, name);
  if (result.lexicon !== undefined) return result.lexicon;
  const first = result.diagnostics[0];
  const code = ERROR_FOR_CODE[first?.code ?? ''] ?? SPEECH_ERROR_CODES.invalidLexicon;
  throw speechError(code, `lexicon ${name} is invalid: ${first?.message ?? 'unknown problem'}`, { diagnostics: result.diagnostics });
}

/** Whether a lexicon applies to a voice language (a generic `en` lexicon applies to en-GB too). */
export function lexiconApplies(lexicon: Lexicon, languageCode: string): boolean {
  return lexicon.languageCode === languageCode || languageCode.startsWith(`${lexicon.languageCode}-`);
}

/**
 * Replaces whole-word graphemes with their aliases, in lexicon order (the first definition wins,
 * as in Polly). For the local synthesizer, which has no lexicon support of its own. With
 * `phonemeText`, a lexeme that gives a pronunciation is replaced by what it returns for the words
 * it matches (the word stays when it returns undefined); without it only aliases apply.
 */
export function applyLexiconAliases(text: string, lexicons: readonly Lexicon[], languageCode: string, phonemeText?: (lexeme: Lexeme, lexicon: Lexicon, word: string) => string | undefined): string {
  const entries = new Map<string, { lexeme: Lexeme; lexicon: Lexicon }>();
  for (const lexicon of lexicons.filter((l) => lexiconApplies(l, languageCode))) {
    for (const lexeme of lexicon.lexemes) {
      if (lexeme.alias === undefined && (lexeme.phoneme === undefined || phonemeText === undefined)) continue;
      for (const grapheme of lexeme.graphemes) if (!entries.has(grapheme)) entries.set(grapheme, { lexeme, lexicon });
    }
  }
  if (entries.size === 0) return text;
  const alternatives = [...entries.keys()].sort((a, b) => b.length - a.length).map((g) => g.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
  return text.replace(pattern, (match) => {
    const entry = entries.get(match);
    if (entry === undefined) return match;
    return entry.lexeme.alias ?? phonemeText?.(entry.lexeme, entry.lexicon, match) ?? match;
  });
}
