/** Sentence fragments over the real cache and local synthesizer: each sentence cached, clean joins. */
import { beforeAll, describe, expect, it } from 'vitest';
import { CachedSynthesizer, FragmentedSynthesizer, MemoryTier } from '../../../src/cache/index.js';
import type { SynthesizeRequest } from '../../../src/speech/index.js';
import { CountingSynthesizer, localOrigin, readAll, warmLocal } from './cache-kit.js';

beforeAll(warmLocal);

function build(): { fragments: FragmentedSynthesizer; sentences: CachedSynthesizer; origin: CountingSynthesizer } {
  const origin = new CountingSynthesizer(localOrigin());
  const sentences = new CachedSynthesizer({ origin, originId: 'local', lexicons: new Map(), memory: new MemoryTier(32 << 20) });
  return { fragments: new FragmentedSynthesizer(sentences, { fadeMs: 5 }), sentences, origin };
}

const request = (text: string, outputFormat: SynthesizeRequest['outputFormat'] = 'pcm'): SynthesizeRequest => ({ text, textType: 'ssml', voiceId: 'Matthew', outputFormat });

describe('FragmentedSynthesizer', () => {
  it('cuts a reply into sentences, each cached on its own and reused by other replies', async () => {
    const { fragments, origin } = build();
    const reply = '<speak>Thanks for shopping with us. <prosody rate="90%">Your order ships today. See you soon!</prosody></speak>';
    expect(fragments.fragmentsOf(request(reply)).map((f) => f.text)).toEqual([
      '<speak>Thanks for shopping with us. </speak>',
      '<speak><prosody rate="90%">Your order ships today. </prosody></speak>',
      '<speak><prosody rate="90%">See you soon!</prosody></speak>',
    ]);
    await readAll((await fragments.synthesize(request(reply))).audio);
    expect(origin.calls).toBe(3);
    // the same sentence cut from another place (no trailing space) has the same key
    const other = '<speak>Hello Ada. <prosody rate="90%">Your order ships today.</prosody></speak>';
    await readAll((await fragments.synthesize(request(other))).audio);
    expect(origin.calls).toBe(4); // only "Hello Ada." was synthesized
  });

  it('joins pcm with short fades at each join, and mp3 frames as they are', async () => {
    const { fragments, sentences } = build();
    const [a, b] = ['<speak>First part of the answer.</speak>', '<speak>Second part.</speak>'];
    const bodyA = await readAll((await sentences.synthesize(request(a as string))).audio);
    const bodyB = await readAll((await sentences.synthesize(request(b as string))).audio);
    const joined = await readAll((await fragments.synthesize(request('<speak>First part of the answer. Second part.</speak>'))).audio);
    expect(joined.byteLength).toBe(bodyA.byteLength + bodyB.byteLength);
    const fade = 80; // 5 ms at 16 kHz
    const at = bodyA.byteLength;
    // untouched away from the join
    expect(joined.subarray(0, at - fade * 2).equals(bodyA.subarray(0, at - fade * 2))).toBe(true);
    expect(joined.subarray(at + fade * 2).equals(bodyB.subarray(fade * 2))).toBe(true);
    // both edges at the join go to silence
    expect(joined.readInt16LE(at - 2)).toBe(0);
    expect(joined.readInt16LE(at)).toBe(0);
    for (let i = 1; i < fade; i += 1) {
      expect(Math.abs(joined.readInt16LE(at - 2 - i * 2))).toBeLessThanOrEqual(Math.abs(bodyA.readInt16LE(at - 2 - i * 2)));
      expect(Math.abs(joined.readInt16LE(at + i * 2))).toBeLessThanOrEqual(Math.abs(bodyB.readInt16LE(i * 2)));
    }
    const mp3A = await readAll((await sentences.synthesize(request(a as string, 'mp3'))).audio);
    const mp3B = await readAll((await sentences.synthesize(request(b as string, 'mp3'))).audio);
    const mp3 = await readAll((await fragments.synthesize(request('<speak>First part of the answer. Second part.</speak>', 'mp3'))).audio);
    expect(mp3.equals(Buffer.concat([mp3A, mp3B]))).toBe(true);
  });

  it('leaves speech marks whole (their times could not be joined)', () => {
    const { fragments } = build();
    const marks: SynthesizeRequest = { ...request('<speak>One. Two.</speak>'), outputFormat: 'json', speechMarkTypes: ['word'] };
    expect(fragments.fragmentsOf(marks)).toEqual([marks]);
  });
});
