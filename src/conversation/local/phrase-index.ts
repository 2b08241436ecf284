/**
 * Listed phrases (slot values and synonyms) by their normalized words, as said and with plurals
 * folded, each under the labels added with it; plus every leading run of words, so that a scan
 * along an utterance stops at the first word no phrase continues with.
 */
import { foldPlural, tokenize, type Token } from './text-normalize.js';

/** Told of each listed phrase found: where it ends, its labels as said and folded, and its keys. */
export type PhraseVisitor = (endToken: number, exact: string[] | undefined, folded: string[] | undefined, exactKey: string, foldedKey: string) => void;

export class PhraseIndex {
  readonly exact = new Map<string, string[]>();
  readonly folded = new Map<string, string[]>();
  readonly prefixes = new Set<string>();

  get isEmpty(): boolean {
    return this.exact.size === 0;
  }

  /** Indexes a phrase under `label`; returns its normalized words (none for an empty phrase). */
  add(phrase: string, label: string): string[] {
    const norms = tokenize(phrase).map((t) => t.norm);
    if (norms.length === 0) return norms;
    const foldedNorms = norms.map(foldPlural);
    for (let n = 1; n <= norms.length; n += 1) {
      this.prefixes.add(norms.slice(0, n).join(' '));
      this.prefixes.add(foldedNorms.slice(0, n).join(' '));
    }
    addLabel(this.exact, norms.join(' '), label);
    addLabel(this.folded, foldedNorms.join(' '), label);
    return norms;
  }

  /**
   * Every listed phrase that starts at token `start`, shortest first, matched as said or with
   * plurals folded; the walk stops at the first word no phrase continues with.
   */
  phrasesAt(tokens: readonly Token[], start: number, visit: PhraseVisitor): void {
    let exactKey = '';
    let foldedKey = '';
    // Until a word folds (most words are not plurals), the folded key is the exact one: one lookup.
    let folds = false;
    for (let end = start; end < tokens.length; end += 1) {
      const norm = (tokens[end] as Token).norm;
      const folded = foldPlural(norm);
      exactKey = end === start ? norm : `${exactKey} ${norm}`;
      folds ||= folded !== norm;
      foldedKey = !folds ? exactKey : end === start ? folded : `${foldedKey} ${folded}`;
      if (!this.prefixes.has(exactKey) && (!folds || !this.prefixes.has(foldedKey))) return;
      const exactLabels = this.exact.get(exactKey);
      const foldedLabels = this.folded.get(foldedKey);
      if (exactLabels !== undefined || foldedLabels !== undefined) visit(end + 1, exactLabels, foldedLabels, exactKey, foldedKey);
    }
  }
}

function addLabel(map: Map<string, string[]>, key: string, label: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [label]);
  else if (!list.includes(label)) list.push(label);
}
