/**
 * Typo tolerance for listed slot values: two words match when they are equal, or both have at
 * least five characters and differ by one insertion, deletion, substitution or transposition.
 * Short words are excluded because one edit turns them into other words ("shoe"/"show").
 */
export const MIN_FUZZY_LENGTH = 5;

/** The word with each one character removed: the keys of a symmetric-delete index. */
export function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i += 1) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Damerau edit distance of at most 1 (word lengths >= MIN_FUZZY_LENGTH for anything but equality). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length < MIN_FUZZY_LENGTH || b.length < MIN_FUZZY_LENGTH) return false;
  return oneEditApart(a, b);
}

/** Damerau edit distance of at most 1, whatever the lengths. */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
