import { SPEECH_ERROR_CODES, speechError } from '../errors.js';
import { escapeXml } from './escape.js';

export type TemplateValue = string | number | boolean | TemplateValue[] | { [key: string]: TemplateValue };
export type TemplateVariables = Readonly<Record<string, TemplateValue>>;

/** Parsed once per template text and shared by every render: never mutated after parsing. */
type Part =
  | { kind: 'text'; text: string }
  | { kind: 'value'; name: string }
  | { kind: 'section'; name: string; body: Part[] };

const TAG = /\{\{\s*([#/]?)([@\w.]+)\s*\}\}/g;

/**
 * Renders an SSML template. `{{name}}` (or `{{item.price}}`) inserts a value, always XML-escaped,
 * so customer text can never become markup. `{{#items}}...{{/items}}` repeats for each element of
 * a list, where `{{.}}` is the element, `{{@number}}` its 1-based position and `{{@sep}}` a
 * spoken separator (", " then " and " before the last). Throws PARLEY_SPEECH_TEMPLATE_VARIABLE for
 * a missing variable and PARLEY_SPEECH_TEMPLATE_SYNTAX for unbalanced sections.
 */
export function renderTemplate(template: string, variables: TemplateVariables): string {
  return renderParts(parsed(template).parts, [variables]);
}

/**
 * The template rendered, or undefined when a top-level variable it uses is not supplied: a reply
 * whose variant needs a value the handler lacks (no delivery date) skips that variant on every
 * turn, so this path throws nothing. Other errors throw as in renderTemplate.
 */
export function renderTemplateIfSupplied(template: string, variables: TemplateVariables): string | undefined {
  const { parts, names } = parsed(template);
  for (const name of names) if (!Object.hasOwn(variables, name)) return undefined;
  return renderParts(parts, [variables]);
}

/** Top-level variable names a template uses (section names included). */
export function templateVariables(template: string): string[] {
  return [...parsed(template).names];
}

interface ParsedTemplate {
  parts: Part[];
  names: readonly string[];
}

/** Parsed templates by text: a brand's scripts are few and rendered on every scripted turn. */
const parsedTemplates = new Map<string, ParsedTemplate>();
const MAX_PARSED_TEMPLATES = 4096;

function parsed(template: string): ParsedTemplate {
  let entry = parsedTemplates.get(template);
  if (entry === undefined) {
    const parts = parseTemplate(template);
    const names = new Set<string>();
    for (const part of parts) if (part.kind !== 'text') names.add(part.name.split('.')[0] ?? part.name);
    entry = { parts, names: [...names].filter((name) => !name.startsWith('@') && name !== '.') };
    // Edited scripts bring new texts; starting over keeps the memo bounded.
    if (parsedTemplates.size >= MAX_PARSED_TEMPLATES) parsedTemplates.clear();
    parsedTemplates.set(template, entry);
  }
  return entry;
}

function parseTemplate(template: string): Part[] {
  const root: Part[] = [];
  const stack: Array<{ name: string; body: Part[] }> = [{ name: '', body: root }];
  let last = 0;
  for (const match of template.matchAll(TAG)) {
    const top = stack[stack.length - 1] ?? { name: '', body: root };
    const index = match.index ?? 0;
    if (index > last) top.body.push({ kind: 'text', text: template.slice(last, index) });
    last = index + match[0].length;
    const [, sigil, name = ''] = match;
    if (sigil === '#') {
      const section: Part = { kind: 'section', name, body: [] };
      top.body.push(section);
      stack.push({ name, body: section.body });
    } else if (sigil === '/') {
      if (stack.length === 1 || top.name !== name) throw speechError(SPEECH_ERROR_CODES.templateSyntax, `template closes {{/${name}}} without opening it`);
      stack.pop();
    } else {
      top.body.push({ kind: 'value', name });
    }
  }
  if (stack.length > 1) throw speechError(SPEECH_ERROR_CODES.templateSyntax, `template section {{#${stack[stack.length - 1]?.name ?? ''}}} is not closed`);
  if (last < template.length) root.push({ kind: 'text', text: template.slice(last) });
  return root;
}

type Scope = TemplateValue | TemplateVariables;

function renderParts(parts: Part[], scopes: Scope[]): string {
  return parts.map((part) => renderPart(part, scopes)).join('');
}

function renderPart(part: Part, scopes: Scope[]): string {
  if (part.kind === 'text') return part.text;
  const value = lookup(part.name, scopes);
  if (part.kind === 'value') {
    if (typeof value === 'object') throw speechError(SPEECH_ERROR_CODES.templateVariable, `template variable "${part.name}" is a list or record, not a value`);
    return escapeXml(String(value));
  }
  if (!Array.isArray(value)) throw speechError(SPEECH_ERROR_CODES.templateVariable, `template section "${part.name}" needs a list`);
  return value
    .map((item, index) => {
      const sep = index === value.length - 1 ? '' : index === value.length - 2 ? ' and ' : ', ';
      return renderParts(part.body, [...scopes, { '@number': index + 1, '@sep': sep }, item]);
    })
    .join('');
}

function lookup(name: string, scopes: Scope[]): TemplateValue {
  if (name === '.') {
    const top = scopes[scopes.length - 1];
    if (top === undefined) throw missing(name);
    return top as TemplateValue;
  }
  const [head = '', ...rest] = name.split('.');
  for (let i = scopes.length - 1; i >= 0; i -= 1) {
    const scope = scopes[i];
    if (isRecord(scope) && Object.hasOwn(scope, head)) {
      let value = scope[head] as TemplateValue;
      for (const key of rest) {
        if (!isRecord(value) || !Object.hasOwn(value, key)) throw missing(name);
        value = value[key] as TemplateValue;
      }
      return value;
    }
  }
  throw missing(name);
}

function missing(name: string): Error {
  return speechError(SPEECH_ERROR_CODES.templateVariable, `template variable "${name}" has no value`, { variable: name });
}

function isRecord(value: unknown): value is Record<string, TemplateValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where a rendered template's values lie: `name` is the top-level variable (a section's name for values inside it). */
export interface TemplateValueSpan {
  name: string;
  start: number;
  end: number;
}

/**
 * The values in `rendered`, if it is a rendering of `template` (undefined otherwise): the
 * template's text matched literally, each value as escaped text (no `<`), each section repeated
 * as often as it fits. Lets a caller that holds only the rendered SSML tell the carrier phrases
 * from the inserted values. Throws PARLEY_SPEECH_TEMPLATE_SYNTAX as renderTemplate does.
 */
export function templateValueSpans(template: string, rendered: string): TemplateValueSpan[] | undefined {
  const spans: TemplateValueSpan[] = [];
  let steps = 0;
  // Depth-first with backtracking; values take as little as they can. Bounded, so a pathological
  // template cannot stall a reply: past the bound the rendering counts as unmatched.
  const match = (parts: readonly Part[], index: number, at: number, owner: string | undefined, next: (at: number) => boolean): boolean => {
    if ((steps += 1) > 200_000) return false;
    const part = parts[index];
    if (part === undefined) return next(at);
    const rest = (to: number): boolean => match(parts, index + 1, to, owner, next);
    if (part.kind === 'text') return rendered.startsWith(part.text, at) && rest(at + part.text.length);
    if (part.kind === 'value') {
      const name = owner ?? part.name.split('.')[0] ?? part.name;
      for (let end = at; end <= rendered.length; end += 1) {
        if (end > at && rendered[end - 1] === '<') return false;
        spans.push({ name, start: at, end });
        if (rest(end)) return true;
        spans.pop();
      }
      return false;
    }
    const repeat = (from: number): boolean => {
      if (rest(from)) return true;
      const mark = spans.length;
      const ok = match(part.body, 0, from, owner ?? part.name, (to) => to > from && repeat(to));
      if (!ok) spans.length = mark;
      return ok;
    };
    return repeat(at);
  };
  if (!match(parsed(template).parts, 0, 0, undefined, (at) => at === rendered.length)) return undefined;
  // Adjacent values of one variable (`{{name}}{{@sep}}`) are one span: where one ends is ambiguous.
  const merged: TemplateValueSpan[] = [];
  for (const span of spans) {
    if (span.end === span.start) continue;
    const last = merged[merged.length - 1];
    if (last !== undefined && last.name === span.name && last.end === span.start) last.end = span.end;
    else merged.push({ ...span });
  }
  return merged;
}
