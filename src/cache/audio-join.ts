/**
 * Joining separately synthesized fragments (the phrases of a sentence) into one stream without
 * clicks, and telling how long each fragment plays (to shift its speech marks). pcm: each
 * fragment's trailing silence is cut to a natural clause pause (a phrase synthesized alone ends
 * with the silence of a sentence end, about 300 ms with eSpeak, where the whole sentence pauses
 * 150-220 ms at a comma), then short linear fades on both sides of every join. mp3: frames join as
 * they are (each frame stands alone; no trimming without decoding). Ogg streams cannot be
 * concatenated into one playable stream, so Ogg sentences are never cut into fragments.
 */
import { mp3FrameAt } from '../speech/index.js';
import { fadeIn, fadeOut } from './pcm-fade.js';

export type JoinableFormat = 'pcm' | 'mp3';

/** Formats whose fragments may be joined. */
export function isJoinable(format: string): format is JoinableFormat {
  return format === 'pcm' || format === 'mp3';
}

const FADE_MS = 5;
/** Longest trailing silence kept at a join: about eSpeak's own comma pause inside a sentence. */
const JOIN_PAUSE_MS = 200;
/** |sample| under this counts as silence (16-bit; about -50 dBFS). */
const SILENCE = 100;

/**
 * A fragment's body as it is sent: pcm trimmed and faded at its inner joins (index 0 has no fade
 * in, the last no fade out and no trim). Returns a copy; the cached body is never changed.
 */
export function joinPart(format: JoinableFormat, sampleRate: number, body: Uint8Array, index: number, count: number): Uint8Array {
  if (format !== 'pcm' || count <= 1) return body;
  let end = body.byteLength & ~1;
  if (index < count - 1) {
    const view = new DataView(body.buffer, body.byteOffset, end);
    let lastSound = end / 2 - 1;
    while (lastSound >= 0 && Math.abs(view.getInt16(lastSound * 2, true)) < SILENCE) lastSound -= 1;
    const keep = Math.round((sampleRate * JOIN_PAUSE_MS) / 1000);
    end = Math.min(end, (lastSound + 1 + keep) * 2);
  }
  const part = body.slice(0, end);
  const fade = Math.round((sampleRate * FADE_MS) / 1000);
  if (index > 0) fadeIn(part, fade);
  if (index < count - 1) fadeOut(part, fade);
  return part;
}

/** How long a complete body plays, in ms: pcm by size, mp3 by its frame headers. */
export function playMs(format: JoinableFormat, sampleRate: number, body: Uint8Array): number {
  if (format === 'pcm') return ((body.byteLength >> 1) / sampleRate) * 1000;
  let samples = 0;
  let rate = sampleRate;
  for (let at = 0; at + 4 <= body.byteLength; ) {
    const frame = mp3FrameAt(body, at);
    if (frame === undefined) {
      at += 1; // a tag or garbage: resynchronize
      continue;
    }
    samples += frame.samples;
    rate = frame.rate;
    at += frame.length;
  }
  return (samples / rate) * 1000;
}

