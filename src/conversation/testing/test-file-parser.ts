/**
 * Reads a conversation test file (YAML) into the test model. Every problem is collected with its
 * line number, and the whole list is thrown at once, so one run shows all that is wrong with a
 * file. The YAML format is documented in docs/conversation.md ("Conversation tests").
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { ValidationError } from '../../shared/errors.js';
import type { ConfirmationState, DialogActionType, IntentState } from '../port.js';
import { isValidTimeZone } from '../local/zoned-clock.js';
import {
  DEFAULT_TEST_CLOCK,
  DEFAULT_TEST_TIME_ZONE,
  type ConversationTestFile,
  type ReplyMatcher,
  type TestConversation,
  type TestFileProblem,
  type TestTurn,
  type TurnExpectation,
  type ValueMatcher,
} from './test-model.js';

const INTENT_STATES: readonly IntentState[] = ['Failed', 'Fulfilled', 'InProgress', 'ReadyForFulfillment', 'Waiting', 'FulfillmentInProgress'];
const CONFIRMATION_STATES: readonly ConfirmationState[] = ['Confirmed', 'Denied', 'None'];
const DIALOG_ACTIONS: readonly DialogActionType[] = ['Close', 'ConfirmIntent', 'Delegate', 'ElicitIntent', 'ElicitSlot', 'None'];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const FILE_KEYS = ['clock', 'timeZone', 'locale', 'conversations'];
const CONVERSATION_KEYS = ['name', 'turns'];
const TURN_KEYS = ['user', 'intent', 'state', 'confirmationState', 'dialogAction', 'slotToElicit', 'slots', 'reply'];
/** A test file is written by hand; anything larger is a mistake, not a test. */
export const MAX_TEST_FILE_BYTES = 1024 * 1024;

/** Thrown with every problem of a file; `details.problems` lists them with line numbers. */
export class ConversationTestFileError extends ValidationError {
  readonly problems: TestFileProblem[];
  constructor(problems: TestFileProblem[]) {
    super('PARLEY_CONVERSATION_TEST_INVALID', problems.map((p) => `${p.source}:${p.line}: ${p.message}`).join('\n'), { details: { problems } });
    this.problems = problems;
  }
}

class Reader {
  readonly problems: TestFileProblem[] = [];
  constructor(
    readonly source: string,
    private readonly lines: LineCounter,
  ) {}

  line(node: Node | Pair | null | undefined): number {
    const range = node && 'range' in node ? node.range : node && 'key' in node && isScalar(node.key) ? node.key.range : undefined;
    return range ? this.lines.linePos(range[0]).line : 1;
  }

  problem(node: Node | Pair | null | undefined, message: string): void {
    this.problems.push({ source: this.source, line: this.line(node), message });
  }

  /** A non-empty string scalar, or undefined with a problem. */
  text(node: unknown, what: string, at: Node | Pair | null): string | undefined {
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) {
      const value = String(node.value);
      if (value.trim() !== '') return value;
    }
    this.problem(isScalar(node) ? node : at, `${what} must be a non-empty string`);
    return undefined;
  }

  oneOf<T extends string>(node: unknown, what: string, allowed: readonly T[], at: Node | Pair | null): T | undefined {
    const value = this.text(node, what, at);
    if (value === undefined) return undefined;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problem(isScalar(node) ? node : at, `${what} must be one of ${allowed.join(', ')}, not "${value}"`);
    return undefined;
  }

  regex(node: unknown, what: string, at: Node | Pair | null): { pattern: RegExp; source: string } | undefined {
    const value = this.text(node, what, at);
    if (value === undefined) return undefined;
    // "/pattern/flags" sets flags (i, m, s); a bare string is the pattern itself.
    const slashed = /^\/(.*)\/([ims]*)$/s.exec(value);
    try {
      return { pattern: slashed ? new RegExp(slashed[1] as string, `u${slashed[2] as string}`) : new RegExp(value, 'u'), source: value };
    } catch (error) {
      this.problem(isScalar(node) ? node : at, `${what} is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /** The pairs of a mapping with string keys; unknown keys are problems. */
  pairs(node: YAMLMap, allowed: readonly string[], where: string): Map<string, Pair> {
    const found = new Map<string, Pair>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!allowed.includes(key)) this.problem(pair, `unknown key "${key}" in ${where} (expected one of ${allowed.join(', ')})`);
      else if (found.has(key)) this.problem(pair, `"${key}" appears twice in ${where}`);
      else found.set(key, pair);
    }
    return found;
  }
}

/** Parses and validates one file's text. Throws ConversationTestFileError listing every problem. */
export function parseConversationTestFile(content: string, source: string): ConversationTestFile {
  const lines = new LineCounter();
  const reader = new Reader(source, lines);
  if (Buffer.byteLength(content, 'utf8') > MAX_TEST_FILE_BYTES) {
    throw new ConversationTestFileError([{ source, line: 1, message: `the file is larger than ${MAX_TEST_FILE_BYTES} bytes` }]);
  }
  const doc = parseDocument(content, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  for (const error of doc.errors) reader.problems.push({ source, line: lines.linePos(error.pos[0]).line, message: `YAML: ${error.message.split('\n')[0]}` });
  if (reader.problems.length > 0) throw new ConversationTestFileError(reader.problems);
  const root = doc.contents;
  if (!isMap(root)) throw new ConversationTestFileError([{ source, line: reader.line(root), message: 'the file must be a mapping with a "conversations" list' }]);

  const top = reader.pairs(root, FILE_KEYS, 'the file');
  const clock = readClock(reader, top.get('clock'));
  const timeZone = readTimeZone(reader, top.get('timeZone'));
  const localePair = top.get('locale');
  const localeId = localePair ? reader.text(localePair.value, 'locale', localePair) : undefined;
  if (localeId !== undefined && !/^[a-z]{2}_[A-Z]{2}$/.test(localeId)) reader.problem(localePair ?? null, `locale must look like en_US, not "${localeId}"`);

  const conversations: TestConversation[] = [];
  const listPair = top.get('conversations');
  if (!listPair || !isSeq(listPair.value) || listPair.value.items.length === 0) {
    reader.problem(listPair ?? root, '"conversations" must be a non-empty list');
  } else {
    const names = new Set<string>();
    for (const item of listPair.value.items) {
      const conversation = readConversation(reader, item as Node);
      if (!conversation) continue;
      if (names.has(conversation.name)) reader.problem(item as Node, `two conversations are named "${conversation.name}"`);
      names.add(conversation.name);
      conversations.push(conversation);
    }
  }
  if (reader.problems.length > 0) throw new ConversationTestFileError(reader.problems);
  return { source, clock, timeZone, ...(localeId === undefined ? {} : { localeId }), conversations };
}

function readClock(reader: Reader, pair: Pair | undefined): Date {
  if (!pair) return new Date(DEFAULT_TEST_CLOCK);
  const text = reader.text(pair.value, 'clock', pair);
  // An explicit offset keeps the instant unambiguous whatever the machine's time zone.
  if (text !== undefined && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    const date = new Date(text);
    if (!Number.isNaN(date.getTime())) return date;
  }
  if (text !== undefined) reader.problem(pair, `clock must be an ISO 8601 instant with a zone, like ${DEFAULT_TEST_CLOCK}, not "${text}"`);
  return new Date(DEFAULT_TEST_CLOCK);
}

function readTimeZone(reader: Reader, pair: Pair | undefined): string {
  if (!pair) return DEFAULT_TEST_TIME_ZONE;
  const text = reader.text(pair.value, 'timeZone', pair);
  if (text !== undefined && isValidTimeZone(text)) return text;
  if (text !== undefined) reader.problem(pair, `timeZone must be an IANA time zone name (like Europe/London), not "${text}"`);
  return DEFAULT_TEST_TIME_ZONE;
}

function readConversation(reader: Reader, node: Node): TestConversation | undefined {
  if (!isMap(node)) {
    reader.problem(node, 'each conversation must be a mapping with "name" and "turns"');
    return undefined;
  }
  const keys = reader.pairs(node, CONVERSATION_KEYS, 'a conversation');
  const namePair = keys.get('name');
  const name = namePair ? reader.text(namePair.value, 'name', namePair) : undefined;
  if (!namePair) reader.problem(node, 'a conversation needs a "name"');
  const turnsPair = keys.get('turns');
  if (!turnsPair || !isSeq(turnsPair.value) || turnsPair.value.items.length === 0) {
    reader.problem(turnsPair ?? node, `conversation ${name === undefined ? '' : `"${name}" `}needs a non-empty "turns" list`);
    return undefined;
  }
  const turns = turnsPair.value.items.map((t) => readTurn(reader, t as Node)).filter((t): t is TestTurn => t !== undefined);
  if (name === undefined) return undefined;
  return { name, turns, line: reader.line(node) };
}

function readTurn(reader: Reader, node: Node): TestTurn | undefined {
  if (!isMap(node)) {
    reader.problem(node, 'each turn must be a mapping with "user" and expectations');
    return undefined;
  }
  const keys = reader.pairs(node, TURN_KEYS, 'a turn');
  const userPair = keys.get('user');
  if (!userPair) reader.problem(node, 'a turn needs "user" (what the user says)');
  const user = userPair ? reader.text(userPair.value, 'user', userPair) : undefined;
  const expect: TurnExpectation = {};
  const lines: TestTurn['lines'] = {};
  const intent = keys.get('intent');
  if (intent) {
    const value = reader.text(intent.value, 'intent', intent);
    if (value !== undefined) expect.intent = value;
    lines.intent = reader.line(intent);
  }
  const state = keys.get('state');
  if (state) setIf(expect, 'state', reader.oneOf(state.value, 'state', INTENT_STATES, state));
  const confirmation = keys.get('confirmationState');
  if (confirmation) setIf(expect, 'confirmationState', reader.oneOf(confirmation.value, 'confirmationState', CONFIRMATION_STATES, confirmation));
  const action = keys.get('dialogAction');
  if (action) setIf(expect, 'dialogAction', reader.oneOf(action.value, 'dialogAction', DIALOG_ACTIONS, action));
  const slotToElicit = keys.get('slotToElicit');
  if (slotToElicit) {
    setIf(expect, 'slotToElicit', reader.text(slotToElicit.value, 'slotToElicit', slotToElicit));
    lines.slotToElicit = reader.line(slotToElicit);
  }
  const slots = keys.get('slots');
  if (slots) expect.slots = readSlots(reader, slots);
  const reply = keys.get('reply');
  if (reply) setIf(expect, 'reply', readReply(reader, reply));
  if (user === undefined) return undefined;
  return { user, expect, line: reader.line(node), lines };
}

function setIf<K extends keyof TurnExpectation>(target: TurnExpectation, key: K, value: TurnExpectation[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function readSlots(reader: Reader, pair: Pair): NonNullable<TurnExpectation['slots']> {
  if (!isMap(pair.value)) {
    reader.problem(pair, '"slots" must be a mapping of slot name to expected value');
    return [];
  }
  const result: NonNullable<TurnExpectation['slots']> = [];
  for (const slot of pair.value.items) {
    const name = isScalar(slot.key) ? String(slot.key.value) : '';
    if (name === '') {
      reader.problem(slot, 'a slot name must be a string');
      continue;
    }
    const matcher = readValueMatcher(reader, slot.value as Node | null, `slot ${name}`, slot);
    if (matcher) result.push({ name, matcher, line: reader.line(slot) });
  }
  return result;
}

/**
 * A slot expectation: a string (exact value), null (unfilled), a list (a multi-valued slot's
 * values), or a mapping with one of equals, matches, weekday, daysFromToday, values.
 */
function readValueMatcher(reader: Reader, node: Node | null, what: string, at: Pair): ValueMatcher | undefined {
  if (node === null || (isScalar(node) && node.value === null)) return { kind: 'empty' };
  if (isScalar(node)) {
    const value = reader.text(node, what, at);
    return value === undefined ? undefined : { kind: 'equals', value };
  }
  if (isSeq(node)) {
    const values = node.items.map((item) => readValueMatcher(reader, item as Node, `${what} value`, at));
    if (values.some((v) => v === undefined || v.kind === 'empty' || v.kind === 'values')) {
      reader.problem(node, `${what}: a list holds the expected values of a multi-valued slot (each a string or matcher)`);
      return undefined;
    }
    return { kind: 'values', values: values as ValueMatcher[] };
  }
  if (!isMap(node) || node.items.length !== 1) {
    reader.problem(node, `${what} must be a string, null, a list, or a mapping with one of equals, matches, weekday, daysFromToday, values`);
    return undefined;
  }
  const entry = node.items[0] as Pair;
  const key = isScalar(entry.key) ? String(entry.key.value) : '';
  const value = entry.value as Node | null;
  switch (key) {
    case 'equals': {
      const text = reader.text(value, `${what} equals`, entry);
      return text === undefined ? undefined : { kind: 'equals', value: text };
    }
    case 'matches': {
      const regex = reader.regex(value, `${what} matches`, entry);
      return regex === undefined ? undefined : { kind: 'matches', ...regex };
    }
    case 'weekday': {
      const name = reader.text(value, `${what} weekday`, entry);
      const weekday = name === undefined ? -1 : WEEKDAYS.indexOf(name.toLowerCase());
      if (name !== undefined && weekday < 0) reader.problem(entry, `${what} weekday must be a day name like Friday, not "${name}"`);
      return weekday < 0 || name === undefined ? undefined : { kind: 'weekday', weekday, name };
    }
    case 'daysFromToday': {
      const days = isScalar(value) && typeof value.value === 'number' && Number.isInteger(value.value) ? value.value : undefined;
      if (days === undefined || Math.abs(days) > 3660) {
        reader.problem(entry, `${what} daysFromToday must be a whole number of days (0 is the clock's date, 1 the day after)`);
        return undefined;
      }
      return { kind: 'daysFromToday', days };
    }
    case 'values':
      if (!isSeq(value)) {
        reader.problem(entry, `${what} values must be a list`);
        return undefined;
      }
      return readValueMatcher(reader, value, what, at);
    default:
      reader.problem(entry, `${what}: unknown matcher "${key}" (expected equals, matches, weekday, daysFromToday or values)`);
      return undefined;
  }
}

/** A reply expectation: a string (the exact text; "" for no message), or a mapping with contains or matches. */
function readReply(reader: Reader, pair: Pair): ReplyMatcher | undefined {
  const node = pair.value as Node | null;
  // An empty string says the engine answers with no message (a turn handed over for fulfilment).
  if (isScalar(node) && node.value === '') return { kind: 'equals', value: '' };
  if (isScalar(node)) {
    const value = reader.text(node, 'reply', pair);
    return value === undefined ? undefined : { kind: 'equals', value };
  }
  if (!isMap(node) || node.items.length !== 1) {
    reader.problem(node ?? pair, 'reply must be a string (exact text) or a mapping with one of contains, matches');
    return undefined;
  }
  const entry = node.items[0] as Pair;
  const key = isScalar(entry.key) ? String(entry.key.value) : '';
  if (key === 'contains') {
    const value = reader.text(entry.value, 'reply contains', entry);
    return value === undefined ? undefined : { kind: 'contains', value };
  }
  if (key === 'matches') {
    const regex = reader.regex(entry.value, 'reply matches', entry);
    return regex === undefined ? undefined : { kind: 'matches', ...regex };
  }
  if (key === 'equals') {
    const value = reader.text(entry.value, 'reply equals', entry);
    return value === undefined ? undefined : { kind: 'equals', value };
  }
  reader.problem(entry, `reply: unknown matcher "${key}" (expected equals, contains or matches)`);
  return undefined;
}
