/**
 * The speech-recognition port backed by CMU PocketSphinx (Debian's `pocketsphinx` and
 * `pocketsphinx-en-us`), run as a child process per utterance with a language model built from
 * the bot's own sentences at start. When the program or its model is missing the recognizer
 * still exists, and every call says so (PARLEY_CONVERSATION_RECOGNIZER_UNAVAILABLE).
 */
import { randomUUID } from 'node:crypto';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BotLocaleDefinition } from '../local/bot-model.js';
import { botSentences } from './bot-sentences.js';
import { audioInvalid, recognizerUnavailable } from './errors.js';
import { NgramModel } from './ngram-model.js';
import type { Recognition, SpeechRecognizer } from './port.js';
import { PCM_INPUT_FORMAT } from './port.js';
import { dictionaryText, readLexicon, resolvePronunciations, type PronunciationReport } from './pronunciations.js';
import { runRecognizerProcess } from './recognizer-process.js';

export interface PocketsphinxOptions {
  /** The program, e.g. pocketsphinx_continuous. */
  command: string;
  /** Holds `en-us/` (the acoustic model) and `cmudict-en-us.dict`. */
  modelDir: string;
  /** Parley's directory for the generated model files (created if missing). */
  workDir: string;
  timeoutMs: number;
  /** Recognizers running at once; more calls wait their turn. */
  maxConcurrent: number;
}

/** Facts about the model built at start, for the log and for `parley` diagnostics. */
export interface RecognizerModelInfo {
  localeId: string;
  words: number;
  sentences: number;
  pronunciations: PronunciationReport;
}

const ACOUSTIC_MODEL = 'en-us';
const DICTIONARY = 'cmudict-en-us.dict';
/** Models this adapter has: pocketsphinx-en-us is US English. */
const SUPPORTED_LOCALES = new Set(['en_US']);

type Files = { lm: string; dict: string; dir: string };

export class PocketsphinxRecognizer implements SpeechRecognizer {
  readonly name = 'pocketsphinx';
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  private constructor(
    private readonly options: PocketsphinxOptions,
    private readonly localeId: string,
    private readonly files: Files | undefined,
    /** Why calls fail when files is undefined. */
    private readonly unavailableReason: string,
    readonly info: RecognizerModelInfo | undefined,
  ) {}

  /**
   * Builds the bot's language model and dictionary into a new directory under `workDir`. Never
   * throws for a missing model or program: the recognizer then answers every call with
   * PARLEY_CONVERSATION_RECOGNIZER_UNAVAILABLE.
   */
  static async create(locale: BotLocaleDefinition, options: PocketsphinxOptions): Promise<PocketsphinxRecognizer> {
    const unavailable = (reason: string): PocketsphinxRecognizer => new PocketsphinxRecognizer(options, locale.localeId, undefined, reason, undefined);
    if (!SUPPORTED_LOCALES.has(locale.localeId)) return unavailable(`PocketSphinx has no model for ${locale.localeId} here`);
    const dictionaryFile = path.join(options.modelDir, DICTIONARY);
    try {
      await access(path.join(options.modelDir, ACOUSTIC_MODEL, 'mdef'));
      await access(dictionaryFile);
    } catch {
      return unavailable(`The PocketSphinx model is not installed in ${options.modelDir} (apt-get install pocketsphinx-en-us)`);
    }
    const sentences = botSentences(locale);
    const lexicon = await readLexicon(dictionaryFile);
    const resolved = resolvePronunciations(sentences.flatMap((s) => s.words), lexicon);
    const missing = new Set(resolved.report.missing);
    const usable = sentences.filter((s) => !s.words.some((w) => missing.has(w)));
    const model = new NgramModel(usable);
    const vocabulary = new Set(model.vocabulary);
    const entries = new Map([...resolved.entries].filter(([word]) => vocabulary.has(word)));
    await mkdir(options.workDir, { recursive: true });
    const dir = await mkdtemp(path.join(options.workDir, 'model-'));
    const files = { dir, lm: path.join(dir, 'bot.lm'), dict: path.join(dir, 'bot.dict') };
    await writeFile(files.lm, model.toArpa(), 'utf8');
    await writeFile(files.dict, dictionaryText(entries), 'utf8');
    const info = { localeId: locale.localeId, words: entries.size, sentences: usable.length, pronunciations: resolved.report };
    return new PocketsphinxRecognizer(options, locale.localeId, files, '', info);
  }

  get available(): boolean {
    return this.files !== undefined;
  }

  async recognize(pcm: Uint8Array, localeId: string, signal?: AbortSignal): Promise<Recognition> {
    if (this.files === undefined) throw recognizerUnavailable(this.unavailableReason);
    if (localeId !== this.localeId) throw recognizerUnavailable(`The speech recognizer is built for ${this.localeId}, not ${localeId}`);
    if (pcm.byteLength === 0 || pcm.byteLength % 2 !== 0) throw audioInvalid('Audio must be whole 16-bit samples and not empty');
    await this.#slot();
    try {
      // A file, not stdin: pocketsphinx opens its input by name, and Node's stdio pipes are sockets.
      const audioFile = path.join(this.files.dir, `utterance-${randomUUID()}.raw`);
      await writeFile(audioFile, pcm);
      try {
        const output = await runRecognizerProcess({ command: this.options.command, args: this.#args(this.files, audioFile), timeoutMs: this.options.timeoutMs, ...(signal === undefined ? {} : { signal }) });
        return parseWordTimes(output);
      } finally {
        await rm(audioFile, { force: true });
      }
    } finally {
      this.#release();
    }
  }

  /** Removes the generated model files. */
  async close(): Promise<void> {
    if (this.files !== undefined) await rm(this.files.dir, { recursive: true, force: true });
  }

  #args(files: Files, audioFile: string): string[] {
    return [
      '-infile', audioFile,
      '-hmm', path.join(this.options.modelDir, ACOUSTIC_MODEL),
      '-lm', files.lm,
      '-dict', files.dict,
      '-samprate', String(PCM_INPUT_FORMAT.sampleRateHz),
      '-time', 'yes',
      '-logfn', '/dev/null',
    ];
  }

  async #slot(): Promise<void> {
    if (this.#running < this.options.maxConcurrent) {
      this.#running += 1;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next === undefined) this.#running -= 1;
    else next();
  }
}

const WORD_TIME = /^(\S+) \d+\.\d+ \d+\.\d+ (\d+(?:\.\d+)?)$/;

/**
 * `-time yes` prints each segment's hypothesis, then one line per word: word, start, end,
 * posterior. Fillers (<s>, <sil>, [NOISE], ++...) are not words; `(2)` marks a variant.
 */
export function parseWordTimes(output: string): Recognition {
  const words: string[] = [];
  let posterior = 0;
  for (const line of output.split('\n')) {
    const match = WORD_TIME.exec(line.trim());
    if (match === null) continue;
    const token = match[1] as string;
    if (/^(<|\[|\+\+|\(NULL\))/.test(token)) continue;
    words.push(token.replace(/\(\d+\)$/, ''));
    posterior += Number(match[2]);
  }
  return { transcript: words.join(' '), confidence: words.length === 0 ? 0 : Math.min(1, posterior / words.length) };
}
