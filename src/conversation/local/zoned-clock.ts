/**
 * Calendar arithmetic in the caller's time zone: "today" for a shopper in Sydney is not today in
 * UTC. Dates are plain {year, month, day} values; only `localNow` touches the time zone.
 */
export interface PlainDate {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
}

export interface LocalNow extends PlainDate {
  hour: number;
  minute: number;
  /** 0 = Sunday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

// formatToParts costs ~50 us; a turn only needs minute precision, so the last answer is reused.
let lastKey = '';
let lastValue: LocalNow | null = null;

export function localNow(now: Date, timeZone: string): LocalNow {
  const key = `${timeZone}|${Math.floor(now.getTime() / 60_000)}`;
  if (key === lastKey && lastValue) return lastValue;
  lastValue = computeLocalNow(now, timeZone);
  lastKey = key;
  return lastValue;
}

function computeLocalNow(now: Date, timeZone: string): LocalNow {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(now)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const date = { year: parts['year'] ?? 1970, month: parts['month'] ?? 1, day: parts['day'] ?? 1 };
  return { ...date, hour: (parts['hour'] ?? 0) % 24, minute: parts['minute'] ?? 0, weekday: weekdayOf(date) };
}

export function addDays(date: PlainDate, days: number): PlainDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function weekdayOf(date: PlainDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

export function isValidDate(date: PlainDate): boolean {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day));
  return d.getUTCFullYear() === date.year && d.getUTCMonth() === date.month - 1 && d.getUTCDate() === date.day;
}

export function compareDates(a: PlainDate, b: PlainDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

export function formatIsoDate(date: PlainDate): string {
  return `${String(date.year).padStart(4, '0')}-${pad2(date.month)}-${pad2(date.day)}`;
}

export function formatTime(hour: number, minute: number): string {
  return `${pad2(hour)}:${pad2(minute)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
