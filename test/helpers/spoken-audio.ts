/**
 * Speech for spoken-turn tests: utterances synthesized by Parley's own local synthesizer (eSpeak NG
 * WebAssembly) as 16 kHz PCM, and whether Debian's PocketSphinx is installed. CI installs it
 * (.ci/run) and must run the recognition tests; elsewhere a machine without it skips them.
 */
import { existsSync } from 'node:fs';
import { LocalTts } from '../../src/speech/index.js';

export const POCKETSPHINX_MODEL = '/usr/share/pocketsphinx/model/en-us/en-us/mdef';
export const POCKETSPHINX_PROGRAM = '/usr/bin/pocketsphinx_batch';

export const hasPocketsphinx = existsSync(POCKETSPHINX_MODEL) && existsSync(POCKETSPHINX_PROGRAM);

if (!hasPocketsphinx && process.env.CI === 'true') {
  throw new Error('PocketSphinx is missing on CI: .ci/run installs pocketsphinx and pocketsphinx-en-us for the spoken-turn tests');
}
if (!hasPocketsphinx) process.stderr.write('speech recognition tests skipped: apt-get install -y pocketsphinx pocketsphinx-en-us\n');

let tts: LocalTts | undefined;

/** `text` spoken by `voiceId` as raw PCM: signed 16-bit little-endian, 16 kHz, mono. */
export async function synthesizePcm(text: string, voiceId: string): Promise<Buffer> {
  tts ??= new LocalTts({});
  const result = await tts.synthesize({ text, voiceId, outputFormat: 'pcm', sampleRate: '16000' });
  const chunks: Uint8Array[] = [];
  for await (const chunk of result.audio) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Splits audio into frames as a kiosk streams it (100 ms of 16 kHz PCM each by default). */
export function pcmFrames(pcm: Buffer, frameBytes = 3200): Buffer[] {
  const frames: Buffer[] = [];
  for (let offset = 0; offset < pcm.byteLength; offset += frameBytes) frames.push(pcm.subarray(offset, offset + frameBytes));
  return frames;
}
