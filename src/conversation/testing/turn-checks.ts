/**
 * Compares one engine answer with a turn's expectations, and two engines' answers with each
 * other. Each mismatch names the field and shows expected against actual.
 */
import type { RecognizeTextResponse, Slot } from '../port.js';
import { addDays, formatIsoDate, localNow, weekdayOf, type PlainDate } from '../local/zoned-clock.js';
import type { ReplyMatcher, TurnExpectation, ValueMatcher } from './test-model.js';

export interface Mismatch {
  /** e.g. "intent", "slots.FittingDate", "reply". */
  field: string;
  expected: string;
  actual: string;
}

/** What a turn is compared on: the parts of an answer a conversation test can name. */
export interface TurnOutcome {
  intent: string | null;
  state: string | null;
  confirmationState: string | null;
  dialogAction: string | null;
  slotToElicit: string | null;
  /** Interpreted values; a multi-valued slot lists each value. */
  slots: Record<string, string[] | null>;
  reply: string;
}

export function outcomeOf(response: RecognizeTextResponse): TurnOutcome {
  const intent = response.sessionState.intent;
  const slots: Record<string, string[] | null> = {};
  for (const [name, slot] of Object.entries(intent?.slots ?? {})) slots[name] = slotValues(slot);
  return {
    intent: intent?.name ?? null,
    state: intent?.state ?? null,
    confirmationState: intent?.confirmationState ?? null,
    dialogAction: response.sessionState.dialogAction?.type ?? null,
    slotToElicit: response.sessionState.dialogAction?.slotToElicit ?? null,
    slots,
    reply: response.messages.map((m) => m.content ?? m.imageResponseCard?.title ?? '').filter((t) => t !== '').join(' '),
  };
}

function slotValues(slot: Slot | null | undefined): string[] | null {
  if (!slot) return null;
  if (slot.values && slot.values.length > 0) return slot.values.flatMap((v) => slotValues(v) ?? []);
  return slot.value ? [slot.value.interpretedValue] : null;
}

export interface CheckContext {
  clock: Date;
  timeZone: string;
}

export function checkTurn(expect: TurnExpectation, outcome: TurnOutcome, context: CheckContext): Mismatch[] {
  const found: Mismatch[] = [];
  const scalar = (field: keyof TurnOutcome & keyof TurnExpectation): void => {
    const wanted = expect[field];
    if (wanted !== undefined && typeof wanted === 'string' && wanted !== outcome[field]) found.push({ field, expected: quote(wanted), actual: quote(outcome[field] as string | null) });
  };
  scalar('intent');
  scalar('state');
  scalar('confirmationState');
  scalar('dialogAction');
  scalar('slotToElicit');
  for (const { name, matcher } of expect.slots ?? []) {
    const actual = outcome.slots[name] ?? null;
    if (!valueMatches(matcher, actual, context)) found.push({ field: `slots.${name}`, expected: describeMatcher(matcher, context), actual: describeValues(actual) });
  }
  if (expect.reply && !replyMatches(expect.reply, outcome.reply)) found.push({ field: 'reply', expected: describeReply(expect.reply), actual: quote(outcome.reply) });
  return found;
}

function valueMatches(matcher: ValueMatcher, actual: string[] | null, context: CheckContext): boolean {
  if (matcher.kind === 'empty') return actual === null;
  if (matcher.kind === 'values') {
    return actual !== null && actual.length === matcher.values.length && matcher.values.every((m, i) => valueMatches(m, [actual[i] as string], context));
  }
  if (actual === null || actual.length !== 1) return false;
  const value = actual[0] as string;
  switch (matcher.kind) {
    case 'equals':
      return value === matcher.value;
    case 'matches':
      return matcher.pattern.test(value);
    case 'weekday': {
      const date = parseIsoDate(value);
      return date !== null && weekdayOf(date) === matcher.weekday;
    }
    case 'daysFromToday':
      return value === expectedDate(matcher.days, context);
  }
}

function expectedDate(days: number, context: CheckContext): string {
  return formatIsoDate(addDays(localNow(context.clock, context.timeZone), days));
}

function parseIsoDate(value: string): PlainDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
}

function replyMatches(matcher: ReplyMatcher, reply: string): boolean {
  if (matcher.kind === 'equals') return reply === matcher.value;
  if (matcher.kind === 'contains') return reply.includes(matcher.value);
  return matcher.pattern.test(reply);
}

function describeMatcher(matcher: ValueMatcher, context: CheckContext): string {
  switch (matcher.kind) {
    case 'empty':
      return 'no value';
    case 'equals':
      return quote(matcher.value);
    case 'matches':
      return `a value matching /${matcher.source}/`;
    case 'weekday':
      return `a date (YYYY-MM-DD) on a ${matcher.name}`;
    case 'daysFromToday':
      return `${quote(expectedDate(matcher.days, context))} (${matcher.days} day(s) from the clock's date)`;
    case 'values':
      return `the values [${matcher.values.map((m) => describeMatcher(m, context)).join(', ')}]`;
  }
}

function describeReply(matcher: ReplyMatcher): string {
  if (matcher.kind === 'equals') return quote(matcher.value);
  if (matcher.kind === 'contains') return `a reply containing ${quote(matcher.value)}`;
  return `a reply matching /${matcher.source}/`;
}

function describeValues(values: string[] | null): string {
  if (values === null) return 'no value';
  return values.length === 1 ? quote(values[0] as string) : `the values [${values.map(quote).join(', ')}]`;
}

function quote(value: string | null): string {
  return value === null ? 'none' : JSON.stringify(value);
}

/**
 * Where two engines' answers to the same turn differ: intent, state, confirmation, dialog action,
 * slot to elicit and slot values. Reply texts are not compared: Lex picks among a message's
 * variations at random.
 */
export function compareOutcomes(a: TurnOutcome, b: TurnOutcome): Array<{ field: string; a: string; b: string }> {
  const diffs: Array<{ field: string; a: string; b: string }> = [];
  for (const field of ['intent', 'state', 'confirmationState', 'dialogAction', 'slotToElicit'] as const) {
    if (a[field] !== b[field]) diffs.push({ field, a: quote(a[field]), b: quote(b[field]) });
  }
  const names = new Set([...Object.keys(a.slots), ...Object.keys(b.slots)]);
  for (const name of [...names].sort()) {
    const left = a.slots[name] ?? null;
    const right = b.slots[name] ?? null;
    if (JSON.stringify(left) !== JSON.stringify(right)) diffs.push({ field: `slots.${name}`, a: describeValues(left), b: describeValues(right) });
  }
  return diffs;
}
