/**
 * Pronunciations for the language model's words, from CMUdict (the dictionary pocketsphinx's
 * en-US model ships). Words CMUdict lacks are made of words it has where possible: compounds
 * ("northpeak" = north + peak, "tshirts" = t + shirts) and British spellings ("analysed" as
 * "analyzed"). What still has no pronunciation is reported, and sentences using it are left out
 * of the model (the recognizer cannot hear a word it cannot pronounce).
 */
import { readFile } from 'node:fs/promises';

export type Lexicon = ReadonlyMap<string, readonly string[]>;

export interface PronunciationReport {
  /** Words CMUdict lacks that were pronounced through other words: word -> the words used. */
  composed: Array<{ word: string; as: string[] }>;
  /** Words with no pronunciation at all. */
  missing: string[];
}

export interface ResolvedPronunciations {
  /** word -> its pronunciations (phones separated by spaces), first the most common. */
  entries: Map<string, string[]>;
  report: PronunciationReport;
}

/** Reads a CMUdict-format file: `word PH ON ES`, variants as `word(2) ...`, `#` comments after. */
export async function readLexicon(file: string): Promise<Lexicon> {
  const text = await readFile(file, 'utf8');
  const lexicon = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^([^\s(]+)(?:\(\d+\))?\s+([^#]+)/.exec(line);
    if (match === null) continue;
    const word = (match[1] as string).toLowerCase();
    const phones = (match[2] as string).trim();
    const list = lexicon.get(word);
    if (list === undefined) lexicon.set(word, [phones]);
    else list.push(phones);
  }
  return lexicon;
}

const BRITISH_SPELLINGS: ReadonlyArray<readonly [RegExp, string]> = [
  [/ys(e|ed|es|ing)$/, 'yz$1'],
  [/is(e|ed|es|ing|ation)$/, 'iz$1'],
  [/our$/, 'or'],
  [/ou?rs$/, 'ors'],
];

/** Pronunciations of `words`, composing or reporting those the lexicon lacks. */
export function resolvePronunciations(words: Iterable<string>, lexicon: Lexicon): ResolvedPronunciations {
  const entries = new Map<string, string[]>();
  const report: PronunciationReport = { composed: [], missing: [] };
  for (const word of new Set(words)) {
    const known = lexicon.get(word);
    if (known !== undefined) {
      entries.set(word, [...known]);
      continue;
    }
    const parts = respelled(word, lexicon) ?? splitCompound(word, lexicon);
    if (parts === undefined) {
      report.missing.push(word);
      continue;
    }
    entries.set(word, [parts.map((part) => (lexicon.get(part) as readonly string[])[0]).join(' ')]);
    report.composed.push({ word, as: parts });
  }
  report.missing.sort();
  return { entries, report };
}

/** A dictionary file for pocketsphinx: one line per pronunciation. */
export function dictionaryText(entries: ReadonlyMap<string, readonly string[]>): string {
  const lines: string[] = [];
  for (const word of [...entries.keys()].sort()) {
    (entries.get(word) ?? []).forEach((phones, i) => lines.push(`${i === 0 ? word : `${word}(${i + 1})`} ${phones}`));
  }
  return `${lines.join('\n')}\n`;
}

function respelled(word: string, lexicon: Lexicon): string[] | undefined {
  for (const [pattern, replacement] of BRITISH_SPELLINGS) {
    const other = word.replace(pattern, replacement);
    if (other !== word && lexicon.has(other)) return [other];
  }
  return undefined;
}

/** The split into the fewest known parts (at most 3), longer leading parts first. */
function splitCompound(word: string, lexicon: Lexicon, maxParts = 3): string[] | undefined {
  if (maxParts === 0 || word.length === 0) return undefined;
  for (let cut = word.length - 1; cut >= 1; cut -= 1) {
    const head = word.slice(0, cut);
    const tail = word.slice(cut);
    if (!lexicon.has(head)) continue;
    if (lexicon.has(tail) && (tail.length > 1 || head.length > 1)) return [head, tail];
  }
  if (maxParts < 3) return undefined;
  for (let cut = word.length - 2; cut >= 2; cut -= 1) {
    const head = word.slice(0, cut);
    if (!lexicon.has(head)) continue;
    const rest = splitCompound(word.slice(cut), lexicon, 2);
    if (rest !== undefined) return [head, ...rest];
  }
  return undefined;
}
