/**
 * Where demo customers live. Each place carries its IANA time zone, so a customer's timeZone is
 * always the one of their city, and an approximate standard UTC offset, used only to put
 * generated activity in the local evening (daylight saving is ignored: an hour off is harmless).
 */
export interface Place {
  city: string;
  /** State, province, nation or territory code as customers would write it. */
  region: string;
  timeZone: string;
  utcOffsetHours: number;
  /** Relative share of the locale's customers. */
  weight: number;
}

export interface LocaleGeography {
  locale: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** Share of all customers. */
  weight: number;
  places: readonly Place[];
}

export const LOCALES: readonly LocaleGeography[] = [
  {
    locale: 'en-US', country: 'US', weight: 72,
    places: [
      { city: 'New York', region: 'NY', timeZone: 'America/New_York', utcOffsetHours: -5, weight: 18 },
      { city: 'Boston', region: 'MA', timeZone: 'America/New_York', utcOffsetHours: -5, weight: 5 },
      { city: 'Atlanta', region: 'GA', timeZone: 'America/New_York', utcOffsetHours: -5, weight: 6 },
      { city: 'Miami', region: 'FL', timeZone: 'America/New_York', utcOffsetHours: -5, weight: 6 },
      { city: 'Chicago', region: 'IL', timeZone: 'America/Chicago', utcOffsetHours: -6, weight: 9 },
      { city: 'Houston', region: 'TX', timeZone: 'America/Chicago', utcOffsetHours: -6, weight: 8 },
      { city: 'Minneapolis', region: 'MN', timeZone: 'America/Chicago', utcOffsetHours: -6, weight: 4 },
      { city: 'Denver', region: 'CO', timeZone: 'America/Denver', utcOffsetHours: -7, weight: 5 },
      { city: 'Phoenix', region: 'AZ', timeZone: 'America/Phoenix', utcOffsetHours: -7, weight: 5 },
      { city: 'Los Angeles', region: 'CA', timeZone: 'America/Los_Angeles', utcOffsetHours: -8, weight: 14 },
      { city: 'San Francisco', region: 'CA', timeZone: 'America/Los_Angeles', utcOffsetHours: -8, weight: 6 },
      { city: 'Seattle', region: 'WA', timeZone: 'America/Los_Angeles', utcOffsetHours: -8, weight: 5 },
      { city: 'Portland', region: 'OR', timeZone: 'America/Los_Angeles', utcOffsetHours: -8, weight: 3 },
      { city: 'Anchorage', region: 'AK', timeZone: 'America/Anchorage', utcOffsetHours: -9, weight: 1 },
      { city: 'Honolulu', region: 'HI', timeZone: 'Pacific/Honolulu', utcOffsetHours: -10, weight: 1 },
    ],
  },
  {
    locale: 'en-GB', country: 'GB', weight: 12,
    places: [
      { city: 'London', region: 'England', timeZone: 'Europe/London', utcOffsetHours: 0, weight: 10 },
      { city: 'Manchester', region: 'England', timeZone: 'Europe/London', utcOffsetHours: 0, weight: 4 },
      { city: 'Birmingham', region: 'England', timeZone: 'Europe/London', utcOffsetHours: 0, weight: 3 },
      { city: 'Edinburgh', region: 'Scotland', timeZone: 'Europe/London', utcOffsetHours: 0, weight: 2 },
      { city: 'Cardiff', region: 'Wales', timeZone: 'Europe/London', utcOffsetHours: 0, weight: 1 },
      { city: 'Belfast', region: 'Northern Ireland', timeZone: 'Europe/London', utcOffsetHours: 0, weight: 1 },
    ],
  },
  {
    locale: 'en-CA', country: 'CA', weight: 9,
    places: [
      { city: 'Toronto', region: 'ON', timeZone: 'America/Toronto', utcOffsetHours: -5, weight: 8 },
      { city: 'Montreal', region: 'QC', timeZone: 'America/Toronto', utcOffsetHours: -5, weight: 5 },
      { city: 'Vancouver', region: 'BC', timeZone: 'America/Vancouver', utcOffsetHours: -8, weight: 4 },
      { city: 'Calgary', region: 'AB', timeZone: 'America/Edmonton', utcOffsetHours: -7, weight: 3 },
      { city: 'Winnipeg', region: 'MB', timeZone: 'America/Winnipeg', utcOffsetHours: -6, weight: 1 },
      { city: 'Halifax', region: 'NS', timeZone: 'America/Halifax', utcOffsetHours: -4, weight: 1 },
    ],
  },
  {
    locale: 'en-AU', country: 'AU', weight: 7,
    places: [
      { city: 'Sydney', region: 'NSW', timeZone: 'Australia/Sydney', utcOffsetHours: 10, weight: 8 },
      { city: 'Melbourne', region: 'VIC', timeZone: 'Australia/Melbourne', utcOffsetHours: 10, weight: 7 },
      { city: 'Brisbane', region: 'QLD', timeZone: 'Australia/Brisbane', utcOffsetHours: 10, weight: 4 },
      { city: 'Perth', region: 'WA', timeZone: 'Australia/Perth', utcOffsetHours: 8, weight: 3 },
      { city: 'Adelaide', region: 'SA', timeZone: 'Australia/Adelaide', utcOffsetHours: 9.5, weight: 2 },
    ],
  },
];
