import type { SpeechMarkType } from '../port.js';
import type { EspeakEvent } from '@echogarden/espeak-ng-emscripten';

/** One Polly speech mark; `start`/`end` are byte offsets into the request text. */
export interface SpeechMark {
  time: number;
  type: SpeechMarkType;
  start?: number;
  end?: number;
  value: string;
}

/** IPA (as eSpeak reports phonemes) to Polly's viseme alphabet, by the phoneme's first symbol. */
const VISEMES: ReadonlyArray<[RegExp, string]> = [
  [/^[pbm]/, 'p'], [/^[td]/, 't'], [/^(ʃ|ʒ|tʃ|dʒ)/, 'S'], [/^[θð]/, 'T'], [/^[fv]/, 'f'], [/^[kgŋh]/, 'k'],
  [/^[iɪj]/, 'i'], [/^[ɹr]/, 'r'], [/^[sz]/, 's'], [/^[uʊw]/, 'u'], [/^[əʌ]/, '@'], [/^[aæɑ]/, 'a'],
  [/^[eɛ]/, 'e'], [/^[ɜ]/, 'E'], [/^o/, 'o'], [/^ɔ/, 'O'], [/^[lnɾ]/, 't'],
];

/**
 * Turns eSpeak's events, piece by piece, into Polly-style marks on the request's own text: words
 * and sentences are found in the source in order (so aliases and sub text have no word marks),
 * times are shifted by the audio already produced, and never go backwards.
 */
export class MarkWriter {
  private cursor = 0;
  private markCursor = 0;
  private lastTime = 0;

  constructor(private readonly source: string, private readonly types: ReadonlySet<SpeechMarkType>) {}

  /** `phonemeWords`: the written word of each `[[...]]` phoneme input in the piece, in order. */
  marksFor(pieceSsml: string, events: readonly EspeakEvent[], offsetMs: number, phonemeWords: readonly string[] = []): SpeechMark[] {
    const words: SpeechMark[] = [];
    const others: SpeechMark[] = [];
    // eSpeak reports phoneme input as one or more odd "words" inside the brackets: one mark each.
    const inputs = [...pieceSsml.matchAll(/\[\[[^\]]*\]\]/g)].map((m) => [m.index, m.index + m[0].length] as const);
    const marked = new Set<number>();
    for (const event of events) {
      const time = this.timeOf(offsetMs + event.audio_position);
      if (event.type === 'word') {
        const at0 = event.text_position - 1;
        const input = inputs.findIndex(([start, end]) => at0 >= start && at0 < end);
        if (input >= 0 && marked.has(input)) continue;
        if (input >= 0) marked.add(input);
        const value = input >= 0 ? (phonemeWords[input] ?? '') : decode(pieceSsml.slice(at0, at0 + event.word_length));
        // Punctuation or a space that eSpeak reports next to phoneme input is not a word.
        const at = /[\p{L}\p{N}]/u.test(value) ? this.source.indexOf(value, this.cursor) : -1;
        if (at < 0) continue;
        this.cursor = at + value.length;
        words.push({ time, type: 'word', start: this.bytes(at), end: this.bytes(at + value.length), value });
      } else if (event.type === 'mark' && typeof event.id === 'string') {
        others.push(this.ssmlMark(event.id, time));
      } else if (event.type === 'phoneme' && typeof event.id === 'string') {
        others.push({ time, type: 'viseme', value: viseme(event.id) });
      }
    }
    const sentence = this.sentence(words);
    return [...(sentence === undefined ? [] : [sentence]), ...words, ...others]
      .filter((mark) => this.types.has(mark.type))
      .sort((a, b) => a.time - b.time);
  }

  private timeOf(ms: number): number {
    this.lastTime = Math.max(this.lastTime, Math.round(ms));
    return this.lastTime;
  }

  private sentence(words: readonly SpeechMark[]): SpeechMark | undefined {
    const first = words[0];
    const last = words.at(-1);
    if (first?.start === undefined || last?.end === undefined) return undefined;
    const startChar = Buffer.from(this.source).subarray(0, first.start).toString().length;
    let endChar = Buffer.from(this.source).subarray(0, last.end).toString().length;
    // The sentence's final punctuation, also past closing tags (`</phoneme>.`).
    const ending = /(?:<\/[^<>]+>)*[.!?…]+/y;
    ending.lastIndex = endChar;
    if (ending.test(this.source)) endChar = ending.lastIndex;
    return { time: first.time, type: 'sentence', start: first.start, end: this.bytes(endChar), value: this.source.slice(startChar, endChar) };
  }

  private ssmlMark(name: string, time: number): SpeechMark {
    const at = this.source.indexOf('<mark', this.markCursor);
    const close = at < 0 ? -1 : this.source.indexOf('>', at);
    if (close < 0) return { time, type: 'ssml', value: name };
    this.markCursor = close + 1;
    return { time, type: 'ssml', start: this.bytes(at), end: this.bytes(close + 1), value: name };
  }

  private bytes(charIndex: number): number {
    return Buffer.byteLength(this.source.slice(0, charIndex));
  }
}

function viseme(phoneme: string): string {
  const symbol = phoneme.replace(/[ˈˌ]/g, '');
  if (symbol === '') return 'sil';
  return VISEMES.find(([pattern]) => pattern.test(symbol))?.[1] ?? '@';
}

function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
