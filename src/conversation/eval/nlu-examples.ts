/**
 * Labelled NLU examples in JSON Lines: {"text", "intent", "slots": [{"name", "value", "start",
 * "end"}]} with character offsets (end exclusive). Every problem is a ValidationError naming the
 * file and line, so a bad row in a 13k-line file can be found.
 */
import { ValidationError } from '../../shared/errors.js';
import { isLexName } from '../local/bot-names.js';
import { describeTextProblem, textProblem } from '../local/request-validation.js';

export interface ExampleSlot {
  name: string;
  value: string;
  start: number;
  end: number;
}

export interface NluExample {
  text: string;
  intent: string;
  slots: ExampleSlot[];
  /** 1-based line in the file it was read from, for messages about it. */
  line?: number;
}

const NAME_RULE = 'letters and digits, with a single _ or - between them, at most 100 characters, as Lex names are';

function fail(source: string, line: number, message: string): never {
  throw new ValidationError('PARLEY_NLU_EVAL_INVALID_LINE', `${source}:${line}: ${message}`, { details: { source, line } });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseSlot(raw: unknown, text: string, where: (message: string) => never, index: number): ExampleSlot {
  if (!isRecord(raw)) return where(`slots[${index}] is not an object`);
  const { name, value, start, end } = raw;
  if (typeof name !== 'string' || !isLexName(name)) return where(`slots[${index}].name must be a slot name: ${NAME_RULE}`);
  if (!Number.isInteger(start) || !Number.isInteger(end)) return where(`slots[${index}].start and .end must be integers`);
  const s = start as number;
  const e = end as number;
  if (s < 0 || e <= s || e > text.length) return where(`slots[${index}] offsets ${s}-${e} are outside the text (length ${text.length})`);
  const spanned = text.slice(s, e);
  if (value !== undefined && value !== spanned) return where(`slots[${index}].value "${String(value)}" is not text[${s}:${e}] ("${spanned}")`);
  return { name, value: spanned, start: s, end: e };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The file's bytes as text, or a ValidationError naming the first line that is not valid UTF-8.
 * Validity is decided on the bytes: a file may hold U+FFFD itself, validly encoded (SNIPS's
 * training split has one line with it), which is text like any other.
 */
function decodeUtf8(bytes: Uint8Array, source: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    let start = 0;
    let line = 1;
    for (let i = 0; i <= bytes.length; i += 1) {
      if (i < bytes.length && bytes[i] !== 0x0a) continue;
      try {
        strictUtf8.decode(bytes.subarray(start, i));
      } catch {
        return fail(source, line, 'not valid UTF-8');
      }
      start = i + 1;
      line += 1;
    }
    return fail(source, line, 'not valid UTF-8');
  }
}

/**
 * Parses JSONL, given as a file's bytes (checked to be UTF-8) or as text; blank lines are
 * skipped. `source` names the file in errors.
 */
export function parseExamples(input: string | Uint8Array, source: string): NluExample[] {
  const content = typeof input === 'string' ? input : decodeUtf8(input, source);
  const examples: NluExample[] = [];
  content.split(/\r?\n/).forEach((line, index) => {
    const lineNumber = index + 1;
    if (line.trim() === '') return;
    const where = (message: string): never => fail(source, lineNumber, message);
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      where('not valid JSON');
    }
    if (!isRecord(raw)) return where('not a JSON object');
    const { text, intent, slots } = raw;
    if (typeof text !== 'string' || text.trim() === '') return where('"text" must be a non-empty string');
    if (typeof intent !== 'string' || !isLexName(intent)) return where(`"intent" must be an intent name: ${NAME_RULE}`);
    if (slots !== undefined && slots !== null && !Array.isArray(slots)) return where('"slots" must be an array');
    const parsed = (Array.isArray(slots) ? slots : []).map((s, i) => parseSlot(s, text, where, i)).sort((a, b) => a.start - b.start);
    for (let i = 1; i < parsed.length; i += 1) {
      if ((parsed[i] as ExampleSlot).start < (parsed[i - 1] as ExampleSlot).end) where('slots overlap');
    }
    examples.push({ text, intent, slots: parsed, line: lineNumber });
  });
  if (examples.length === 0) throw new ValidationError('PARLEY_NLU_EVAL_EMPTY', `${source}: no examples`);
  return examples;
}

/**
 * Test lines are sent to the engine as a user's text: one it would refuse (over 1,024 characters, a
 * control character, U+FFFD) is an error naming its line, before any training starts.
 */
export function checkTestTexts(examples: readonly NluExample[], source: string): void {
  for (const example of examples) {
    const problem = textProblem(example.text.trim());
    if (problem !== undefined) fail(source, example.line ?? 0, `the engine would refuse this text: ${describeTextProblem(problem)}`);
  }
}
