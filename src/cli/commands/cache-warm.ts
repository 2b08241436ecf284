import { Presets, SingleBar } from 'cli-progress';
import { createAudioCache, warmCache } from '../../cache/index.js';
import { OUTPUT_FORMATS, createSpeechSynthesizer, loadBrandAssets, type OutputFormat } from '../../speech/index.js';
import { loadConfigOrExit } from '../load-config.js';

export interface CacheWarmOptions {
  formats?: string;
  profiles?: string;
  scripts?: string;
  brand?: string;
  concurrency?: string;
}

/**
 * `parley cache warm`: synthesizes every static sentence of every brand script, for every voice
 * profile and format, into the configured audio cache (PARLEY_AUDIO_CACHE_*), through the same
 * origin guard as the service. A progress bar on stderr; one JSON summary line on stdout.
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

  const origin = await createSpeechSynthesizer(config.speech, { lexicons: brand.lexicons });
  const cache = await createAudioCache(config.audioCache, { origin, originId: config.speech.engine, lexicons: brand.lexicons });
  const bar = new SingleBar({ format: 'warming [{bar}] {value}/{total} sentences', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  const started = performance.now();
  let barStarted = false;
  try {
    const summary = await warmCache(cache.speech, {
      profiles,
      scripts,
      formats: formats as OutputFormat[],
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
