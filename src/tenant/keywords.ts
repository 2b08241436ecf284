/**
 * Catalogue search keywords: lower-case words of the given phrases. Hyphenated words are kept
 * whole ("t-shirts", "no-show") and also split, so either spelling matches; one-letter pieces
 * ("t") are dropped as noise.
 */
export function keywordsOf(phrases: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const phrase of phrases) {
    for (const word of phrase.toLowerCase().split(/[^a-z0-9'-]+/)) {
      const trimmed = word.replace(/^[-']+|[-']+$/g, '');
      if (trimmed.length >= 2) seen.add(trimmed);
      if (trimmed.includes('-')) {
        for (const part of trimmed.split('-')) if (part.length >= 2) seen.add(part);
      }
    }
  }
  return [...seen];
}
