/**
 * Content-addressed keys: a SHA-256 over everything that changes the bytes a synthesis returns,
 * so a changed voice, format, lexicon or sentence can never be answered with old audio: it gets a
 * new key, and the old entry is simply never asked for again.
 */
import { createHash } from 'node:crypto';
import type { Lexicon, OutputFormat, SynthesizeRequest } from '../speech/index.js';
import { validateRequest } from '../speech/index.js';
import { invalidKey } from './errors.js';

/** Bumped when the key recipe changes, so old entries stop matching. */
const KEY_VERSION = 1;

/** base64url of a SHA-256: 43 characters. Checked before any lookup, file path or object name. */
export const KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** File extension of each output format in `/v1/audio/<key>.<ext>` and in store entry names. */
export const FORMAT_EXTENSIONS: Readonly<Record<OutputFormat, string>> = {
  mp3: 'mp3',
  ogg_vorbis: 'ogg',
  ogg_opus: 'opus',
  pcm: 'pcm',
  mulaw: 'ulaw',
  alaw: 'alaw',
  json: 'json',
};

const ENTRY_NAME = /^([A-Za-z0-9_-]{43})\.(mp3|ogg|opus|pcm|ulaw|alaw|json)$/;

/** What the key depends on besides the request: which origin speaks and the lexicons it would apply. */
export interface KeyContext {
  /** Names the synthesizer family and version (`local-espeak-1`, `polly`): another origin, other audio. */
  origin: string;
  /** The lexicons by name; each one used is hashed by content. Unknown names hash as absent. */
  lexicons: ReadonlyMap<string, Lexicon>;
}

/**
 * Whitespace runs become one space and the text is NFC, with none left just inside `<speak>`:
 * the same sentence cut from different places in a reply gets the same key. The cache also sends
 * this text to the origin, so the key hashes exactly what was synthesized.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .replace(/^((?:<[^/!?][^>]*[^/]>|<[a-z]>)*)\s+/i, '$1')
    .replace(/\s+((?:<\/[^>]+>)*)$/, '$1')
    .trim();
}

/** The request as the origin gets it: Polly's defaults filled in (throws its ValidationErrors), text normalized. */
export function canonicalRequest(request: SynthesizeRequest): SynthesizeRequest {
  const normalized = validateRequest(request);
  return { ...normalized, text: normalizeText(normalized.text) };
}

/**
 * The cache key of a request: base64url SHA-256 of the origin, engine, voice, language, output
 * format, sample rate, speech mark types, the content hash of each lexicon (in order) and the
 * normalized text. Speech marks carry times, not samples, so a `json` request's key leaves out
 * the sample rate: one marks entry serves every audio format of the same unit.
 * Throws the request's ValidationError when Polly would reject it.
 */
export function audioKey(request: SynthesizeRequest, context: KeyContext): string {
  const canonical = canonicalRequest(request);
  const marks = canonical.outputFormat === 'json';
  const lexiconNames = canonical.lexiconNames ?? [];
  const parts = {
    v: KEY_VERSION,
    origin: context.origin,
    engine: canonical.engine,
    voice: canonical.voiceId,
    language: canonical.languageCode ?? null,
    format: canonical.outputFormat,
    sampleRate: marks ? null : canonical.sampleRate ?? null,
    marks: marks ? [...(canonical.speechMarkTypes ?? [])].sort() : null,
    lexicons: lexiconNames.map((name) => [name, lexiconDigest(context.lexicons.get(name))]),
    textType: canonical.textType ?? 'text',
    text: canonical.text,
  };
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

/** The content hash of a lexicon (what changes its pronunciations); `absent` when not loaded. */
export function lexiconDigest(lexicon: Lexicon | undefined): string {
  if (lexicon === undefined) return 'absent';
  const content = { alphabet: lexicon.alphabet, languageCode: lexicon.languageCode, lexemes: lexicon.lexemes };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** `<key>.<ext>`: the entry's name in the stores and its URL path under /v1/audio/. */
export function entryName(key: string, format: OutputFormat): string {
  if (!KEY_PATTERN.test(key)) throw invalidKey('audio key must be 43 base64url characters');
  return `${key}.${FORMAT_EXTENSIONS[format]}`;
}

/** Splits and checks an entry name from outside (a URL, a file name); throws PARLEY_CACHE_INVALID_KEY. */
export function parseEntryName(name: string): { key: string; extension: string } {
  const match = ENTRY_NAME.exec(name);
  if (match === null) throw invalidKey('expected <43 base64url characters>.<mp3|ogg|opus|pcm|ulaw|alaw|json>');
  return { key: match[1] as string, extension: match[2] as string };
}

export function isEntryName(name: string): boolean {
  return ENTRY_NAME.test(name);
}
