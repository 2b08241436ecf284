/**
 * The speech-recognition port backed by CMU PocketSphinx (Debian's `pocketsphinx` and
 * `pocketsphinx-en-us`), run as a child process per utterance with a language model built from
 * the bot's own sentences at start. The program is `pocketsphinx_batch`, not
 * `pocketsphinx_continuous`: batch decodes the utterance whole, with the cepstral mean taken over
 * all of it rather than estimated live from its first frames, which on the kiosk bench raised
 * intent accuracy from 0.68 to about 0.9 (bench/README.md). When the program or its model is missing the recognizer
 * still exists, and every call says so (PARLEY_CONVERSATION_RECOGNIZER_UNAVAILABLE).
 */
import { randomUUID } from 'node:crypto';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BotLocaleDefinition } from '../local/bot-model.js';
import { botSentences } from './bot-sentences.js';
import { audioInvalid, recognizerFailed, recognizerUnavailable } from './errors.js';
import { NgramModel } from './ngram-model.js';
import type { Recognition, SpeechRecognizer } from './port.js';
import { PCM_INPUT_FORMAT } from './port.js';
import { padWithQuietNoise } from './audio-conditioning.js';
import { dictionaryText, readLexicon, resolvePronunciations, type PronunciationReport } from './pronunciations.js';
import { runRecognizerProcess } from './recognizer-process.js';

export interface PocketsphinxOptions {
  /** The program: pocketsphinx_batch (its arguments are what this adapter passes). */
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
      // Files, not pipes: the batch program reads a control file naming each utterance's audio,
      // and cannot log to Node's stdio (sockets, which it fails to open by name).
      const id = `utterance-${randomUUID()}`;
      const run = { audio: path.join(this.files.dir, `${id}.raw`), control: path.join(this.files.dir, `${id}.ctl`), log: path.join(this.files.dir, `${id}.log`) };
      await writeFile(run.audio, padWithQuietNoise(pcm));
      await writeFile(run.control, `${id}\n`);
      try {
        await runRecognizerProcess({ command: this.options.command, args: this.#args(this.files, run), timeoutMs: this.options.timeoutMs, ...(signal === undefined ? {} : { signal }) });
        const log = await readFile(run.log, 'utf8').catch((error: unknown) => Promise.reject(recognizerFailed('The speech recognizer wrote no log to read the words from', error)));
        return parseBacktrace(log);
      } finally {
        await Promise.all(Object.values(run).map((file) => rm(file, { force: true })));
      }
    } finally {
      this.#release();
    }
  }

  /** Removes the generated model files. */
  async close(): Promise<void> {
    if (this.files !== undefined) await rm(this.files.dir, { recursive: true, force: true });
  }

  #args(files: Files, run: { control: string; log: string }): string[] {
    return [
      '-ctl', run.control,
      '-cepdir', files.dir,
      '-cepext', '.raw',
      '-adcin', 'yes',
      '-adchdr', '0',
      '-hmm', path.join(this.options.modelDir, ACOUSTIC_MODEL),
      '-lm', files.lm,
      '-dict', files.dict,
      '-samprate', String(PCM_INPUT_FORMAT.sampleRateHz),
      // The log carries the backtrace: each word with its posterior probability.
      '-backtrace', 'yes',
      '-logfn', run.log,
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

/** A backtrace row: word, start frame, end frame, posterior, acoustic and language scores, backoff. */
const BACKTRACE_ROW = /^(\S+)\s+\d+\s+\d+\s+(\d+(?:\.\d+)?)\s+-?\d+\s+-?\d+\s+\d+$/;
const BACKTRACE_HEADER = /^word\s+start\s+end\s+pprob/;

/**
 * The log of `-backtrace yes`: after a `word start end pprob ...` header, one row per word of
 * the best hypothesis. Fillers (<s>, <sil>, [NOISE], ++...) are not words; `(2)` marks a
 * pronunciation variant. Only the last block counts (one utterance per run).
 */
export function parseBacktrace(output: string): Recognition {
  const lines = output.split('\n').map((line) => line.trim());
  let start = -1;
  lines.forEach((line, i) => {
    if (BACKTRACE_HEADER.test(line)) start = i + 1;
  });
  const words: string[] = [];
  let posterior = 0;
  for (const line of start < 0 ? [] : lines.slice(start)) {
    const match = BACKTRACE_ROW.exec(line);
    if (match === null) continue;
    const token = match[1] as string;
    if (/^(<|\[|\+\+|\(NULL\))/.test(token)) continue;
    words.push(token.replace(/\(\d+\)$/, ''));
    posterior += Number(match[2]);
  }
  return { transcript: words.join(' '), confidence: words.length === 0 ? 0 : Math.min(1, posterior / words.length) };
}
