import type { SpeechEngine } from '../port.js';
import { findVoice } from '../voices.js';
import { parseSsml, type SsmlDiagnostic } from './parse.js';
import { ELEMENT_RULES, MAX_BREAK_MS, MAX_DURATION_TEXT_CHARS, UNSUPPORTED_TAGS, featuresOf, type FeatureRule } from './rules.js';
import { type SsmlElement, type SsmlNode, attributeValue, textOf, walkElements } from './tree.js';
import { parseTimeMs } from './values.js';

export interface ValidateOptions {
  engine: SpeechEngine;
  /** When given, voice-dependent rules (newscaster style) are decided, not just warned about. */
  voiceId?: string;
}

export interface ValidationResult {
  /** True when no diagnostic is an error: Polly would accept the document. */
  ok: boolean;
  diagnostics: SsmlDiagnostic[];
  /** The parsed tree when the document was well-formed. */
  root?: SsmlElement;
}

/** Checks SSML against Polly's rules for one engine. Never throws for bad input. */
export function validateSsml(source: string | SsmlElement, options: ValidateOptions): ValidationResult {
  let root: SsmlElement;
  if (typeof source === 'string') {
    const parsed = parseSsml(source);
    if (!parsed.ok) return { ok: false, diagnostics: parsed.diagnostics.map((d) => ({ ...d, engine: options.engine })) };
    root = parsed.root;
  } else {
    root = source;
  }
  const diagnostics: SsmlDiagnostic[] = [];
  const report = (severity: SsmlDiagnostic['severity'], code: string, message: string, at: { line: number; column: number }): void => {
    diagnostics.push({ severity, code, message, line: at.line, column: at.column, engine: options.engine });
  };
  if (root.name !== 'speak') report('error', 'root-not-speak', `the root element must be <speak>, not <${root.name}>`, root.position);
  walkElements(root, (element, ancestors) => checkElement(element, ancestors, options, report));
  return { ok: !diagnostics.some((d) => d.severity === 'error'), diagnostics, root };
}

type Report = (severity: SsmlDiagnostic['severity'], code: string, message: string, at: { line: number; column: number }) => void;

function checkElement(element: SsmlElement, ancestors: SsmlElement[], options: ValidateOptions, report: Report): void {
  const tag = `<${element.name}>`;
  if (UNSUPPORTED_TAGS.includes(element.name)) return report('error', 'unsupported-tag', `Polly does not support ${tag}`, element.position);
  const rule = ELEMENT_RULES[element.name];
  if (rule === undefined) return report('error', 'unknown-tag', `${tag} is not an SSML tag Polly knows`, element.position);
  if (element.name === 'speak' && ancestors.length > 0) report('error', 'nested-speak', '<speak> may only be the root element', element.position);
  for (const attribute of element.attributes) {
    const check = rule.attributes[attribute.name];
    if (check === undefined) {
      report('error', 'unknown-attribute', `${tag} has no attribute "${attribute.name}"`, attribute.position);
      continue;
    }
    const problem = check(attribute.value);
    if (problem === undefined) continue;
    const isLongBreak = element.name === 'break' && attribute.name === 'time' && (parseTimeMs(attribute.value) ?? 0) > MAX_BREAK_MS;
    report('error', isLongBreak ? 'break-too-long' : 'invalid-value', `${tag} ${attribute.name}="${attribute.value}": ${problem}`, attribute.position);
  }
  for (const name of rule.required ?? []) {
    if (attributeValue(element, name) === undefined) report('error', 'missing-attribute', `${tag} needs the "${name}" attribute`, element.position);
  }
  if (rule.requireOneOf !== undefined && !rule.requireOneOf.some((name) => attributeValue(element, name) !== undefined)) {
    report('error', 'missing-attribute', `${tag} needs one of ${rule.requireOneOf.join(', ')}`, element.position);
  }
  if (rule.isEmpty === true && element.children.some((child) => child.kind === 'element' || child.text.trim() !== '')) {
    report('error', 'unexpected-content', `${tag} must be empty`, element.position);
  }
  for (const feature of featuresOf(element.name, element.attributes)) checkFeature(element, feature, options, report);
  checkSpecialCases(element, ancestors, options, report);
}

function checkFeature(element: SsmlElement, feature: FeatureRule, options: ValidateOptions, report: Report): void {
  const support = feature.support[options.engine];
  const what = feature.attribute === undefined ? `<${element.name}>` : `<${element.name} ${feature.attribute}${feature.value === undefined ? '' : `="${feature.value}"`}>`;
  if (support === 'no') report('error', 'unsupported-on-engine', `${what} is not supported by the ${options.engine} engine`, element.position);
  if (support === 'no-effect') report('warning', 'no-effect', `${what} has no effect on the ${options.engine} engine`, element.position);
  if (support === 'obsolete') report('warning', 'obsolete', `${what} is obsolete: it is the default style of neural voices now`, element.position);
  if (support === 'select-voices') {
    const voice = options.voiceId === undefined ? undefined : findVoice(options.voiceId);
    if (options.voiceId === undefined) {
      report('warning', 'voice-dependent', `${what} works only for some ${options.engine} voices (Joanna, Matthew, Amy, Lupe)`, element.position);
    } else if (voice?.hasNewscaster !== true) {
      report('error', 'unsupported-for-voice', `${what} is not available for voice ${options.voiceId}`, element.position);
    }
  }
}

function checkSpecialCases(element: SsmlElement, ancestors: SsmlElement[], options: ValidateOptions, report: Report): void {
  if (element.name === 'prosody' && attributeValue(element, 'amazon:max-duration') !== undefined && textOf(element).length > MAX_DURATION_TEXT_CHARS) {
    report('error', 'max-duration-text-too-long', `text inside amazon:max-duration must be at most ${MAX_DURATION_TEXT_CHARS} characters`, element.position);
  }
  if (element.name === 'say-as' && attributeValue(element, 'format') !== undefined && attributeValue(element, 'interpret-as') !== 'date') {
    report('warning', 'ignored-attribute', '<say-as format> only applies with interpret-as="date"', element.position);
  }
  const parent = ancestors[ancestors.length - 1];
  if (options.engine === 'generative' && element.name === 'prosody' && parent !== undefined && !wrapsWholeSentences(element, parent)) {
    report('error', 'prosody-not-whole-sentences', 'on the generative engine <prosody> may only wrap whole sentences', element.position);
  }
}

const SENTENCE_END = /[.!?…]["'”’)\]]*$/;

function isBlank(node: SsmlNode): boolean {
  return node.kind === 'text' && node.text.trim() === '';
}

function endsSentence(nodes: SsmlNode[]): boolean {
  const last = nodes.filter((node) => !isBlank(node)).at(-1);
  if (last === undefined) return true;
  if (last.kind === 'element' && (last.name === 's' || last.name === 'p')) return true;
  if (last.kind === 'element' && last.name === 'break') return ['strong', 'x-strong'].includes(attributeValue(last, 'strength') ?? '');
  return SENTENCE_END.test(textOf(last).trim());
}

/** A sentence starts right before the element and ends at its end (or where its parent does). */
function wrapsWholeSentences(element: SsmlElement, parent: SsmlElement): boolean {
  const index = parent.children.indexOf(element);
  const before = parent.children.slice(0, index);
  const after = parent.children.slice(index + 1);
  if (parent.name === 's') return before.every(isBlank) && after.every(isBlank);
  return endsSentence(before) && (endsSentence(element.children) || after.every(isBlank));
}
