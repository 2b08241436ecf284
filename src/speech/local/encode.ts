import { Mp3Encoder } from '@breezystack/lamejs';
import { SPEECH_ERROR_CODES, speechError } from '../errors.js';
import type { OutputFormat } from '../port.js';

/** Turns 16-bit mono pieces into the output format's bytes, piece by piece, as they are produced. */
export interface AudioEncoder {
  encode(samples: Int16Array): Uint8Array;
  flush(): Uint8Array;
}

/** Encoders for the formats the local synthesizer writes; ogg has no pure-JavaScript encoder here. */
export function createEncoder(format: OutputFormat, sampleRateHz: number): AudioEncoder {
  switch (format) {
    case 'pcm':
      return { encode: pcmBytes, flush: () => new Uint8Array(0) };
    case 'mp3':
      return mp3Encoder(sampleRateHz);
    case 'mulaw':
      return { encode: (s) => Uint8Array.from(s, muLaw), flush: () => new Uint8Array(0) };
    case 'alaw':
      return { encode: (s) => Uint8Array.from(s, aLaw), flush: () => new Uint8Array(0) };
    default:
      throw speechError(SPEECH_ERROR_CODES.invalidFormat, `the local synthesizer cannot write ${format}; use mp3, pcm, mulaw or alaw`);
  }
}

/** Signed 16-bit little-endian, as Polly's pcm. */
function pcmBytes(samples: Int16Array): Uint8Array {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  samples.forEach((s, i) => view.setInt16(i * 2, s, true));
  return bytes;
}

function mp3Encoder(sampleRateHz: number): AudioEncoder {
  const kbps = sampleRateHz <= 16_000 ? 32 : sampleRateHz <= 24_000 ? 48 : 64;
  const encoder = new Mp3Encoder(1, sampleRateHz, kbps);
  // lamejs hands back Int8Arrays; the port promises Uint8Array views of the same bytes.
  const bytes = (data: ArrayLike<number> & { buffer: ArrayBufferLike; byteOffset: number; length: number }): Uint8Array => new Uint8Array(data.buffer, data.byteOffset, data.length);
  return { encode: (samples) => bytes(encoder.encodeBuffer(samples)), flush: () => bytes(encoder.flush()) };
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
