/**
 * The eSpeak worker thread shares runs: a document asked for while it is being spoken, or shortly
 * after, is read from that run (a reply's sentence is asked for twice, marks and audio), with the
 * same chunks; a failed run is never replayed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { EspeakThread, type EspeakChunk } from '../../../src/speech/local/espeak-thread.js';

let now = 0;
const engine = new EspeakThread({ keepMs: 1000, maxKept: 2, clock: () => now });
afterAll(() => engine.close());

async function read(chunks: AsyncIterable<EspeakChunk>, stopAfter = Number.POSITIVE_INFINITY): Promise<{ samples: number; events: string[]; chunks: EspeakChunk[] }> {
  const seen: EspeakChunk[] = [];
  for await (const chunk of chunks) {
    seen.push(chunk);
    if (seen.length >= stopAfter) break;
  }
  return { samples: seen.reduce((sum, c) => sum + c.samples.length, 0), events: seen.flatMap((c) => c.events.map((e) => `${e.type}:${String(e.id)}`)), chunks: seen };
}

describe('EspeakThread shared runs', () => {
  it('speaks a document once for readers at the same time and shortly after, and again once it is forgotten', async () => {
    const doc = '<speak>Your order ships today.</speak>';
    const started = engine.runsStarted;
    const [a, b] = await Promise.all([read(engine.synthesize(doc, 'en-us')), read(engine.synthesize(doc, 'en-us'))]);
    expect(engine.runsStarted - started).toBe(1);
    expect(a.samples).toBeGreaterThan(10_000);
    expect(b.samples).toBe(a.samples);
    expect(b.events).toEqual(a.events);
    expect(b.chunks).toEqual(a.chunks);

    now += 500;
    expect((await read(engine.synthesize(doc, 'en-us'))).samples).toBe(a.samples);
    expect(engine.runsStarted - started).toBe(1);
    // Another voice is another document.
    await read(engine.synthesize(doc, 'en'));
    expect(engine.runsStarted - started).toBe(2);

    now += 1000;
    const again = await read(engine.synthesize(doc, 'en-us'));
    expect(engine.runsStarted - started).toBe(3);
    // eSpeak's runs of one document may differ by a few samples: shared marks and audio agree exactly.
    expect(Math.abs(again.samples - a.samples)).toBeLessThan(a.samples / 100);
  });

  it('keeps at most maxKept finished runs, and a reader that stops early does not stop the others', async () => {
    const started = engine.runsStarted;
    const docs = ['<speak>One.</speak>', '<speak>Two.</speak>', '<speak>Three.</speak>'];
    for (const doc of docs) await read(engine.synthesize(doc, 'en-us'));
    expect(engine.runsStarted - started).toBe(3);
    await read(engine.synthesize(docs[2] as string, 'en-us'));
    expect(engine.runsStarted - started).toBe(3);
    await read(engine.synthesize(docs[0] as string, 'en-us'));
    expect(engine.runsStarted - started).toBe(4);

    const long = '<speak>Here are three jackets you might like, each waterproof and light enough to pack.</speak>';
    const [early, full] = await Promise.all([read(engine.synthesize(long, 'en-us'), 1), read(engine.synthesize(long, 'en-us'))]);
    expect(early.chunks).toHaveLength(1);
    expect(full.chunks.length).toBeGreaterThan(1);
    expect(full.chunks[0]).toBe(early.chunks[0]);
  });

  it('does not replay a failed run: the next reader tries again', async () => {
    const started = engine.runsStarted;
    await expect(read(engine.synthesize('<speak>Hello.</speak>', 'no-such-voice'))).rejects.toThrow(/no voice no-such-voice/);
    await expect(read(engine.synthesize('<speak>Hello.</speak>', 'no-such-voice'))).rejects.toThrow(/no voice no-such-voice/);
    expect(engine.runsStarted - started).toBe(2);
    // The thread still speaks after a failure.
    expect((await read(engine.synthesize('<speak>Hello.</speak>', 'en-us'))).samples).toBeGreaterThan(1000);
  });
});
