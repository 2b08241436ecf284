/**
 * IPA and X-SAMPA (as Polly's `<phoneme>` and PLS lexicons take them) to eSpeak NG's own English
 * phoneme mnemonics, the `[[...]]` input eSpeak reads inline. Parley's own table, checked against
 * the IPA eSpeak reports back for each mnemonic (test/unit/speech/phonemes.test.ts).
 */

/** An IPA or X-SAMPA string with a symbol the table lacks. */
export interface PhonemeProblem {
  /** The symbol as written, and its position (0-based, in UTF-16 units) in the string. */
  symbol: string;
  index: number;
  message: string;
}

export type PhonemeResult = { ok: true; mnemonics: string } | { ok: false; problem: PhonemeProblem };

/** English IPA -> eSpeak mnemonic. Diphthongs and affricates before their parts (longest match). */
const IPA_TO_ESPEAK: Readonly<Record<string, string>> = {
  // Diphthongs and long vowels.
  'eɪ': 'eI', 'aɪ': 'aI', 'ɔɪ': 'OI', 'aʊ': 'aU', 'oʊ': 'oU', 'əʊ': 'oU', 'ɪə': 'i@', 'eə': 'e@', 'ɛə': 'e@', 'ʊə': 'U@',
  'iː': 'i:', 'uː': 'u:', 'ɑː': 'A:', 'ɔː': 'O:', 'ɜː': '3:',
  // Short and unmarked vowels.
  'i': 'i', 'ɪ': 'I', 'e': 'e', 'ɛ': 'E', 'æ': 'a', 'a': 'a', 'ɑ': 'A:', 'ɒ': '0', 'ɔ': 'O:', 'o': 'o', 'ʊ': 'U',
  'u': 'u:', 'ʌ': 'V', 'ə': '@', 'ɜ': '3:', 'ɝ': '3:', 'ɚ': '3', 'ɐ': 'a#', 'ᵻ': 'I#', 'ɨ': 'I#',
  // Consonants.
  'tʃ': 'tS', 'dʒ': 'dZ', 'p': 'p', 'b': 'b', 't': 't', 'd': 'd', 'k': 'k', 'g': 'g', 'ɡ': 'g', 'f': 'f', 'v': 'v',
  'θ': 'T', 'ð': 'D', 's': 's', 'z': 'z', 'ʃ': 'S', 'ʒ': 'Z', 'h': 'h', 'm': 'm', 'n': 'n', 'ŋ': 'N', 'l': 'l', 'ɫ': 'l',
  'ɹ': 'r', 'r': 'r', 'ɾ': 't', 'w': 'w', 'ʍ': 'w', 'j': 'j', 'x': 'x', 'ʔ': '?',
  // Stress, and boundaries eSpeak needs no mark for.
  'ˈ': "'", 'ˌ': ',', '.': '', 'ː': '', ' ': ' ',
};

/** X-SAMPA -> IPA, for what IPA_TO_ESPEAK then maps; multi-character symbols first. */
const XSAMPA_TO_IPA: Readonly<Record<string, string>> = {
  'r\\': 'ɹ', '3`': 'ɝ', '@`': 'ɚ', 'tS': 'tʃ', 'dZ': 'dʒ',
  'i': 'i', 'I': 'ɪ', 'e': 'e', 'E': 'ɛ', '{': 'æ', 'a': 'a', 'A': 'ɑ', 'Q': 'ɒ', 'O': 'ɔ', 'o': 'o', 'U': 'ʊ', 'u': 'u',
  'V': 'ʌ', '@': 'ə', '3': 'ɜ', '6': 'ɐ', '1': 'ɨ',
  'p': 'p', 'b': 'b', 't': 't', 'd': 'd', 'k': 'k', 'g': 'g', 'f': 'f', 'v': 'v', 'T': 'θ', 'D': 'ð', 's': 's', 'z': 'z',
  'S': 'ʃ', 'Z': 'ʒ', 'h': 'h', 'm': 'm', 'n': 'n', 'N': 'ŋ', 'l': 'l', '5': 'ɫ', 'r': 'r', '4': 'ɾ', 'w': 'w', 'W': 'ʍ',
  'j': 'j', 'x': 'x', '?': 'ʔ',
  ':': 'ː', '"': 'ˈ', '%': 'ˌ', '.': '.', ' ': ' ', '=': '',
};

/** Tie bars and the syllabic mark carry nothing eSpeak's English phonemes need. */
const IGNORED_MARKS = /[\u0361\u035C\u0329\u030D]/g;

const longestFirst = (table: Readonly<Record<string, string>>): string[] => Object.keys(table).sort((a, b) => b.length - a.length);
const IPA_SYMBOLS = longestFirst(IPA_TO_ESPEAK);
const XSAMPA_SYMBOLS = longestFirst(XSAMPA_TO_IPA);

/** Whether the table applies: English voices only (other languages speak the element's text). */
export function hasPhonemeTable(languageCode: string): boolean {
  return languageCode === 'en' || languageCode.startsWith('en-');
}

/** IPA -> eSpeak mnemonics (without the brackets), or the first symbol the table lacks. */
export function ipaToEspeak(ipa: string): PhonemeResult {
  return translate(ipa.normalize('NFC').replace(IGNORED_MARKS, '').trim(), IPA_SYMBOLS, IPA_TO_ESPEAK, 'IPA');
}

/** X-SAMPA -> eSpeak mnemonics, through IPA. */
export function xsampaToEspeak(xsampa: string): PhonemeResult {
  const ipa = translate(xsampa.trim(), XSAMPA_SYMBOLS, XSAMPA_TO_IPA, 'X-SAMPA');
  return ipa.ok ? ipaToEspeak(ipa.mnemonics) : ipa;
}

/** By PLS / SSML alphabet name; `undefined` for alphabets the table does not cover (pinyin). */
export function toEspeakPhonemes(alphabet: string, ph: string): PhonemeResult | undefined {
  if (alphabet === 'ipa') return ipaToEspeak(ph);
  if (alphabet === 'x-sampa') return xsampaToEspeak(ph);
  return undefined;
}

function translate(input: string, symbols: readonly string[], table: Readonly<Record<string, string>>, name: string): PhonemeResult {
  let out = '';
  let at = 0;
  while (at < input.length) {
    const symbol = symbols.find((s) => input.startsWith(s, at));
    if (symbol === undefined) {
      const unknown = String.fromCodePoint(input.codePointAt(at) ?? 0);
      const code = `U+${(unknown.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
      return { ok: false, problem: { symbol: unknown, index: at, message: `${name} symbol "${unknown}" (${code}) at position ${at + 1} of "${input}" is not in Parley's English phoneme table` } };
    }
    out += table[symbol] ?? '';
    at += symbol.length;
  }
  return { ok: true, mnemonics: out.replace(/ +/g, ' ').trim() };
}
