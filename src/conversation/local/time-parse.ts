/**
 * AMAZON.Time as HH:MM (24 h): "3pm", "3 pm", "6:45 p.m.", "15:30", "noon", "midnight",
 * "7 o'clock", "half past four", "quarter to 5 pm", "in two hours", "in 30 minutes", "in an
 * hour", "in half an hour" (relative to the caller's local time).
 */
import { numberAt } from './number-parse.js';
import type { Token } from './text-normalize.js';
import { formatTime, type LocalNow } from './zoned-clock.js';

export interface TimeMatch {
  startToken: number;
  endToken: number;
  time: string;
}

const NAMED: Readonly<Record<string, [number, number]>> = { noon: [12, 0], midday: [12, 0], midnight: [0, 0] };
const CLOCK = /^(\d{1,2})(?::(\d{2}))?(am|pm|a\.m|p\.m)?$/;
const MERIDIEM = /^(am|pm|a\.m|p\.m)$/;

export function findTimes(tokens: readonly Token[], now: LocalNow): TimeMatch[] {
  const found: TimeMatch[] = [];
  let i = 0;
  while (i < tokens.length) {
    const match = timeAt(tokens, i, now);
    if (match) {
      found.push(match);
      i = match.endToken;
    } else i += 1;
  }
  return found;
}

function word(tokens: readonly Token[], i: number): string {
  return tokens[i]?.norm ?? '';
}

function timeAt(tokens: readonly Token[], i: number, now: LocalNow): TimeMatch | null {
  const named = NAMED[word(tokens, i)];
  if (named) return { startToken: i, endToken: i + 1, time: formatTime(named[0], named[1]) };
  return relativeAt(tokens, i, now) ?? pastOrToAt(tokens, i) ?? clockAt(tokens, i);
}

const FRACTIONS: Readonly<Record<string, number>> = { half: 30, quarter: 15 };

/** "half past four", "quarter past 3 pm", "a quarter to five", "ten past six", "20 to 9". */
function pastOrToAt(tokens: readonly Token[], i: number): TimeMatch | null {
  const start = i;
  if (word(tokens, i) === 'a' && word(tokens, i + 1) === 'quarter') i += 1;
  let minutes = FRACTIONS[word(tokens, i)];
  let next = i + 1;
  if (minutes === undefined) {
    const n = numberAt(tokens, i);
    if (!n || !Number.isInteger(n.value) || n.value < 1 || n.value > 59) return null;
    minutes = n.value;
    next = n.endToken;
    if (word(tokens, next).startsWith('minute')) next += 1;
  }
  const direction = word(tokens, next);
  if (direction !== 'past' && direction !== 'to' && direction !== 'after') return null;
  if (direction === 'to' && minutes === 30) return null; // "half to" is not English
  const hourMatch = numberAt(tokens, next + 1);
  if (!hourMatch || !Number.isInteger(hourMatch.value) || hourMatch.value < 1 || hourMatch.value > 12) return null;
  let end = hourMatch.endToken;
  let hour = hourMatch.value;
  const meridiem = MERIDIEM.test(word(tokens, end)) ? word(tokens, end) : undefined;
  if (meridiem) end += 1;
  if (meridiem?.startsWith('p') && hour < 12) hour += 12;
  if (meridiem?.startsWith('a') && hour === 12) hour = 0;
  const total = (hour * 60 + (direction === 'to' ? -minutes : minutes) + 24 * 60) % (24 * 60);
  return { startToken: start, endToken: end, time: formatTime(Math.floor(total / 60), total % 60) };
}

function relativeAt(tokens: readonly Token[], i: number, now: LocalNow): TimeMatch | null {
  if (word(tokens, i) !== 'in') return null;
  const n = articleQuantityAt(tokens, i + 1) ?? numberAt(tokens, i + 1);
  if (!n) return null;
  const unit = word(tokens, n.endToken);
  const minutes = unit.startsWith('hour') ? n.value * 60 : unit.startsWith('minute') || unit === 'mins' ? n.value : 0;
  if (minutes <= 0) return null;
  const total = Math.round(now.hour * 60 + now.minute + minutes) % (24 * 60);
  return { startToken: i, endToken: n.endToken + 1, time: formatTime(Math.floor(total / 60), total % 60) };
}

function clockAt(tokens: readonly Token[], i: number): TimeMatch | null {
  const match = CLOCK.exec(word(tokens, i));
  if (!match) return null;
  let end = i + 1;
  let meridiem = match[3];
  if (!meridiem && MERIDIEM.test(word(tokens, end))) {
    meridiem = word(tokens, end);
    end += 1;
  }
  const hasMinutes = match[2] !== undefined;
  if (!meridiem && !hasMinutes) {
    if (word(tokens, end) !== "o'clock") return null; // a bare number is not a time
    end += 1;
  }
  let hour = Number(match[1]);
  const minute = hasMinutes ? Number(match[2]) : 0;
  if (minute > 59 || hour > 23 || (meridiem && (hour < 1 || hour > 12))) return null;
  if (meridiem?.startsWith('p') && hour < 12) hour += 12;
  if (meridiem?.startsWith('a') && hour === 12) hour = 0;
  return { startToken: i, endToken: end, time: formatTime(hour, minute) };
}

/** "an hour", "a minute", "half an hour": the quantity before the unit. */
function articleQuantityAt(tokens: readonly Token[], i: number): { value: number; endToken: number } | null {
  const first = word(tokens, i);
  const isUnit = (w: string): boolean => w.startsWith('hour') || w.startsWith('minute');
  if (first === 'half' && (word(tokens, i + 1) === 'an' || word(tokens, i + 1) === 'a') && word(tokens, i + 2).startsWith('hour')) return { value: 0.5, endToken: i + 2 };
  // Only before the unit itself: "in a hundred minutes" is a number.
  if ((first === 'an' || first === 'a') && isUnit(word(tokens, i + 1))) return { value: 1, endToken: i + 1 };
  return null;
}
