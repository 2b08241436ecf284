/**
 * Joining separately synthesized fragments (the phrases of a sentence) into one stream without
 * clicks, and telling how long each fragment plays (to shift its speech marks). pcm: each
 * fragment's trailing silence is cut to a natural clause pause (a phrase synthesized alone ends
 * with the silence of a sentence end, about 300 ms with eSpeak, where the whole sentence pauses
 * 150-220 ms at a comma), then short linear fades on both sides of every join. mp3: whole frames
 * join as they are, and a fragment's trailing quiet frames (told by their side information's gain,
 * without decoding) are cut to the same pause; the decoder's overlap smooths the join. Ogg streams
 * cannot be concatenated into one playable stream, so Ogg sentences are never cut into fragments.
 */
import { mp3FrameAt, mp3FrameGain } from '../speech/index.js';
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
 * An mp3 frame counts as quiet when its global gain is this many steps under the fragment's
 * loudest frame's (each step is 1.5 dB of quantizer step: about 39 dB), or it has no spectral data.
 * Relative, because encoders differ in the gain they give the same level; measured on the local
 * engine's mp3, speech frames carry 150-190 and the noise floor after a phrase 120-147.
 */
const QUIET_GAIN_DROP = 26;

/**
 * A fragment's body as it is sent: trimmed at its inner joins (the last fragment is not), pcm also
 * faded (index 0 has no fade in, the last no fade out). pcm comes back as a copy, mp3 as a view of
 * the body: the cached body is never changed.
 */
export function joinPart(format: JoinableFormat, sampleRate: number, body: Uint8Array, index: number, count: number): Uint8Array {
  if (count <= 1) return body;
  if (format === 'mp3') return index < count - 1 ? body.subarray(0, mp3PauseEnd(body)) : body;
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

/**
 * Where an mp3 fragment's audio may end at a join: after its last loud frame and JOIN_PAUSE_MS of
 * the quiet frames that follow it (the first of them carries the loud frame's decaying overlap).
 * Bytes that are no frame (tags) before that point are kept.
 */
function mp3PauseEnd(body: Uint8Array): number {
  const frames: Array<{ end: number; gain: number; ms: number }> = [];
  for (let at = 0; at + 4 <= body.byteLength; ) {
    const frame = mp3FrameAt(body, at);
    if (frame === undefined) {
      at += 1;
      continue;
    }
    frames.push({ end: Math.min(at + frame.length, body.byteLength), gain: mp3FrameGain(body, at) ?? -Infinity, ms: (frame.samples / frame.rate) * 1000 });
    at += frame.length;
  }
  const quietGain = frames.reduce((loudest, frame) => Math.max(loudest, frame.gain), -Infinity) - QUIET_GAIN_DROP;
  let last = frames.length - 1;
  while (last >= 0 && (frames[last]?.gain ?? 0) <= quietGain) last -= 1;
  let keep = last;
  for (let pause = 0; keep + 1 < frames.length && pause < JOIN_PAUSE_MS; keep += 1) pause += frames[keep + 1]?.ms ?? 0;
  return keep < 0 ? body.byteLength : (frames[keep]?.end ?? body.byteLength);
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

