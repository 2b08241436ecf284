/** The parts of the eSpeak NG Emscripten build that the local synthesizer uses (the package ships no types). */
declare module '@echogarden/espeak-ng-emscripten' {
  export interface EspeakEvent {
    type: 'list_terminated' | 'word' | 'sentence' | 'mark' | 'play' | 'end' | 'msg_terminated' | 'phoneme' | 'samplerate';
    /** 1-based character position in the text passed to synthesize. */
    text_position: number;
    word_length: number;
    /** Milliseconds from the start of this synthesize call's audio. */
    audio_position: number;
    id?: number | string;
  }
  export interface EspeakWorker {
    set_voice(name: string): number;
    get_samplerate(): number;
    synthesize(text: string, onChunk: (samples: Int16Array, events: EspeakEvent[]) => number): void;
  }
  export interface EspeakModule {
    eSpeakNGWorker: new () => EspeakWorker;
  }
  const initialize: () => Promise<EspeakModule>;
  export default initialize;
}
