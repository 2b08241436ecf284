/**
 * Carrier phrases and values: replies are cut into sentences and then phrases, each cached on its
 * own through the real cache (memory + disk) over the real local synthesizer; scripted replies'
 * personal values (declared in ssml/scripts) stay out of the shared tiers; the joined audio and
 * its speech marks line up. Each stream counts the billed characters the engine made and the cache
 * served, and a bandit reply's playback teaches its variant's cache odds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CachedSynthesizer, DiskStore, MemoryTier, joinPart, playMs } from '../../../src/cache/index.js';
import type { TurnReply } from '../../../src/fulfillment/port.js';
import { ReplySpeech } from '../../../src/fulfillment/reply-speech.js';
import { SpeechCacheOdds } from '../../../src/fulfillment/speech-cache-odds.js';
import type { TurnPlayback } from '../../../src/store/port.js';
import { exampleVariables, loadBrandAssets, renderVariant, splitPhrases, templateValueSpans, type BrandAssets, type BrandScript } from '../../../src/speech/index.js';
import { CountingSynthesizer, localLexicons, localOrigin, readAll, warmLocal } from './cache-kit.js';

let brand: BrandAssets;
const dirs: string[] = [];
beforeAll(async () => {
  brand = await loadBrandAssets(path.resolve('ssml'));
  for (const [name, lexicon] of brand.lexicons) localLexicons.set(name, lexicon);
  await warmLocal();
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function setup(extra: { cacheOdds?: SpeechCacheOdds; recorded?: TurnPlayback[] } = {}): { voice: ReplySpeech; origin: CountingSynthesizer; cache: CachedSynthesizer; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-phrases-'));
  dirs.push(dir);
  const origin = new CountingSynthesizer(localOrigin());
  const cache = new CachedSynthesizer({ origin, originId: 'local', lexicons: brand.lexicons, memory: new MemoryTier(64 << 20), store: new DiskStore({ dir, maxBytes: 1 << 30 }) });
  const sessions = { recordPlayback: async (_session: string, _turn: string, playback: TurnPlayback) => void extra.recorded?.push(playback) };
  const voice = new ReplySpeech({ synthesizer: cache, audioKey: (request) => cache.keyOf(request), profiles: brand.profiles, defaultProfile: 'joanna-neural', sessions, scripts: brand.scripts, ...(extra.cacheOdds === undefined ? {} : { cacheOdds: extra.cacheOdds }) });
  return { voice, origin, cache, dir };
}

const script = (intent: string): BrandScript => brand.scripts.find((s) => s.intent === intent) as BrandScript;
function scripted(intent: string, variantId: string, variables: Record<string, unknown>): TurnReply {
  const variant = script(intent).variants.find((v) => v.id === variantId);
  if (variant === undefined) throw new Error(variantId);
  const ssml = renderVariant(variant, { ...exampleVariables(script(intent)), ...variables } as never);
  return { text: '', intent: { name: intent, state: 'Fulfilled', confidence: 1 }, speech: { ssml, voiceProfile: 'joanna-neural' } } as unknown as TurnReply;
}
/** A reply of an intent without a brand script. */
const plain = (text: string): TurnReply => ({ text, intent: { name: 'SmallTalk', state: 'Fulfilled', confidence: 1 } }) as unknown as TurnReply;
const signal = new AbortController().signal;

async function storedTexts(dir: string): Promise<number> {
  let count = 0;
  for (const sub of await readdir(dir)) count += (await readdir(path.join(dir, sub))).filter((name) => name.endsWith('.pcm') || name.endsWith('.mp3')).length;
  return count;
}

describe('splitPhrases and template spans', () => {
  it('cuts at clause punctuation, never inside an element kept whole, trimming the cut', () => {
    const phrases = splitPhrases('<speak><prosody rate="100%">Here are our top boots: Ridge Boot 4 ($149.99), Trekker 780 ($94.99).</prosody></speak>').map((p) => p.ssml);
    expect(phrases).toEqual([
      '<speak><prosody rate="100%">Here are our top boots:</prosody></speak>',
      '<speak><prosody rate="100%">Ridge Boot 4 ($149.99),</prosody></speak>',
      '<speak><prosody rate="100%">Trekker 780 ($94.99).</prosody></speak>',
    ]);
    expect(splitPhrases('<speak>On <say-as interpret-as="date" format="yyyymmdd">20261203</say-as>, at 1,000 feet.</speak>').map((p) => p.ssml))
      .toEqual(['<speak>On <say-as interpret-as="date" format="yyyymmdd">20261203</say-as>,</speak>', '<speak>at 1,000 feet.</speak>']);
    expect(splitPhrases('<speak>Order PX-20417 is shipped.</speak>')).toHaveLength(1);
    expect(() => splitPhrases('<speak>broken')).toThrow(expect.objectContaining({ code: 'PARLEY_SPEECH_INVALID_SSML' }));
  });

  it('finds the values of every script variant rendered with its examples, and nothing in other text', () => {
    for (const s of brand.scripts) {
      for (const variant of s.variants) {
        const rendered = renderVariant(variant, exampleVariables(s));
        const spans = templateValueSpans(variant.template, rendered);
        expect(spans, `${s.intent}/${variant.id}`).toBeDefined();
        for (const span of spans ?? []) expect(Object.keys(s.variables)).toContain(span.name);
      }
    }
    const order = script('OrderStatus').variants.find((v) => v.id === 'order-short')?.template as string;
    const rendered = '<speak>Order AB-1 is delayed.</speak>';
    expect(templateValueSpans(order, rendered)?.map((span) => [span.name, rendered.slice(span.start, span.end)])).toEqual([['orderId', 'AB-1'], ['status', 'delayed']]);
    expect(templateValueSpans(order, '<speak>Something else.</speak>')).toBeUndefined();
  });
});

describe('ReplySpeech fragments through the cache', () => {
  it('reuses the carrier phrases of a personalized reply and keeps the personal phrase in memory only', async () => {
    const { voice, origin, cache, dir } = setup();
    const delivery = voice.deliveryFor({ format: 'pcm' });
    const speak = async (reply: TurnReply): Promise<void> => {
      for (const sentence of voice.sentencesOf(reply, delivery)) {
        await voice.marks(sentence, signal);
        await readAll(await voice.audio(sentence, signal));
      }
    };
    const sam = scripted('Greeting', 'greeting-warm-long', { firstName: 'Sam' });
    const sentences = voice.sentencesOf(sam, delivery);
    const fragments = sentences.flatMap((s) => voice.fragmentsOf(s));
    expect(fragments.length).toBeGreaterThan(sentences.length);
    // Only the phrase holding the name is private: "Hi Sam,"
    expect(fragments.filter((f) => f.cachePolicy === 'private').map((f) => f.text)).toEqual([expect.stringContaining('Hi Sam,')]);
    expect(voice.audioUrl(sentences[0] as never)).toBeUndefined();
    expect(voice.audioUrl(sentences[1] as never)).toMatch(/^\/v1\/audio\/[\w-]{43}\.pcm$/);

    await speak(sam);
    await cache.idle();
    const first = origin.calls;
    expect(first).toBe(fragments.length * 2); // marks and audio of every phrase
    const stored = await storedTexts(dir);
    expect(stored).toBe(fragments.length - 1); // every phrase's audio but the personal one

    await speak(scripted('Greeting', 'greeting-warm-long', { firstName: 'Priya' }));
    await cache.idle();
    // Priya's reply cost one phrase (marks and audio): "Hi Priya,".
    expect(origin.calls - first).toBe(2);
    expect(origin.requests.slice(first).every((r) => r.text.includes('Priya'))).toBe(true);
    expect(await storedTexts(dir)).toBe(stored);
  }, 120_000);

  it("counts each stream's billed characters by source, and a bandit reply's playback teaches its variant's cache odds", async () => {
    const odds = new SpeechCacheOdds();
    const recorded: TurnPlayback[] = [];
    const { voice, cache } = setup({ cacheOdds: odds, recorded });
    const delivery = voice.deliveryFor({ format: 'pcm' });
    const speak = async (reply: TurnReply): Promise<{ synthesized: number; cached: number } | undefined> => {
      const stream = new AbortController().signal;
      for (const sentence of voice.sentencesOf(reply, delivery)) await readAll(await voice.audio(sentence, stream));
      await cache.idle();
      return voice.charactersSpoken(stream);
    };
    const billed = (reply: TurnReply): number => voice.sentencesOf(reply, delivery).flatMap((s) => voice.fragmentsOf(s)).reduce((sum, f) => sum + f.text.replace(/<[^>]+>/g, '').length, 0);
    const sam = scripted('Greeting', 'greeting-warm-long', { firstName: 'Sam' });
    const priya = scripted('Greeting', 'greeting-warm-long', { firstName: 'Priya' });
    const first = await speak(sam);
    expect(first).toEqual({ synthesized: billed(sam), cached: 0 });
    // Priya's reply shares every phrase but her name's ("Hi Priya,").
    const second = await speak(priya);
    expect(second?.cached).toBe(billed(sam) - 'Hi Sam,'.length);
    expect(second?.synthesized).toBe('Hi Priya,'.length);
    expect(voice.charactersSpoken(new AbortController().signal)).toBeUndefined();

    const decision = { intent: 'Greeting', variant: 'greeting-warm-long' };
    const playback = { segments: 2, segmentsSent: 2, segmentsHeard: 2, audioMs: 900, heardMs: 900, outcome: 'completed' as const };
    expect(odds.likelihood('Greeting', 'greeting-warm-long')).toBe(0);
    await voice.recordPlayback({ sessionId: 's-1', turnId: 't-1', ...playback, characters: first, decision });
    await voice.recordPlayback({ sessionId: 's-1', turnId: 't-2', ...playback, characters: second, decision });
    const expected = new SpeechCacheOdds();
    expected.observe('Greeting', 'greeting-warm-long', first as { synthesized: number; cached: number });
    expected.observe('Greeting', 'greeting-warm-long', second as { synthesized: number; cached: number });
    expect(odds.likelihood('Greeting', 'greeting-warm-long')).toBe(expected.likelihood('Greeting', 'greeting-warm-long'));
    expect(odds.likelihood('Greeting', 'greeting-warm-long')).toBeGreaterThan(0.3);
    // The characters are stored with the playback; the decision is not.
    expect(recorded.map((r) => r.characters)).toEqual([first, second]);
    expect(recorded.every((r) => !('decision' in r))).toBe(true);
    // A reply without a decision teaches nothing.
    await voice.recordPlayback({ sessionId: 's-1', turnId: 't-3', ...playback, characters: { synthesized: 0, cached: 500 } });
    expect(odds.likelihood('Greeting', 'greeting-warm-long')).toBe(expected.likelihood('Greeting', 'greeting-warm-long'));
  }, 120_000);

  it('keeps a whole phrase together around a value inside it, and shares values that are not personal', async () => {
    const { voice } = setup();
    const delivery = voice.deliveryFor({ format: 'mp3' });
    const reply = scripted('RecommendItems', 'recommend-list-short', { category: 'tents' });
    const fragments = voice.sentencesOf(reply, delivery).flatMap((s) => voice.fragmentsOf(s));
    expect(fragments.map((f) => f.text.replace(/<[^>]+>/g, ''))).toEqual(['Here are some tents you might like:', 'Aerolite Glide Runner,', 'Summitline Trail &amp; Road &quot;Pro&quot; Boot and Velora &lt;Crew&gt; Tee.']);
    expect(fragments.every((f) => f.cachePolicy === 'shared')).toBe(true);
    const order = voice.sentencesOf(scripted('OrderStatus', 'order-short', { orderId: 'QX-1' }), delivery).flatMap((s) => voice.fragmentsOf(s));
    expect(order.map((f) => [f.text.replace(/<[^>]+>/g, ''), f.cachePolicy])).toEqual([['Order QX-1 is shipped.', 'private']]);
    // Plain reply text has no script: shared, as before.
    expect(voice.sentencesOf(plain('Hello, and welcome.'), delivery).flatMap((s) => voice.fragmentsOf(s)).map((f) => f.cachePolicy)).toEqual(['shared', 'shared']);
    // URL mode and Ogg keep sentences whole (one entry per URL; Ogg streams cannot be joined).
    expect(voice.sentencesOf(plain('Hello, and welcome.'), voice.deliveryFor({ format: 'ogg_vorbis' })).flatMap((s) => voice.fragmentsOf(s))).toHaveLength(1);
  });

  it("keeps a handler's own text private when its intent's script declares personal values", () => {
    const { voice } = setup();
    const delivery = voice.deliveryFor({ format: 'pcm' });
    // OrderStatus declares orderId personal; a handler's plain text is no template's rendering.
    const written = (intent: string, text: string): TurnReply => ({ text, intent: { name: intent, state: 'Failed', confidence: 1 } }) as unknown as TurnReply;
    const notFound = voice.sentencesOf(written('OrderStatus', "I couldn't find order PX-20417 on your account. Anything else?"), delivery);
    expect(notFound).toHaveLength(2);
    expect(notFound.flatMap((s) => voice.fragmentsOf(s)).map((f) => f.cachePolicy)).toEqual(['private', 'private']);
    for (const sentence of notFound) expect(voice.audioUrl(sentence as never)).toBeUndefined();
    // The same words under an intent whose script has no personal values are shared.
    expect(voice.sentencesOf(written('RecommendItems', 'Here are some tents.'), delivery).flatMap((s) => voice.fragmentsOf(s)).map((f) => f.cachePolicy)).toEqual(['shared']);
  });

  it('joins pcm phrases trimmed and faded at the joins, with marks shifted by the audio before them', async () => {
    const { voice, cache } = setup();
    const delivery = voice.deliveryFor({ format: 'pcm' });
    const [sentence] = voice.sentencesOf(plain('Here are our top boots: the Ridge Boot, and the Trail Runner.'), delivery);
    const fragments = voice.fragmentsOf(sentence as never);
    expect(fragments).toHaveLength(3);
    const marks = await voice.marks(sentence as never, signal);
    const audio = Buffer.from(await readAll(await voice.audio(sentence as never, signal)));
    const bodies = await Promise.all(fragments.map(async (f) => readAll((await cache.synthesize(f)).audio)));
    const parts = bodies.map((body, index) => joinPart('pcm', 16000, body, index, bodies.length));
    expect(audio.byteLength).toBe(parts.reduce((sum, part) => sum + part.byteLength, 0));
    // Trimmed: shorter than the fragments butted together, each join's silence cut to a comma's pause.
    expect(audio.byteLength).toBeLessThan(bodies.reduce((sum, body) => sum + body.byteLength, 0));
    // Faded: the samples on both sides of each join are (near) zero.
    let at = 0;
    for (const part of parts.slice(0, -1)) {
      at += part.byteLength;
      expect(Math.abs(audio.readInt16LE(at - 2))).toBeLessThan(50);
      expect(Math.abs(audio.readInt16LE(at))).toBeLessThan(50);
    }
    const words = marks.filter((m) => m.type === 'word');
    expect(words.map((m) => m.value)).toEqual(['Here', 'are', 'our', 'top', 'boots', 'the', 'Ridge', 'Boot', 'and', 'the', 'Trail', 'Runner']);
    expect(marks.filter((m) => m.type === 'sentence')).toHaveLength(1);
    const times = words.map((m) => m.time);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    // The second phrase's first word comes after the first phrase's audio.
    const firstMs = playMs('pcm', 16000, parts[0] as Uint8Array);
    expect(words[5]?.time).toBeGreaterThanOrEqual(Math.floor(firstMs));
    expect(words.at(-1)?.time).toBeLessThan(playMs('pcm', 16000, audio));
  }, 60_000);

  it('joins mp3 phrases frame for frame, each inner phrase cut after a clause pause', async () => {
    const { voice, cache } = setup();
    const [sentence] = voice.sentencesOf(plain('I can recommend gear, and it ships today.'), voice.deliveryFor({ format: 'mp3' }));
    const fragments = voice.fragmentsOf(sentence as never);
    expect(fragments).toHaveLength(2);
    const audio = Buffer.from(await readAll(await voice.audio(sentence as never, signal)));
    const bodies = (await Promise.all(fragments.map(async (f) => readAll((await cache.synthesize(f)).audio)))).map((body) => Buffer.from(body));
    const [first, last] = bodies as [Buffer, Buffer];
    const cut = joinPart('mp3', 24000, first, 0, 2);
    expect(audio.equals(Buffer.concat([cut, last]))).toBe(true);
    // Whole frames from the start of the phrase; its sentence-end silence (~300 ms) cut to ~200 ms.
    expect(first.subarray(0, cut.byteLength).equals(Buffer.from(cut))).toBe(true);
    const saved = playMs('mp3', 24000, first) - playMs('mp3', 24000, cut);
    expect(saved).toBeGreaterThan(50);
    expect(saved).toBeLessThan(200);
    expect(playMs('mp3', 24000, audio)).toBeGreaterThan(1500);
  });
});
