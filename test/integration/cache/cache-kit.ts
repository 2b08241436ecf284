/** Helpers for the cache suites: the real local synthesizer behind a counting decorator. */
import { CheckedSynthesizer, LocalTts, type Lexicon, type SpeechSynthesizer, type SynthesisResult, type SynthesizeRequest } from '../../../src/speech/index.js';

/** Counts the calls that reach the origin (a decorator of the port, like the guard itself). */
export class CountingSynthesizer implements SpeechSynthesizer {
  calls = 0;
  readonly requests: SynthesizeRequest[] = [];
  constructor(private readonly inner: SpeechSynthesizer) {}

  async synthesize(request: SynthesizeRequest, signal?: AbortSignal): Promise<SynthesisResult> {
    this.calls += 1;
    this.requests.push(request);
    return this.inner.synthesize(request, signal);
  }
}

let shared: SpeechSynthesizer | undefined;
/** The lexicons the shared local synthesizer applies (a test may deploy its own here). */
export const localLexicons = new Map<string, Lexicon>();

/** One warm local synthesizer per test file (eSpeak takes a moment to load). */
export function localOrigin(): SpeechSynthesizer {
  shared ??= new CheckedSynthesizer(new LocalTts({ lexicons: localLexicons }));
  return shared;
}

export async function readAll(audio: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of audio) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Loads eSpeak and lets it tier up, so the first test does not pay for it (call in beforeAll). */
export async function warmLocal(): Promise<void> {
  await readAll((await localOrigin().synthesize({ text: 'Warm up the engine.', voiceId: 'Joanna', outputFormat: 'mp3' })).audio);
}
