import { Presets, SingleBar } from 'cli-progress';
import { createAudioCache, guardedOrigin, warmCache } from '../../cache/index.js';
import { loadBot } from '../../conversation/local/index.js';
import { OUTPUT_FORMATS, createSpeechSynthesizer, loadBrandAssets, type OutputFormat } from '../../speech/index.js';
import { loadConfigOrExit } from '../load-config.js';

export interface CacheWarmOptions {
  formats?: string;
  profiles?: string;
  scripts?: string;
  brand?: string;
  /** Bot folder whose fixed messages are warmed too; `none` skips them. */
  bot?: string;
  concurrency?: string;
}

/**
 * `parley cache warm`: synthesizes every static carrier phrase (and sentence) of every brand
 * script, for every voice profile and format, and the bot's fixed messages with the reply voice
 * profile, into the configured audio cache (PARLEY_AUDIO_CACHE_*), through the same origin guard
 * and retry as the service. A progress bar on stderr; one JSON summary line on stdout.
 */
export async function runCacheWarm(options: CacheWarmOptions, write: (line: string) => void = (line) => process.stdout.write(line)): Promise<number> {
  const fail = (error: string): number => {
    write(`${JSON.stringify({ error })}\n`);
    return 1;
  };
  const config = loadConfigOrExit();
  const formats = listOption(options.formats, 'mp3,json');
  const unknown = formats.filter((format) => !(OUTPUT_FORMATS as readonly string[]).includes(format));
  if (unknown.length > 0) return fail(`unknown format ${unknown.join(', ')}: use ${OUTPUT_FORMATS.join(', ')}`);
  const concurrency = Number(options.concurrency ?? '4');
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) return fail('--concurrency must be an integer from 1 to 64');
  const brand = await loadBrandAssets(options.brand ?? config.replyAudio.brandDir);
  const profiles = pick(brand.profiles, (profile) => profile.name, options.profiles);
  const scripts = pick(brand.scripts, (script) => script.intent, options.scripts);
  if (typeof profiles === 'string') return fail(`unknown voice profile ${profiles}`);
  if (typeof scripts === 'string') return fail(`unknown script ${scripts}`);
  const textProfile = brand.profiles.find((profile) => profile.name === config.replyAudio.voiceProfile);
  let texts: string[] = [];
  if (options.bot !== 'none') {
    try {
      texts = botMessages(await loadBot(options.bot ?? config.bot.dir));
    } catch (error) {
      return fail(`cannot load the bot: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  // As the service: one attempt per origin call, the retries through the guard.
  const guarded = guardedOrigin(config.speech);
  const origin = await createSpeechSynthesizer(guarded.speech, { lexicons: brand.lexicons });
  const cache = await createAudioCache(config.audioCache, { origin, originId: config.speech.engine, lexicons: brand.lexicons, maxAttempts: guarded.maxAttempts });
  const bar = new SingleBar({ format: 'warming [{bar}] {value}/{total} sentences', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  const started = performance.now();
  let barStarted = false;
  try {
    const summary = await warmCache(cache.speech, {
      profiles,
      scripts,
      formats: formats as OutputFormat[],
      texts,
      ...(textProfile === undefined ? {} : { textProfile }),
      concurrency,
      onProgress: ({ done, total }) => {
        if (!barStarted) bar.start(total, 0);
        barStarted = true;
        bar.update(done);
      },
    });
    if (barStarted) bar.stop();
    write(`${JSON.stringify({
      items: summary.items,
      synthesized: summary.synthesized,
      alreadyCached: summary.alreadyCached,
      bytes: summary.bytes,
      characters: summary.characters,
      pollyCostAvoidedUsd: Number(summary.pollyCostAvoidedUsd.toFixed(6)),
      skipped: summary.skipped.length,
      store: config.audioCache.store,
      ms: Math.round(performance.now() - started),
    })}\n`);
    for (const skip of summary.skipped) process.stderr.write(`skipped ${skip.profile} ${skip.intent}/${skip.variant}: ${skip.reason}\n`);
    return 0;
  } finally {
    if (barStarted) bar.stop();
    await cache.close();
  }
}

/** Every plain-text message of the bot (prompts, responses, closings, variations): what replies say verbatim. */
function botMessages(bot: unknown): string[] {
  const texts = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) for (const item of value) visit(item);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'plainText' && typeof inner === 'string' && inner.trim() !== '') texts.add(inner.trim());
        else visit(inner);
      }
    }
  };
  visit(bot);
  return [...texts];
}

function listOption(value: string | undefined, fallback: string): string[] {
  return (value ?? fallback).split(',').map((item) => item.trim()).filter((item) => item !== '');
}

/** The named items (all when no names are given), or the first unknown name. */
function pick<T>(items: readonly T[], nameOf: (item: T) => string, names: string | undefined): T[] | string {
  if (names === undefined) return [...items];
  const chosen: T[] = [];
  for (const name of listOption(names, '')) {
    const item = items.find((candidate) => nameOf(candidate) === name);
    if (item === undefined) return name;
    chosen.push(item);
  }
  return chosen;
}
