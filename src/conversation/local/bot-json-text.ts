import type { BotDiagnostics } from './bot-diagnostics.js';
import { jsonErrorOffset } from './bot-json-locate.js';

/**
 * Parses one export file, reporting invalid JSON with a line and column (Node 20's JSON.parse does not
 * always give a position, so bot-json-locate finds it). Returns undefined when the file does not parse.
 */
export function parseJsonText(file: string, text: string, diagnostics: BotDiagnostics): unknown {
  // Editors on Windows may save with a byte-order mark; JSON.parse rejects it.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body) as unknown;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const { line, column } = locate(body);
    diagnostics.error(file, '$', `invalid JSON at line ${line}, column ${column}: ${stripPosition(reason)}`);
    return undefined;
  }
}

function locate(text: string): { line: number; column: number } {
  const offset = jsonErrorOffset(text);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

/** V8 quotes a snippet of the file in its message; the diagnostic gives the place instead. */
function stripPosition(reason: string): string {
  return reason
    .replace(/,\s*"[\s\S]*" is not valid JSON$/, '')
    .replace(/\s*(in JSON )?at position \d+[\s\S]*$/, '')
    .replace(/\s*\(line \d+ column \d+\)/, '');
}
