/**
 * Plays spoken replies (docs/protocol.md, "Audio") with the Web Audio API: pcm chunks are
 * scheduled as they arrive (true streaming); mp3 and Ogg segments are decoded once their last
 * frame is in (the next audio.* message) and scheduled back to back. Knows how much was heard, for
 * turn.interrupt. No DOM; an AudioContext factory is injectable.
 */

/** Scheduling slack so the first chunk does not start in the past. */
const START_DELAY_S = 0.05;

export class ReplyPlayer {
  /**
   * @param {{createContext?: () => AudioContext, onChange?: (stats: {segmentsPlayed: number, state: string, playing: boolean}) => void}} [options]
   */
  constructor(options = {}) {
    this.createContext = options.createContext ?? (() => new AudioContext());
    this.onChange = options.onChange ?? (() => undefined);
    /** @type {AudioContext | undefined} */
    this.context = undefined;
    this.muted = false;
    this.segmentsPlayed = 0;
    this.reset();
  }

  /** Creates or resumes the AudioContext: call it from a user gesture (browsers' autoplay rules). */
  unlock() {
    this.context ??= this.createContext();
    this.context.onstatechange = () => this.#changed();
    void this.context.resume().then(() => this.#changed());
  }

  reset() {
    /** @type {{format: string, sampleRate: number} | undefined} */
    this.stream = undefined;
    /** @type {AudioBufferSourceNode[]} */
    this.sources = [];
    /** @type {ArrayBuffer[]} */
    this.pending = [];
    /** @type {Uint8Array | undefined} a pcm byte left over from an odd-sized chunk */
    this.oddByte = undefined;
    this.nextTime = 0;
    this.startedAt = undefined;
    this.segmentOpen = false;
    /** @type {AudioBufferSourceNode | undefined} the current segment's latest buffer */
    this.segmentLast = undefined;
    /** @type {WeakSet<AudioBufferSourceNode>} */
    this.ended = new WeakSet();
  }

  get playing() {
    return this.context !== undefined && this.startedAt !== undefined && this.context.currentTime < this.nextTime;
  }

  /** Milliseconds of the current reply played so far. */
  heardMs() {
    if (this.context === undefined || this.startedAt === undefined) return 0;
    return Math.max(0, (Math.min(this.context.currentTime, this.nextTime) - this.startedAt) * 1000);
  }

  /** @param {{format: string, sampleRate: number}} begin */
  begin(begin) {
    this.stop();
    this.stream = { format: begin.format, sampleRate: begin.sampleRate };
  }

  segment() {
    this.#closeSegment();
    this.segmentOpen = true;
  }

  /** @param {ArrayBuffer} data */
  chunk(data) {
    if (this.stream === undefined || this.muted || this.context === undefined) return;
    if (this.stream.format === 'pcm') this.#schedule(this.#pcmBuffer(data));
    else this.pending.push(data);
  }

  end() {
    this.#closeSegment();
  }

  /** Stops playback at once (barge-in, mute); returns how much was heard. */
  stop() {
    const heard = this.heardMs();
    for (const source of this.sources) {
      source.onended = null;
      try {
        source.stop();
      } catch {
        // Not started yet: nothing to stop.
      }
    }
    this.reset();
    this.#changed();
    return heard;
  }

  #closeSegment() {
    if (!this.segmentOpen) return;
    this.segmentOpen = false;
    const last = this.segmentLast;
    this.segmentLast = undefined;
    if (this.stream?.format !== 'pcm' && this.pending.length > 0) {
      void this.#decodeSegment(this.pending.splice(0));
      return;
    }
    if (last !== undefined) this.#countWhenEnded(last);
  }

  /** @param {ArrayBuffer[]} parts */
  async #decodeSegment(parts) {
    const context = this.context;
    if (context === undefined) return;
    const bytes = new Uint8Array(parts.reduce((n, part) => n + part.byteLength, 0));
    let at = 0;
    for (const part of parts) {
      bytes.set(new Uint8Array(part), at);
      at += part.byteLength;
    }
    const stream = this.stream;
    const buffer = await context.decodeAudioData(bytes.buffer);
    if (this.stream !== stream) return; // stopped while decoding
    this.#countWhenEnded(this.#schedule(buffer));
  }

  /** @param {ArrayBuffer} data */
  #pcmBuffer(data) {
    let bytes = new Uint8Array(data);
    if (this.oddByte !== undefined) {
      const joined = new Uint8Array(bytes.byteLength + 1);
      joined.set(this.oddByte);
      joined.set(bytes, 1);
      bytes = joined;
      this.oddByte = undefined;
    }
    if (bytes.byteLength % 2 === 1) {
      this.oddByte = bytes.slice(-1);
      bytes = bytes.subarray(0, -1);
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const context = /** @type {AudioContext} */ (this.context);
    const samples = bytes.byteLength / 2;
    const buffer = context.createBuffer(1, Math.max(1, samples), /** @type {{sampleRate: number}} */ (this.stream).sampleRate);
    const channel = buffer.getChannelData(0);
    for (let i = 0; i < samples; i += 1) channel[i] = view.getInt16(i * 2, true) / 32768;
    return buffer;
  }

  /** @param {AudioBuffer} buffer */
  #schedule(buffer) {
    const context = /** @type {AudioContext} */ (this.context);
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(context.destination);
    const at = Math.max(this.nextTime, context.currentTime + START_DELAY_S);
    source.start(at);
    this.startedAt ??= at;
    this.nextTime = at + buffer.duration;
    this.sources.push(source);
    this.segmentLast = source;
    source.addEventListener('ended', () => {
      this.ended.add(source);
      this.sources = this.sources.filter((s) => s !== source);
    });
    this.#changed();
    return source;
  }

  /** @param {AudioBufferSourceNode} source */
  #countWhenEnded(source) {
    const count = () => {
      this.segmentsPlayed += 1;
      this.#changed();
    };
    // Playback may have caught up with a slow stream: the segment's last buffer already ended.
    if (this.ended.has(source)) count();
    else source.onended = count;
  }

  #changed() {
    this.onChange({ segmentsPlayed: this.segmentsPlayed, state: this.context?.state ?? 'none', playing: this.playing });
  }
}
