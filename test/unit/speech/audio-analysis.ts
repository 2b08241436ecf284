/** Measurements on synthesized audio for the local synthesizer's tests: F0, formants, mp3 frames. */
import { lpc, lpcEnvelope } from '../../../src/speech/local/lpc.js';
import type { SpeechSynthesizer, SynthesizeRequest } from '../../../src/speech/index.js';

export async function collect(tts: SpeechSynthesizer, request: SynthesizeRequest): Promise<Uint8Array> {
  const result = await tts.synthesize(request);
  const chunks: Uint8Array[] = [];
  for await (const chunk of result.audio) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export function pcmSamples(bytes: Uint8Array): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float64Array.from({ length: bytes.byteLength / 2 }, (_, i) => view.getInt16(i * 2, true) / 32768);
}

export interface FrameAnalysis {
  f0: number;
  f1: number;
  f2: number;
  /** Frames periodic enough to carry a pitch. */
  voicedFrames: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/**
 * Medians over strongly voiced frames: F0 by normalized autocorrelation (70-400 Hz), F1 and F2 as
 * the first two peaks above 200 Hz of a pre-emphasized order-14 LPC envelope.
 */
export function analyseVoice(samples: Float64Array, sampleRateHz: number): FrameAnalysis {
  const frame = Math.round(0.04 * sampleRateHz);
  const hop = Math.round(0.01 * sampleRateHz);
  const f0s: number[] = [];
  const f1s: number[] = [];
  const f2s: number[] = [];
  for (let start = 0; start + frame <= samples.length; start += hop) {
    const x = samples.subarray(start, start + frame);
    const pitch = autocorrelationPitch(x, sampleRateHz);
    if (pitch === undefined) continue;
    f0s.push(pitch);
    const formants = lpcFormants(x, sampleRateHz);
    if (formants.length >= 2) {
      f1s.push(formants[0] ?? 0);
      f2s.push(formants[1] ?? 0);
    }
  }
  return { f0: median(f0s), f1: median(f1s), f2: median(f2s), voicedFrames: f0s.length };
}

function autocorrelationPitch(x: Float64Array, rate: number): number | undefined {
  let energy = 0;
  for (const v of x) energy += v * v;
  if (energy / x.length < 1e-4) return undefined;
  let bestLag = 0;
  let best = 0;
  for (let lag = Math.floor(rate / 400); lag <= Math.ceil(rate / 70); lag += 1) {
    let sum = 0;
    for (let i = lag; i < x.length; i += 1) sum += (x[i] ?? 0) * (x[i - lag] ?? 0);
    const normalized = sum / energy;
    if (normalized > best) {
      best = normalized;
      bestLag = lag;
    }
  }
  return best > 0.6 ? rate / bestLag : undefined;
}

function lpcFormants(x: Float64Array, rate: number): number[] {
  const n = 1024;
  const emphasized = Float64Array.from(x, (v, i) => (v - 0.97 * (x[i - 1] ?? 0)) * (0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (x.length - 1))));
  const envelope = lpcEnvelope(lpc(emphasized, 14).a, n);
  const peaks: number[] = [];
  for (let k = 1; k < envelope.length - 1; k += 1) {
    const hz = (k * rate) / n;
    if (hz > 200 && (envelope[k] ?? 0) > (envelope[k - 1] ?? 0) && (envelope[k] ?? 0) >= (envelope[k + 1] ?? 0)) peaks.push(hz);
  }
  return peaks;
}

/** Walks MPEG audio frames from the first sync word; returns the frame count and audio seconds. */
export function mp3Frames(bytes: Uint8Array): { frames: number; seconds: number; sampleRateHz: number } {
  const rates: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };
  const bitrates1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
  const bitrates2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
  let at = 0;
  let frames = 0;
  let seconds = 0;
  let sampleRateHz = 0;
  while (at + 4 <= bytes.length) {
    const b1 = bytes[at + 1] ?? 0;
    const b2 = bytes[at + 2] ?? 0;
    if (bytes[at] !== 0xff || (b1 & 0xe0) !== 0xe0) throw new Error(`no frame sync at byte ${at}`);
    const version = (b1 >> 3) & 3;
    sampleRateHz = rates[version]?.[(b2 >> 2) & 3] ?? 0;
    const kbps = (version === 3 ? bitrates1 : bitrates2)[b2 >> 4] ?? 0;
    const samplesPerFrame = version === 3 ? 1152 : 576;
    const length = Math.floor((samplesPerFrame / 8) * kbps * 1000 / sampleRateHz) + ((b2 >> 1) & 1);
    if (length <= 4) throw new Error(`bad frame at byte ${at}`);
    at += length;
    frames += 1;
    seconds += samplesPerFrame / sampleRateHz;
  }
  return { frames, seconds, sampleRateHz };
}

export interface OggVorbisStream {
  pages: number;
  channels: number;
  sampleRateHz: number;
  /** Granule position of the last page over the sample rate. */
  seconds: number;
  /** Packets in order: identification, comment, setup, then audio. */
  packets: number;
}

/**
 * Walks Ogg pages (RFC 3533): capture pattern, CRC-32 of every page, one logical stream with
 * consecutive sequence numbers, BOS on the first page and EOS on the last; reads the Vorbis
 * identification header (channels, sample rate) and the final granule position.
 */
export function oggVorbis(bytes: Uint8Array): OggVorbisStream {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  let pages = 0;
  let packets = 0;
  let granule = 0n;
  let serial: number | undefined;
  let flags = 0;
  let packet: number[] = [];
  let identification: Uint8Array | undefined;
  while (at < bytes.length) {
    if (new TextDecoder().decode(bytes.subarray(at, at + 4)) !== 'OggS' || bytes[at + 4] !== 0) throw new Error(`no Ogg page at byte ${at}`);
    flags = bytes[at + 5] ?? 0;
    if (pages === 0 && (flags & 2) === 0) throw new Error('first page lacks BOS');
    granule = view.getBigInt64(at + 6, true);
    const pageSerial = view.getUint32(at + 14, true);
    if (serial !== undefined && pageSerial !== serial) throw new Error('more than one logical stream');
    serial = pageSerial;
    if (view.getUint32(at + 18, true) !== pages) throw new Error(`page ${pages} has sequence ${view.getUint32(at + 18, true)}`);
    const segments = bytes[at + 26] ?? 0;
    const lacing = bytes.subarray(at + 27, at + 27 + segments);
    const length = 27 + segments + lacing.reduce((sum, l) => sum + l, 0);
    const page = Uint8Array.from(bytes.subarray(at, at + length));
    if (page.length !== length) throw new Error(`page ${pages} is truncated`);
    const crc = view.getUint32(at + 22, true);
    page.fill(0, 22, 26);
    if (oggCrc(page) !== crc) throw new Error(`page ${pages} fails its CRC`);
    let body = at + 27 + segments;
    for (const l of lacing) {
      packet.push(...bytes.subarray(body, body + l));
      body += l;
      if (l < 255) {
        if (packets === 0) identification = Uint8Array.from(packet);
        packets += 1;
        packet = [];
      }
    }
    at += length;
    pages += 1;
  }
  if ((flags & 4) === 0) throw new Error('last page lacks EOS');
  if (identification === undefined || identification[0] !== 1 || new TextDecoder().decode(identification.subarray(1, 7)) !== 'vorbis') throw new Error('no Vorbis identification header');
  const id = new DataView(identification.buffer);
  const sampleRateHz = id.getUint32(12, true);
  return { pages, packets, channels: identification[11] ?? 0, sampleRateHz, seconds: Number(granule) / sampleRateHz };
}

let crcTable: Uint32Array | undefined;

/** Ogg's CRC-32: polynomial 0x04c11db7, not reflected, initial value 0. */
function oggCrc(bytes: Uint8Array): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, i) => {
    let r = i << 24;
    for (let k = 0; k < 8; k += 1) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    return r >>> 0;
  });
  let crc = 0;
  for (const b of bytes) crc = ((crc << 8) ^ (crcTable[((crc >>> 24) ^ b) & 0xff] ?? 0)) >>> 0;
  return crc;
}
