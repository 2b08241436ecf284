import type { ClientContext } from './port.js';

/** Sessions store the hello's context as a flat string map (fixed keys, never client-chosen). */
export function contextToRecord(context: ClientContext): Record<string, string> {
  const record: Record<string, string> = {};
  if (context.device !== undefined) record.device = context.device;
  if (context.geo !== undefined) {
    record.geoCountry = context.geo.country;
    if (context.geo.region !== undefined) record.geoRegion = context.geo.region;
  }
  if (context.promo !== undefined) record.promo = context.promo;
  if (context.locale !== undefined) record.locale = context.locale;
  if (context.timeZone !== undefined) record.timeZone = context.timeZone;
  return record;
}

const DEVICES = new Set(['mobile', 'desktop', 'tablet', 'kiosk']);

export function recordToContext(record: Record<string, string>): ClientContext {
  const context: ClientContext = {};
  const device = record.device;
  if (device !== undefined && DEVICES.has(device)) context.device = device as NonNullable<ClientContext['device']>;
  if (record.geoCountry !== undefined) context.geo = { country: record.geoCountry, ...(record.geoRegion === undefined ? {} : { region: record.geoRegion }) };
  if (record.promo !== undefined) context.promo = record.promo;
  if (record.locale !== undefined) context.locale = record.locale;
  if (record.timeZone !== undefined) context.timeZone = record.timeZone;
  return context;
}
