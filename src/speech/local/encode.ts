import { SPEECH_ERROR_CODES, speechError } from '../errors.js';
import type { OutputFormat } from '../port.js';
import { createMp3Encoder, createOggVorbisEncoder } from './wasm-encoders.js';

/** Turns 16-bit mono pieces into the output format's bytes, piece by piece, as they are produced. */
export interface AudioEncoder {
  encode(samples: Int16Array): Uint8Array;
  flush(): Uint8Array;
}

/**
 * Encoders for the formats the local synthesizer writes. mp3 (LAME) and Ogg Vorbis (libvorbis)
 * are WebAssembly builds from `wasm-media-encoders`, hence async; Ogg Opus has no encoder here.
 */
export async function createEncoder(format: OutputFormat, sampleRateHz: number): Promise<AudioEncoder> {
  switch (format) {
    case 'pcm':
      return { encode: pcmBytes, flush: () => new Uint8Array(0) };
    case 'mp3':
      return createMp3Encoder(sampleRateHz, sampleRateHz <= 16_000 ? 32 : sampleRateHz <= 24_000 ? 48 : 64);
    case 'mulaw':
      return { encode: (s) => Uint8Array.from(s, muLaw), flush: () => new Uint8Array(0) };
    case 'alaw':
      return { encode: (s) => Uint8Array.from(s, aLaw), flush: () => new Uint8Array(0) };
    case 'ogg_vorbis':
      return createOggVorbisEncoder(sampleRateHz);
    default:
      throw speechError(SPEECH_ERROR_CODES.invalidFormat, `the local synthesizer cannot write ${format}; use mp3, ogg_vorbis, pcm, mulaw or alaw (or Polly for ogg_opus)`);
  }
}

/** Signed 16-bit little-endian, as Polly's pcm. */
function pcmBytes(samples: Int16Array): Uint8Array {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  samples.forEach((s, i) => view.setInt16(i * 2, s, true));
  return bytes;
}

/** G.711 mu-law. */
function muLaw(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  let magnitude = Math.min(Math.abs(sample), 32635) + 0x84;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent -= 1;
  magnitude >>= exponent + 3;
  return ~(sign | (exponent << 4) | (magnitude & 0x0f)) & 0xff;
}

/** G.711 A-law. */
function aLaw(sample: number): number {
  const sign = sample >= 0 ? 0x80 : 0;
  const magnitude = Math.min(Math.abs(sample), 32767) >> 3;
  let exponent = 0;
  for (let m = magnitude >> 5; m > 0 && exponent < 7; m >>= 1) exponent += 1;
  const mantissa = exponent === 0 ? (magnitude >> 1) & 0x0f : (magnitude >> exponent) & 0x0f;
  return (sign | (exponent << 4) | mantissa) ^ 0x55;
}
