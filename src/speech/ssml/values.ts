/** Parsers for SSML attribute values; each returns an error message or undefined when valid. */

export type ValueCheck = (value: string) => string | undefined;

export function oneOf(values: readonly string[]): ValueCheck {
  return (value) => (values.includes(value) ? undefined : `must be one of ${values.join(', ')}`);
}

/** `Ns` or `Nms` -> milliseconds, or undefined when not a time. */
export function parseTimeMs(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(value.trim());
  if (match === null) return undefined;
  const amount = Number(match[1]);
  return match[2] === 's' ? amount * 1000 : amount;
}

export function timeUpTo(maxMs: number): ValueCheck {
  return (value) => {
    const ms = parseTimeMs(value);
    if (ms === undefined) return 'must be a time like 500ms or 2s';
    return ms > maxMs ? `must be at most ${maxMs / 1000}s (${maxMs}ms)` : undefined;
  };
}

export function anyTime(value: string): string | undefined {
  return parseTimeMs(value) === undefined ? 'must be a time like 500ms or 2s' : undefined;
}

/** Either a keyword or a percentage; `signed` allows/requires +N%/-N% forms. */
export function keywordOrPercent(keywords: readonly string[], percent: (sign: string, amount: number) => string | undefined): ValueCheck {
  return (value) => {
    if (keywords.includes(value)) return undefined;
    const match = /^([+-]?)(\d+(?:\.\d+)?)%$/.exec(value);
    if (match === null) return `must be one of ${keywords.join(', ')} or a percentage`;
    return percent(match[1] ?? '', Number(match[2]));
  };
}

export const RATE_KEYWORDS = ['x-slow', 'slow', 'medium', 'fast', 'x-fast'] as const;
export const PITCH_KEYWORDS = ['default', 'x-low', 'low', 'medium', 'high', 'x-high'] as const;
export const VOLUME_KEYWORDS = ['default', 'silent', 'x-soft', 'soft', 'medium', 'loud', 'x-loud'] as const;

/** Prosody rate: keyword or an absolute N% in 20-200 (100% = unchanged). */
export const rateValue: ValueCheck = keywordOrPercent(RATE_KEYWORDS, (sign, amount) => {
  if (sign !== '') return 'rate percentages are absolute (N%), not +N%/-N%';
  return amount < 20 || amount > 200 ? 'rate must be between 20% and 200%' : undefined;
});

export const pitchValue: ValueCheck = keywordOrPercent(PITCH_KEYWORDS, (sign) => (sign === '' ? 'pitch percentages are relative: +N% or -N%' : undefined));

export const volumeValue: ValueCheck = (value) => {
  if ((VOLUME_KEYWORDS as readonly string[]).includes(value)) return undefined;
  return /^[+-]\d+(?:\.\d+)?dB$/.test(value) ? undefined : `must be one of ${VOLUME_KEYWORDS.join(', ')} or +NdB/-NdB`;
};

/** vocal-tract-length: +N%/-N% (relative, Polly clips to +100%..-50%) or an absolute N%. */
export const vocalTractValue: ValueCheck = keywordOrPercent([], (sign, amount) => {
  if (sign === '+' && amount > 100) return 'relative vocal-tract-length must be at most +100%';
  if (sign === '-' && amount > 50) return 'relative vocal-tract-length must be at least -50%';
  if (sign === '' && (amount < 50 || amount > 200)) return 'absolute vocal-tract-length must be between 50% and 200%';
  return undefined;
});

export const DATE_FORMATS = ['mdy', 'dmy', 'ymd', 'md', 'dm', 'ym', 'my', 'd', 'm', 'y', 'yyyymmdd'] as const;

export const SAY_AS_VALUES = [
  'characters', 'spell-out', 'cardinal', 'number', 'ordinal', 'digits', 'fraction', 'unit', 'date', 'time', 'address', 'expletive', 'telephone',
] as const;

/** Languages in which Polly reads `interpret-as="telephone"` as a phone number. */
export const TELEPHONE_LANGUAGES = ['en-AU', 'en-GB', 'en-IN', 'en-US', 'en-GB-WLS', 'es-ES', 'es-MX', 'es-US', 'fr-FR', 'fr-CA', 'pt-BR', 'pt-PT', 'de-DE', 'it-IT', 'ja-JP', 'ru-RU'];

export const languageTag: ValueCheck = (value) => (/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value) ? undefined : 'must be a language tag like en-US');
export const nonEmpty: ValueCheck = (value) => (value.trim() === '' ? 'must not be empty' : undefined);
