import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createEncoder as createWasmEncoder } from 'wasm-media-encoders';

/** Turns 16-bit mono pieces into encoded bytes as the codec completes frames (mp3) or pages (ogg). */
export interface WasmAudioEncoder {
  encode(samples: Int16Array): Uint8Array;
  flush(): Uint8Array;
}

type Codec = 'audio/mpeg' | 'audio/ogg';

/** Package paths of the WebAssembly builds (LAME, libvorbis); mp3 by its exports key without `.wasm`. */
const WASM_PATHS: Readonly<Record<Codec, string>> = { 'audio/mpeg': 'wasm-media-encoders/wasm/mp3', 'audio/ogg': 'wasm-media-encoders/wasm/ogg.wasm' };

/** Bytes, or the compiled module once an encoder has been made (named through the package's own type). */
type CodecWasm = Parameters<typeof createWasmEncoder>[1];

const wasm = new Map<Codec, Promise<CodecWasm>>();

/**
 * A codec's WebAssembly, read from node_modules once; after the first encoder the compiled module
 * is kept (the package's defaults decode an inline base64 copy on every call).
 */
function codecWasm(codec: Codec): Promise<CodecWasm> {
  let source = wasm.get(codec);
  if (source === undefined) {
    source = readFile(createRequire(import.meta.url).resolve(WASM_PATHS[codec])).catch((error: unknown) => {
      wasm.delete(codec);
      throw error;
    });
    wasm.set(codec, source);
  }
  return source;
}

async function create(codec: Codec): Promise<Awaited<ReturnType<typeof createWasmEncoder<Codec>>>> {
  return createWasmEncoder(codec, await codecWasm(codec), (module) => {
    wasm.set(codec, Promise.resolve(module));
  });
}

/** Each encoder has its own WebAssembly instance, so concurrent requests never share state. */
function wrap(encoder: { encode(samples: readonly Float32Array[]): Uint8Array; finalize(): Uint8Array }): WasmAudioEncoder {
  // The encoder owns the bytes it returns until its next call: copy them out.
  return {
    encode: (samples) => (samples.length === 0 ? new Uint8Array(0) : encoder.encode([Float32Array.from(samples, (s) => s / 32768)]).slice()),
    flush: () => encoder.finalize().slice(),
  };
}

/** Polly's mp3 sample rates, each one LAME writes as is. */
const MP3_RATES = [8000, 16_000, 22_050, 24_000, 44_100, 48_000] as const;

/** MP3 by LAME, constant bit rate, at the request's sample rate (no resampling inside LAME). */
export async function createMp3Encoder(sampleRateHz: number, kbps: 32 | 48 | 64): Promise<WasmAudioEncoder> {
  const outputSampleRate = MP3_RATES.find((rate) => rate === sampleRateHz);
  if (outputSampleRate === undefined) throw new RangeError(`mp3 cannot be written at ${sampleRateHz} Hz`);
  const encoder = await create('audio/mpeg');
  encoder.configure({ channels: 1, sampleRate: sampleRateHz, bitrate: kbps, outputSampleRate });
  return wrap(encoder);
}

/** Vorbis VBR quality (-1..10): 3 is about 64 kbps at 44.1 kHz, plenty for one voice. */
const VORBIS_QUALITY = 3;

/** Ogg Vorbis by libvorbis; pages leave as libvorbis completes them (about 4 KB each). */
export async function createOggVorbisEncoder(sampleRateHz: number): Promise<WasmAudioEncoder> {
  const encoder = await create('audio/ogg');
  encoder.configure({ channels: 1, sampleRate: sampleRateHz, vbrQuality: VORBIS_QUALITY });
  return wrap(encoder);
}
