import type { SpeechEngine } from '../port.js';
import { findVoice } from '../voices.js';
import { parseSsml, type SsmlDiagnostic } from './parse.js';
import { featuresOf } from './rules.js';
import { POLLY_LIMITS } from './split.js';
import { type SsmlElement, type SsmlNode, attributeValue, textOf, walkElements } from './tree.js';
import { TELEPHONE_LANGUAGES, parseTimeMs } from './values.js';

export interface LintOptions {
  engine: SpeechEngine;
  voiceId?: string;
  /** Defaults to the voice's language. */
  languageCode?: string;
}

/** A pause longer than this is valid but almost always a mistake in a chat reply. */
export const LONG_BREAK_MS = 3_000;

/**
 * Finds SSML that Polly accepts but that will likely sound wrong: silent standard-voice fallback,
 * long pauses, unrendered or double-escaped text, ignored attributes, documents that need a split.
 * Returns warnings and infos only; malformed input gives its parse errors.
 */
export function lintSsml(source: string | SsmlElement, options: LintOptions): SsmlDiagnostic[] {
  let root: SsmlElement;
  if (typeof source === 'string') {
    const parsed = parseSsml(source);
    if (!parsed.ok) return parsed.diagnostics;
    root = parsed.root;
  } else {
    root = source;
  }
  const out: SsmlDiagnostic[] = [];
  const report = (severity: 'warning' | 'info', code: string, message: string, at: { line: number; column: number }): void => {
    out.push({ severity, code, message, line: at.line, column: at.column, engine: options.engine });
  };
  const language = options.languageCode ?? (options.voiceId === undefined ? undefined : findVoice(options.voiceId)?.languageCode);
  walkElements(root, (element, ancestors) => {
    for (const feature of featuresOf(element.name, element.attributes)) {
      if (feature.support[options.engine] === 'standard-fallback') {
        report('warning', 'standard-fallback', `<${element.name} ${feature.attribute ?? ''}="${feature.value ?? ''}"> makes ${options.engine} silently speak this sentence with the standard voice (billed as ${options.engine})`, element.position);
      }
    }
    lintElement(element, ancestors, language, report);
    lintBreakRuns(element, report);
  });
  lintText(root, report);
  const billed = textOf(root).length;
  if (billed > POLLY_LIMITS.maxBilledChars || (typeof source === 'string' && source.length > POLLY_LIMITS.maxTotalChars)) {
    report('info', 'needs-split', `${billed} billed characters: this document will be split into several requests`, root.position);
  }
  if (textOf(root).trim() === '') report('warning', 'empty-document', 'the document has no text to speak', root.position);
  return out;
}

type Report = (severity: 'warning' | 'info', code: string, message: string, at: { line: number; column: number }) => void;

function lintElement(element: SsmlElement, ancestors: SsmlElement[], language: string | undefined, report: Report): void {
  if (element.name === 'break') {
    const ms = parseTimeMs(attributeValue(element, 'time') ?? '') ?? 0;
    if (ms > LONG_BREAK_MS && ms <= 10_000) report('warning', 'long-break', `a ${ms / 1000}s pause is valid but very long for a reply`, element.position);
  }
  if (element.name === 'say-as' && attributeValue(element, 'interpret-as') === 'telephone' && language !== undefined && !TELEPHONE_LANGUAGES.includes(language)) {
    report('warning', 'telephone-language', `interpret-as="telephone" is not read as a phone number in ${language}`, element.position);
  }
  if (element.name !== 'prosody') return;
  const insideMaxDuration = ancestors.some((a) => a.name === 'prosody' && attributeValue(a, 'amazon:max-duration') !== undefined);
  if (insideMaxDuration && attributeValue(element, 'amazon:max-duration') !== undefined) {
    report('warning', 'nested-max-duration', 'a max-duration inside another max-duration is ignored', element.position);
  }
  const hasOwnMaxDuration = attributeValue(element, 'amazon:max-duration') !== undefined;
  if (attributeValue(element, 'rate') !== undefined && (insideMaxDuration || hasOwnMaxDuration)) {
    report('warning', 'ignored-rate', 'rate is ignored inside amazon:max-duration', element.position);
  }
}

/** Adjacent breaks add up: each may be under 10 s while the pause is not. */
function lintBreakRuns(element: SsmlElement, report: Report): void {
  let runMs = 0;
  let runStart: SsmlElement | undefined;
  const close = (): void => {
    if (runStart !== undefined && runMs > 10_000) report('warning', 'long-break', `adjacent breaks add up to ${runMs / 1000}s`, runStart.position);
    runMs = 0;
    runStart = undefined;
  };
  for (const child of element.children) {
    if (child.kind === 'element' && child.name === 'break') {
      runStart ??= child;
      runMs += parseTimeMs(attributeValue(child, 'time') ?? '') ?? 0;
    } else if (!(child.kind === 'text' && child.text.trim() === '')) {
      close();
    }
  }
  close();
}

function lintText(node: SsmlNode, report: Report): void {
  if (node.kind === 'element') {
    for (const child of node.children) lintText(child, report);
    return;
  }
  if (/\{\{[^}]*\}\}/.test(node.text)) report('warning', 'unrendered-placeholder', 'text contains a {{placeholder}}: the template was not rendered', node.position);
  if (/&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/.test(node.text)) {
    report('warning', 'double-escaped', 'text contains an entity after decoding (escaped twice): it will be read out', node.position);
  }
  if (/<\/?[A-Za-z][\w:-]*[^<>]*\/?>/.test(node.text)) report('info', 'literal-markup', 'text contains escaped markup: it is spoken as characters', node.position);
}
