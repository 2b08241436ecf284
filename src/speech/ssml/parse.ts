import { SaxesParser } from 'saxes';
import type { SourcePosition, SsmlElement, SsmlNode } from './tree.js';

/** A problem found in SSML, with where it is. `code` is stable; `message` is for people. */
export interface SsmlDiagnostic {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  line: number;
  column: number;
  /** The engine the rule belongs to, when it depends on one. */
  engine?: string;
}

export type ParseResult = { ok: true; root: SsmlElement } | { ok: false; diagnostics: SsmlDiagnostic[] };

/**
 * Parses SSML with a strict XML parser (saxes): not well-formed input yields `malformed-xml`
 * diagnostics with line and column, exactly the documents Polly rejects with InvalidSsmlException.
 * Namespace prefixes are kept as written because Polly's `amazon:` tags are used undeclared.
 */
export function parseSsml(source: string): ParseResult {
  const lines = lineStarts(source);
  const at = (offset: number): SourcePosition => positionOf(lines, offset);
  const parser = new SaxesParser({ xmlns: false, position: true });
  const diagnostics: SsmlDiagnostic[] = [];
  const stack: SsmlElement[] = [];
  let root: SsmlElement | undefined;
  let textStart = 0;

  parser.on('error', (error) => {
    const message = error.message.replace(/^\d+:\d+: /, '');
    // saxes reports unclosed tags at the end of input; point at the tag that was left open instead.
    const unclosed = /^unclosed tag: (.+)$/.exec(message)?.[1];
    const open = unclosed === undefined ? undefined : stack.findLast((element) => element.name === unclosed);
    const at = open?.position ?? { line: parser.line, column: Math.max(1, parser.column) };
    diagnostics.push({ severity: 'error', code: 'malformed-xml', message, line: at.line, column: at.column });
  });
  parser.on('opentagstart', (tag) => {
    const element: SsmlElement = { kind: 'element', name: tag.name, attributes: [], children: [], position: at(parser.position - tag.name.length - 2) };
    const parent = stack[stack.length - 1];
    if (parent !== undefined) parent.children.push(element);
    else root ??= element;
    stack.push(element);
  });
  parser.on('attribute', (attribute) => {
    const element = stack[stack.length - 1];
    if (element === undefined) return;
    const offset = Math.max(0, source.lastIndexOf(attribute.name, parser.position - 1));
    element.attributes.push({ name: attribute.name, value: attribute.value, position: at(offset) });
  });
  parser.on('opentag', (tag) => {
    textStart = parser.position;
    if (tag.isSelfClosing) stack.pop();
  });
  parser.on('closetag', (tag) => {
    textStart = parser.position;
    if (!tag.isSelfClosing) stack.pop();
  });
  const addText = (text: string, start: number): void => {
    const parent = stack[stack.length - 1];
    if (parent === undefined) return;
    const last = parent.children[parent.children.length - 1];
    if (last?.kind === 'text') last.text += text;
    else parent.children.push({ kind: 'text', text, position: at(start) });
  };
  parser.on('text', (text) => addText(text, textStart));
  parser.on('cdata', (text) => addText(text, textStart));
  parser.on('comment', () => {
    textStart = parser.position;
  });

  parser.write(source).close();
  if (diagnostics.length > 0) return { ok: false, diagnostics: dedupe(diagnostics) };
  if (root === undefined) return { ok: false, diagnostics: [{ severity: 'error', code: 'malformed-xml', message: 'document has no root element', line: 1, column: 1 }] };
  return { ok: true, root };
}

/** Trailing errors repeat for every unclosed ancestor; keep the first of each message. */
function dedupe(diagnostics: SsmlDiagnostic[]): SsmlDiagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => !seen.has(d.message) && (seen.add(d.message), true));
}

function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = 0; i < source.length; i += 1) if (source.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function positionOf(starts: number[], offset: number): SourcePosition {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { offset, line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
}

export type { SsmlNode };
