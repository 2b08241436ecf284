/**
 * Pre-synthesis: every phrase (and sentence) of every brand script that holds no variable, for
 * every voice profile and format, put through the cache so the first customer to hear it gets a
 * hit; and the bot's fixed messages, spoken as plain-text replies are. They are cut exactly as
 * replies are (compile for the profile, cut into sentences, then into phrases for the formats
 * whose fragments are joined: mp3, pcm and their marks), so their keys are the keys a reply will
 * ask for. The carrier phrases of a template (`Here are some`, `you might like:`) are warmed; the
 * phrases holding a value are not.
 */
import { compileSsml, escapeXml, exampleVariables, renderVariant, splitPhrases, splitSentences } from '../speech/index.js';
import type { BrandScript, OutputFormat, SpeechEngine, SynthesizeRequest, TemplateValue, VoiceProfile } from '../speech/index.js';
import type { CachedSynthesizer } from './cached-synthesizer.js';
import { isJoinable } from './audio-join.js';
import { costOf } from './metrics.js';

/** The mark types replies ask for (fulfillment's reply speech). */
const REPLY_MARK_TYPES = ['sentence', 'word'] as const;
/** Stands in for every variable value; a sentence containing it is personal or dynamic. */
const MARKER = 'zqxwarmvalue';

export interface WarmOptions {
  profiles: readonly VoiceProfile[];
  scripts: readonly BrandScript[];
  /** Audio formats, and `json` for the speech marks replies use. */
  formats: readonly OutputFormat[];
  /** Plain-text replies (the bot's fixed messages), spoken with `textProfile` as reply text is. */
  texts?: readonly string[];
  textProfile?: VoiceProfile;
  /** Syntheses in flight at once (the origin guard still applies its quota). */
  concurrency?: number;
  onProgress?: (progress: WarmProgress) => void;
}

export interface WarmProgress {
  done: number;
  total: number;
}

export interface WarmSummary {
  /** Distinct entries (sentence x profile x format). */
  items: number;
  /** Of those, already cached before this run. */
  alreadyCached: number;
  /** Synthesized by this run. */
  synthesized: number;
  bytes: number;
  /** Billed characters of all items. */
  characters: number;
  /** What one replay of every item would cost at Polly's list prices, now served from the cache (USD). */
  pollyCostAvoidedUsd: number;
  /** Variants that could not be compiled for a profile (for example an effect its voice lacks), skipped. */
  skipped: Array<{ profile: string; intent: string; variant: string; reason: string }>;
}

interface WarmItem {
  request: SynthesizeRequest;
  engine: SpeechEngine;
}

/** The static phrase and sentence requests of every script (and text) for every profile and format, without repeats. */
export function staticSentences(options: Pick<WarmOptions, 'profiles' | 'scripts' | 'formats' | 'texts' | 'textProfile'>, keyOf: (request: SynthesizeRequest) => string): { items: WarmItem[]; skipped: WarmSummary['skipped'] } {
  const items = new Map<string, WarmItem>();
  const skipped: WarmSummary['skipped'] = [];
  const add = (ssml: string, profile: VoiceProfile): void => {
    for (const segment of compileSsml(ssml, profile).segments) {
      for (const sentence of splitSentences(segment.ssml)) {
        for (const format of options.formats) {
          if (format === 'json' && segment.engine === 'generative') continue;
          // Replies cut mp3 and pcm sentences (and their marks) into phrases; other formats stay whole.
          const units = isJoinable(format) || format === 'json' ? splitPhrases(sentence.ssml) : [sentence];
          for (const unit of units) {
            if (unit.ssml.includes(MARKER) || /\{\w+\}/.test(unit.ssml)) continue;
            const request: SynthesizeRequest = {
              text: unit.ssml,
              textType: 'ssml',
              voiceId: segment.voiceId,
              engine: segment.engine,
              outputFormat: format,
              ...(format === 'json' ? { speechMarkTypes: [...REPLY_MARK_TYPES] } : {}),
              ...(segment.lexiconNames.length === 0 ? {} : { lexiconNames: segment.lexiconNames }),
            };
            items.set(keyOf(request), { request, engine: segment.engine });
          }
        }
      }
    }
  };
  for (const profile of options.profiles) {
    for (const script of options.scripts) {
      const variables = Object.fromEntries(Object.entries(exampleVariables(script)).map(([name, value]) => [name, markValue(value)]));
      for (const variant of script.variants) {
        try {
          add(renderVariant(variant, variables), profile);
        } catch (error) {
          skipped.push({ profile: profile.name, intent: script.intent, variant: variant.id, reason: error instanceof Error ? error.message : String(error) });
        }
      }
    }
  }
  const textProfile = options.textProfile;
  if (textProfile !== undefined) {
    // As reply text is spoken: the whole text a template value, escaped (fulfillment's reply speech).
    for (const text of options.texts ?? []) add(`<speak>${escapeXml(text)}</speak>`, textProfile);
  }
  return { items: [...items.values()], skipped };
}

/** Synthesizes every static sentence into the cache (shared tier) and sums what it holds. */
export async function warmCache(cache: CachedSynthesizer, options: WarmOptions): Promise<WarmSummary> {
  const { items, skipped } = staticSentences(options, (request) => cache.keyOf(request));
  const summary: WarmSummary = { items: items.length, alreadyCached: 0, synthesized: 0, bytes: 0, characters: 0, pollyCostAvoidedUsd: 0, skipped };
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    for (let item = items[next++]; item !== undefined; item = items[next++]) {
      const { source, result } = await cache.synthesizeWithKey({ ...item.request, cachePolicy: 'shared' });
      for await (const chunk of result.audio) summary.bytes += chunk.byteLength;
      if (source === 'origin') summary.synthesized += 1;
      else summary.alreadyCached += 1;
      summary.characters += result.requestCharacters;
      summary.pollyCostAvoidedUsd += costOf(item.engine, result.requestCharacters);
      done += 1;
      options.onProgress?.({ done, total: items.length });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  await cache.idle();
  return summary;
}

function markValue(value: TemplateValue): TemplateValue {
  if (Array.isArray(value)) return value.map(markValue);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, markValue(inner)]));
  return MARKER;
}
