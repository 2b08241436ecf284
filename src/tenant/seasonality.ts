/**
 * Category demand over the year: 1 + AMPLITUDE * cos(distance to the middle of the peak month),
 * so demand in the peak month is (1 + A) / (1 - A) times demand six months away. Months are
 * UTC calendar months: seasons are a store-wide pattern, not a per-customer one.
 */
export const SEASON_AMPLITUDE = 0.55;

export function seasonFactor(peakMonth: number, atMs: number): number {
  const date = new Date(atMs);
  const month = date.getUTCMonth();
  const daysInMonth = new Date(Date.UTC(date.getUTCFullYear(), month + 1, 0)).getUTCDate();
  const position = month + (date.getUTCDate() - 1 + (atMs % 86_400_000) / 86_400_000) / daysInMonth;
  const peak = peakMonth - 1 + 0.5;
  return 1 + SEASON_AMPLITUDE * Math.cos((2 * Math.PI * (position - peak)) / 12);
}
