/**
 * Slot references in a sample utterance: `{SlotName}`. Returns the names in order, or a reason
 * when the braces do not pair up (Lex rejects such an utterance at build time).
 */
export function utteranceSlotRefs(utterance: string): { refs: string[]; problem?: string } {
  const refs: string[] = [];
  const rest = utterance.replace(/\{([^{}]*)\}/g, (_match, name: string) => {
    refs.push(name.trim());
    return ' ';
  });
  if (rest.includes('{') || rest.includes('}')) return { refs, problem: 'unbalanced "{" or "}" in utterance' };
  const empty = refs.find((r) => r === '');
  return empty === undefined ? { refs } : { refs, problem: 'empty slot reference "{}" in utterance' };
}

/** The form two utterances are compared in for duplicates: case, spacing and end punctuation ignored. */
export function normalizeUtterance(utterance: string): string {
  return utterance.toLowerCase().replace(/\s+/g, ' ').replace(/[\s.?!,]+$/, '').trim();
}
