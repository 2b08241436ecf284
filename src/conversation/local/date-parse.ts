/**
 * AMAZON.Date: relative days ("today", "tomorrow", "in 3 days"), weekdays ("friday", "next
 * friday"), month-day forms ("march 3rd", "the 5th of june", "3 march 2027") and numeric forms
 * ("2026-12-01", "12/01/2026", month first as in en_US). Like Lex, a date without a year is on or
 * after today.
 */
import { MONTH_ABBREVIATIONS, MONTHS, ORDINAL_PHRASES, WEEKDAYS } from './builtin-words.js';
import { numberAt } from './number-parse.js';
import type { Token } from './text-normalize.js';
import { addDays, compareDates, formatIsoDate, isValidDate, type LocalNow, type PlainDate } from './zoned-clock.js';

export interface DateMatch {
  startToken: number;
  endToken: number;
  iso: string;
}

const RELATIVE_DAYS: Readonly<Record<string, number>> = { today: 0, tonight: 0, tomorrow: 1, yesterday: -1 };
const ORDINAL_DIGITS = /^(\d{1,2})(?:st|nd|rd|th)?$/;
const SLASHED = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{2}|\d{4}))?$/;

export function findDates(tokens: readonly Token[], today: LocalNow): DateMatch[] {
  const found: DateMatch[] = [];
  let i = 0;
  while (i < tokens.length) {
    const match = dateAt(tokens, i, today);
    if (match) {
      found.push({ startToken: i, endToken: match.end, iso: formatIsoDate(match.date) });
      i = match.end;
    } else i += 1;
  }
  return found;
}

interface At {
  end: number;
  date: PlainDate;
}

function dateAt(tokens: readonly Token[], i: number, today: LocalNow): At | null {
  return relativeAt(tokens, i, today) ?? weekdayAt(tokens, i, today) ?? isoAt(tokens, i) ?? slashedAt(tokens, i, today)
    ?? monthFirstAt(tokens, i, today) ?? dayFirstAt(tokens, i, today);
}

function word(tokens: readonly Token[], i: number): string {
  return tokens[i]?.norm ?? '';
}

function relativeAt(tokens: readonly Token[], i: number, today: LocalNow): At | null {
  const offset = RELATIVE_DAYS[word(tokens, i)];
  if (offset !== undefined) return { end: i + 1, date: addDays(today, offset) };
  if (word(tokens, i) === 'day' && word(tokens, i + 1) === 'after' && word(tokens, i + 2) === 'tomorrow') return { end: i + 3, date: addDays(today, 2) };
  if (word(tokens, i) === 'in') {
    const n = numberAt(tokens, i + 1);
    const unit = n ? word(tokens, n.endToken) : '';
    const days = unit.startsWith('day') ? 1 : unit.startsWith('week') ? 7 : 0;
    if (n && days > 0 && Number.isInteger(n.value)) return { end: n.endToken + 1, date: addDays(today, n.value * days) };
  }
  return null;
}

function weekdayAt(tokens: readonly Token[], i: number, today: LocalNow): At | null {
  const modifier = word(tokens, i);
  const hasModifier = modifier === 'next' || modifier === 'this' || modifier === 'coming';
  const index = hasModifier ? i + 1 : i;
  const weekday = WEEKDAYS.indexOf(word(tokens, index).replace(/s$/, ''));
  if (weekday < 0) return null;
  let ahead = (weekday - today.weekday + 7) % 7;
  // "next friday" on a Friday means a week ahead; plain "friday" on a Friday means today.
  if (ahead === 0 && modifier === 'next') ahead = 7;
  return { end: index + 1, date: addDays(today, ahead) };
}

function isoAt(tokens: readonly Token[], i: number): At | null {
  const [y, m, d] = [word(tokens, i), word(tokens, i + 1), word(tokens, i + 2)];
  if (!/^\d{4}$/.test(y) || !/^\d{1,2}$/.test(m) || !/^\d{1,2}$/.test(d)) return null;
  // Only when typed with hyphens: "2026 12 01" is three numbers, not a date.
  const a = tokens[i] as Token;
  const c = tokens[i + 2] as Token;
  if (c.end - a.start !== y.length + m.length + d.length + 2) return null;
  const date = { year: Number(y), month: Number(m), day: Number(d) };
  return isValidDate(date) ? { end: i + 3, date } : null;
}

function slashedAt(tokens: readonly Token[], i: number, today: LocalNow): At | null {
  const match = SLASHED.exec(word(tokens, i));
  if (!match) return null;
  const year = match[3] === undefined ? undefined : Number(match[3].length === 2 ? `20${match[3]}` : match[3]);
  return withYear({ month: Number(match[1]), day: Number(match[2]) }, year, today, i + 1);
}

function monthAt(tokens: readonly Token[], i: number): number {
  const w = word(tokens, i).replace(/\.$/, '');
  const full = MONTHS.indexOf(w);
  return full >= 0 ? full + 1 : (MONTH_ABBREVIATIONS[w] ?? 0);
}

function dayAt(tokens: readonly Token[], i: number): { day: number; end: number } | null {
  const two = ORDINAL_PHRASES.get(`${word(tokens, i)} ${word(tokens, i + 1)}`);
  if (two !== undefined) return { day: two, end: i + 2 };
  const one = ORDINAL_PHRASES.get(word(tokens, i));
  if (one !== undefined) return { day: one, end: i + 1 };
  const digits = ORDINAL_DIGITS.exec(word(tokens, i));
  return digits ? { day: Number(digits[1]), end: i + 1 } : null;
}

function yearAt(tokens: readonly Token[], i: number): number | undefined {
  return /^\d{4}$/.test(word(tokens, i)) ? Number(word(tokens, i)) : undefined;
}

function monthFirstAt(tokens: readonly Token[], i: number, today: LocalNow): At | null {
  const month = monthAt(tokens, i);
  if (month === 0) return null;
  const start = word(tokens, i + 1) === 'the' ? i + 2 : i + 1;
  const day = dayAt(tokens, start);
  if (!day) return null;
  const year = yearAt(tokens, day.end);
  return withYear({ month, day: day.day }, year, today, year === undefined ? day.end : day.end + 1);
}

function dayFirstAt(tokens: readonly Token[], i: number, today: LocalNow): At | null {
  const start = word(tokens, i) === 'the' ? i + 1 : i;
  const day = dayAt(tokens, start);
  if (!day) return null;
  const monthIndex = word(tokens, day.end) === 'of' ? day.end + 1 : day.end;
  const month = monthAt(tokens, monthIndex);
  if (month === 0) return null;
  const year = yearAt(tokens, monthIndex + 1);
  return withYear({ month, day: day.day }, year, today, year === undefined ? monthIndex + 1 : monthIndex + 2);
}

function withYear(md: { month: number; day: number }, year: number | undefined, today: LocalNow, end: number): At | null {
  let date: PlainDate = { year: year ?? today.year, ...md };
  if (year === undefined && compareDates(date, today) < 0) date = { ...date, year: today.year + 1 };
  return isValidDate(date) ? { end, date } : null;
}
