/** One connection's spoken-turn state: format check, caps, order of begin, frames and end. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AudioInput, type TurnAudioBegin } from '../../../src/gateway/ws/audio-input.js';

const begin = (id: string, format: Partial<TurnAudioBegin['format']> = {}): TurnAudioBegin => ({
  type: 'turn.audio.begin',
  id,
  format: { encoding: 'pcm_s16le', sampleRateHz: 16000, channels: 1, ...format },
});

describe('AudioInput', () => {
  it('collects the frames of one utterance in order and reports its duration', () => {
    const input = new AudioInput({ maxAudioMs: 15_000, maxAudioBytes: 480_000 });
    expect(input.begin(begin('u'))).toBeUndefined();
    expect(input.receiving).toBe(true);
    input.frame(Buffer.from([1, 2]));
    input.frame([Buffer.from([3]), Buffer.from([4])]);
    const end = input.end({ type: 'turn.audio.end' });
    expect(end).toEqual({ ok: true, utterance: { id: 'u', pcm: Buffer.from([1, 2, 3, 4]), durationMs: 0.125 } });
    expect(input.receiving).toBe(false);
  });

  it.each([
    ['8 kHz', { sampleRateHz: 8000 }],
    ['stereo', { channels: 2 }],
    ['big-endian', { encoding: 'pcm_s16be' }],
  ])('refuses %s audio and stays idle', (_label, format) => {
    const input = new AudioInput({ maxAudioMs: 15_000, maxAudioBytes: 480_000 });
    expect(input.begin(begin('u', format))).toMatchObject({ code: 'PARLEY_GATEWAY_AUDIO_FORMAT_UNSUPPORTED', details: { supported: { encoding: 'pcm_s16le', sampleRateHz: 16000, channels: 1 } } });
    expect(input.receiving).toBe(false);
  });

  it('applies whichever cap is smaller, reports going over once, and drops the rest quietly', () => {
    // 100 ms is 3,200 bytes: the duration cap wins over the byte cap here.
    const input = new AudioInput({ maxAudioMs: 100, maxAudioBytes: 1_000_000 });
    input.begin(begin('long'));
    expect(input.frame(Buffer.alloc(3200))).toBeUndefined();
    expect(input.frame(Buffer.alloc(2))).toMatchObject({ id: 'long', error: { code: 'PARLEY_GATEWAY_AUDIO_TOO_LONG' } });
    expect(input.frame(Buffer.alloc(2))).toBeUndefined();
    expect(input.receiving).toBe(true);
    expect(input.end({ type: 'turn.audio.end' })).toEqual({ ok: false, id: 'long', error: undefined });
    // Ready for the next one.
    expect(input.begin(begin('next'))).toBeUndefined();
  });

  it('bounds the number of frames too, since frames are not rate limited', () => {
    // 1,000 ms is 32,000 bytes: at most 100 frames (10 ms each on average).
    const input = new AudioInput({ maxAudioMs: 1000, maxAudioBytes: 1_000_000 });
    input.begin(begin('tiny'));
    for (let i = 0; i < 100; i += 1) expect(input.frame(Buffer.alloc(2))).toBeUndefined();
    expect(input.frame(Buffer.alloc(2))).toMatchObject({ id: 'tiny', error: { code: 'PARLEY_GATEWAY_AUDIO_TOO_LONG', details: { maxFrames: 100 } } });
    expect(input.end({ type: 'turn.audio.end' })).toEqual({ ok: false, id: 'tiny', error: undefined });
  });

  it('refuses end without begin, a second begin, empty and odd-length audio', () => {
    const input = new AudioInput({ maxAudioMs: 15_000, maxAudioBytes: 480_000 });
    expect(input.end({ type: 'turn.audio.end', id: 'e' })).toMatchObject({ ok: false, id: 'e', error: { code: 'PARLEY_GATEWAY_AUDIO_NOT_STARTED' } });
    input.begin(begin('a'));
    expect(input.begin(begin('b'))).toMatchObject({ code: 'PARLEY_GATEWAY_AUDIO_ALREADY_STARTED' });
    expect(input.end({ type: 'turn.audio.end' })).toMatchObject({ ok: false, id: 'a', error: { code: 'PARLEY_GATEWAY_AUDIO_EMPTY' } });
    input.begin(begin('c'));
    input.frame(Buffer.alloc(3));
    expect(input.end({ type: 'turn.audio.end' })).toMatchObject({ ok: false, id: 'c', error: { code: 'PARLEY_GATEWAY_AUDIO_INVALID' } });
  });

  describe('idle timeout', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('closes an utterance whose frames stop, frees it, and tells the listener once', () => {
      vi.useFakeTimers();
      const closed: unknown[] = [];
      const input = new AudioInput({ maxAudioMs: 15_000, maxAudioBytes: 480_000, audioIdleMs: 1000 }, (idle) => closed.push(idle));
      input.begin(begin('open'));
      // Each frame pushes the deadline back.
      for (let i = 0; i < 5; i += 1) {
        vi.advanceTimersByTime(900);
        input.frame(Buffer.alloc(320));
      }
      expect(closed).toEqual([]);
      vi.advanceTimersByTime(1000);
      expect(closed).toEqual([{ id: 'open', error: expect.objectContaining({ code: 'PARLEY_GATEWAY_AUDIO_IDLE', message: expect.stringMatching(/1000 ms.*turn\.audio\.begin/) }) }]);
      expect(input.receiving).toBe(false);
      expect(input.end({ type: 'turn.audio.end', id: 'late' })).toMatchObject({ ok: false, error: { code: 'PARLEY_GATEWAY_AUDIO_NOT_STARTED' } });
      vi.advanceTimersByTime(10_000);
      expect(closed).toHaveLength(1);
      // A new utterance starts cleanly, and ending it in time disarms the timer.
      input.begin(begin('next'));
      input.frame(Buffer.alloc(320));
      expect(input.end({ type: 'turn.audio.end' })).toMatchObject({ ok: true, utterance: { id: 'next' } });
      vi.advanceTimersByTime(10_000);
      expect(closed).toHaveLength(1);
    });

    it('also closes an utterance that went over the cap and never ended; discard disarms it', () => {
      vi.useFakeTimers();
      const closed: unknown[] = [];
      const input = new AudioInput({ maxAudioMs: 100, maxAudioBytes: 480_000, audioIdleMs: 500 }, (idle) => closed.push(idle));
      input.begin(begin('big'));
      input.frame(Buffer.alloc(3202));
      vi.advanceTimersByTime(500);
      expect(closed).toEqual([{ id: 'big', error: expect.objectContaining({ code: 'PARLEY_GATEWAY_AUDIO_IDLE' }) }]);
      input.begin(begin('gone'));
      input.discard();
      vi.advanceTimersByTime(5000);
      expect(closed).toHaveLength(1);
    });
  });
});
