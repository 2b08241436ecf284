import type { SsmlDiagnostic } from '../ssml/parse.js';
import { type SsmlElement, attributeValue, textOf, walkElements } from '../ssml/tree.js';
import { hasPhonemeTable, toEspeakPhonemes } from './phonemes.js';

/**
 * Warnings for pronunciations the local synthesizer could not speak (a symbol outside Parley's
 * English phoneme table), in an SSML document (`<phoneme ph>`) or a PLS lexicon (`<phoneme>`
 * entries). Polly may accept them, so these are warnings: the local synthesizer would refuse them.
 * The language is the root's `xml:lang`, else `languageCode` (the voice's); only English is mapped.
 */
export function localPhonemeWarnings(root: SsmlElement, languageCode = 'en'): SsmlDiagnostic[] {
  const isLexicon = root.name === 'lexicon';
  const language = attributeValue(root, 'xml:lang') ?? languageCode;
  if (!hasPhonemeTable(language)) return [];
  const warnings: SsmlDiagnostic[] = [];
  walkElements(root, (element) => {
    if (element.name !== 'phoneme') return;
    const alphabet = attributeValue(element, 'alphabet') ?? (isLexicon ? attributeValue(root, 'alphabet') : undefined) ?? '';
    const ph = isLexicon ? textOf(element).trim() : attributeValue(element, 'ph') ?? '';
    const result = toEspeakPhonemes(alphabet, ph);
    if (result === undefined || result.ok) return;
    const at = (isLexicon ? undefined : element.attributes.find((a) => a.name === 'ph')?.position) ?? element.position;
    warnings.push({ severity: 'warning', code: 'local-unknown-phoneme', message: `the local synthesizer cannot speak this: ${result.problem.message}`, line: at.line, column: at.column });
  });
  return warnings;
}
