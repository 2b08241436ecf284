/**
 * Listed phrases (slot values and synonyms) by their normalized words, as said and with plurals
 * folded, each under the labels added with it; plus every leading run of words, so that a scan
 * along an utterance stops at the first word no phrase continues with.
 */
import { foldPlural, tokenize } from './text-normalize.js';

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
}

function addLabel(map: Map<string, string[]>, key: string, label: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [label]);
  else if (!list.includes(label)) list.push(label);
}
