import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';

describe('PARLEY_AUDIO_CACHE_* configuration', () => {
  it('defaults to a disk tier under the data dir and Polly\'s quotas', () => {
    const config = loadConfig({ PARLEY_DATA_DIR: '/srv/parley' }, '/app');
    expect(config.audioCache).toMatchObject({
      store: 'disk',
      dir: path.join('/srv/parley', 'audio-cache'),
      memoryBytes: 64 * 1024 * 1024,
      queue: 100,
      quotas: { standard: { ratePerSecond: 80, burst: 100 }, neural: { ratePerSecond: 8, burst: 10 }, 'long-form': { ratePerSecond: 8, burst: 10 } },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads the S3 tier', () => {
    const config = loadConfig({ PARLEY_AUDIO_CACHE_STORE: 's3', PARLEY_AUDIO_CACHE_S3_BUCKET: 'brand-audio', PARLEY_AUDIO_CACHE_S3_ENDPOINT: 'http://127.0.0.1:9000', PARLEY_AUDIO_CACHE_S3_PREFIX: 'tts/' }, '/app');
    expect(config.audioCache.s3).toEqual({ bucket: 'brand-audio', prefix: 'tts/', region: 'us-east-1', endpoint: 'http://127.0.0.1:9000' });
  });

  it('names every bad value at once', () => {
    let error: unknown;
    try {
      loadConfig({ PARLEY_AUDIO_CACHE_STORE: 's3', PARLEY_AUDIO_CACHE_S3_ENDPOINT: 'ftp://x', PARLEY_AUDIO_CACHE_NEURAL_TPS: '0', PARLEY_AUDIO_CACHE_MEMORY_BYTES: 'lots', PARLEY_AUDIO_CACHE_S3_PREFIX: '../x y' }, '/app');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PARLEY_AUDIO_CACHE_S3_BUCKET', 'PARLEY_AUDIO_CACHE_S3_ENDPOINT', 'PARLEY_AUDIO_CACHE_NEURAL_TPS', 'PARLEY_AUDIO_CACHE_MEMORY_BYTES', 'PARLEY_AUDIO_CACHE_S3_PREFIX']) {
      expect(message).toContain(name);
    }
    expect(() => loadConfig({ PARLEY_AUDIO_CACHE_STORE: 'redis' }, '/app')).toThrow(/PARLEY_AUDIO_CACHE_STORE/);
  });

  it('reads the POST /v1/audio rate limit and the playback drain bound, with their checks', () => {
    expect(loadConfig({}, '/app').audioCache.postLimit).toEqual({ perMinute: 30, burst: 10 });
    expect(loadConfig({}, '/app').replyAudio.playbackDrainMs).toBe(5000);
    const custom = loadConfig({ PARLEY_AUDIO_POST_PER_MINUTE: '120', PARLEY_AUDIO_POST_BURST: '5', PARLEY_PLAYBACK_DRAIN_MS: '0' }, '/app');
    expect(custom.audioCache.postLimit).toEqual({ perMinute: 120, burst: 5 });
    expect(custom.replyAudio.playbackDrainMs).toBe(0);
    expect(() => loadConfig({ PARLEY_AUDIO_POST_PER_MINUTE: '0' }, '/app')).toThrow(/PARLEY_AUDIO_POST_PER_MINUTE/);
    expect(() => loadConfig({ PARLEY_PLAYBACK_DRAIN_MS: 'soon' }, '/app')).toThrow(/PARLEY_PLAYBACK_DRAIN_MS/);
  });
});
