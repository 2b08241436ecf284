import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSpeak } from '../../../src/cli/commands/speak.js';
import { mp3Frames, oggVorbis } from './audio-analysis.js';

const FIXTURE = 'test/unit/speech/fixtures/speak-effects.ssml';

describe('parley speak', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'parley-speak-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const speak = async (file: string | undefined, options: Parameters<typeof runSpeak>[1]): Promise<{ code: number; summary: Record<string, unknown> }> => {
    const lines: string[] = [];
    const code = await runSpeak(file, options, (line) => lines.push(line));
    return { code, summary: JSON.parse(lines.join('')) as Record<string, unknown> };
  };

  it('writes playable mp3 with voice effects, and pcm without', async () => {
    const mp3 = path.join(dir, 'effects.mp3');
    expect((await speak(FIXTURE, { out: mp3, voice: 'Matthew' })).code).toBe(0);
    const frames = mp3Frames(await readFile(mp3));
    expect(frames.sampleRateHz).toBe(22_050);
    expect(frames.seconds).toBeGreaterThan(2);
    const pcm = path.join(dir, 'plain.pcm');
    const { code, summary } = await speak(undefined, { out: pcm, text: 'Your order ships today.', sampleRate: '8000' });
    expect(code).toBe(0);
    expect(summary).toMatchObject({ format: 'pcm', contentType: 'audio/pcm', requestCharacters: 23 });
    const bytes = await readFile(pcm);
    expect(bytes.byteLength % 2).toBe(0);
    expect(bytes.byteLength / 2 / 8000).toBeGreaterThan(0.8);
  });

  it('makes the output folder, and refuses a file it cannot write with a clear error', async () => {
    const mp3 = path.join(dir, 'made', 'for', 'you.mp3');
    expect((await speak(undefined, { out: mp3, text: 'Hello.' })).code).toBe(0);
    expect(mp3Frames(await readFile(mp3)).seconds).toBeGreaterThan(0.2);
    const under = path.join(mp3, 'inside.mp3');
    const refused = await speak(undefined, { out: under, text: 'Hello.' });
    expect(refused.code).toBe(1);
    expect(refused.summary['error']).toMatch(new RegExp(`^cannot write ${under}: E(EXIST|NOTDIR)`));
  });

  it('writes speech marks as JSON lines', async () => {
    const out = path.join(dir, 'marks.json');
    expect((await speak(FIXTURE, { out, marks: 'sentence,word,ssml' })).code).toBe(0);
    const marks = (await readFile(out, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { type: string; value: string });
    expect(marks.filter((m) => m.type === 'ssml').map((m) => m.value)).toEqual(['deep']);
    expect(marks.filter((m) => m.type === 'word').map((m) => m.value)).toContain('deeper');
  });

  it('reports bad options as JSON and exit code 1', async () => {
    expect((await speak(undefined, { out: path.join(dir, 'x.flac'), text: 'Hi.' })).summary).toEqual({ error: expect.stringContaining('unknown format') });
    expect((await speak(FIXTURE, { out: path.join(dir, 'y.mp3'), text: 'Hi.' })).code).toBe(1);
    const refused = await speak(undefined, { out: path.join(dir, 'z.mp3'), text: '<speak>Say\n<phoneme alphabet="ipa" ph="ʘ">this</phoneme></speak>' });
    expect(refused).toEqual({ code: 1, summary: expect.objectContaining({ code: 'PARLEY_SPEECH_INVALID_SSML', diagnostics: [expect.objectContaining({ code: 'unknown-phoneme', line: 2 })] }) });
    // The refused request leaves no (empty) file behind.
    await expect(readFile(path.join(dir, 'z.mp3'))).rejects.toThrow('ENOENT');
    expect((await speak(undefined, { out: path.join(dir, 'o.opus'), format: 'ogg_opus', text: 'Hi.' })).summary).toMatchObject({ code: 'PARLEY_SPEECH_INVALID_FORMAT' });
  });

  it('writes Ogg Vorbis for an .ogg file', async () => {
    const out = path.join(dir, 'reply.ogg');
    const { code, summary } = await speak(undefined, { out, text: 'Your order ships today.' });
    expect(code).toBe(0);
    expect(summary).toMatchObject({ format: 'ogg_vorbis', contentType: 'audio/ogg' });
    expect(oggVorbis(await readFile(out))).toMatchObject({ channels: 1, sampleRateHz: 22_050 });
  });
});
