import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { isParleyError } from '../../shared/errors.js';
import { checkLexicon, createPollyTts, localPhonemeWarnings, parseSsml, type LexiconSummary } from '../../speech/index.js';
import { loadConfigOrExit } from '../load-config.js';

export interface LexiconsDeployOptions {
  /** Overrides PARLEY_POLLY_ENDPOINT (a VPC endpoint, or a Parley Polly emulator). */
  endpoint?: string;
  /** Only validate; deploy nothing. */
  dryRun?: boolean;
}

/** What deploying needs from Polly (the Polly adapter). */
export interface LexiconTarget {
  putLexicon(name: string, content: string): Promise<void>;
  listLexicons(): Promise<LexiconSummary[]>;
  destroy?(): void;
}

/**
 * `parley lexicons deploy [DIR]`: validates every `DIR/*.pls` against Polly's PutLexicon limits
 * (size, name pattern, alphabet, lexeme length) and deploys nothing unless all pass (warning
 * about pronunciations the local synthesizer could not speak); then
 * PutLexicon for each (the name is the file name) and ListLexicons. One JSON line per step;
 * returns 1 on any failure. Polly is reached through the configured adapter (PARLEY_POLLY_*).
 */
export async function runLexiconsDeploy(
  dir: string | undefined,
  options: LexiconsDeployOptions,
  io: { write?: (line: string) => void; target?: () => Promise<LexiconTarget> } = {},
): Promise<number> {
  const write = (value: unknown): void => (io.write ?? ((line) => process.stdout.write(line)))(`${JSON.stringify(value)}\n`);
  const folder = dir ?? path.join('ssml', 'lexicons');
  const files = await plsFiles(folder);
  if (typeof files === 'string') {
    write({ error: files });
    return 1;
  }
  const checked = await Promise.all(files.map(async (file) => ({ file, name: path.basename(file, '.pls'), content: await readFile(file, 'utf8') })));
  let valid = true;
  for (const { file, name, content } of checked) {
    const result = checkLexicon(content, name);
    valid &&= result.ok;
    // Pronunciations Polly takes but the local synthesizer could not speak: reported, not refused.
    const parsed = result.ok ? parseSsml(content) : undefined;
    const warnings = parsed?.ok === true ? localPhonemeWarnings(parsed.root) : [];
    write({
      lexicon: name, file, ok: result.ok, size: content.length,
      ...(result.lexicon === undefined ? {} : { lexemes: result.lexicon.lexemes.length }),
      ...(result.ok ? {} : { diagnostics: result.diagnostics }),
      ...(warnings.length === 0 ? {} : { warnings }),
    });
  }
  if (!valid) {
    write({ error: 'some lexicons break Polly\'s rules; nothing was deployed' });
    return 1;
  }
  if (options.dryRun === true) return 0;
  const target = await (io.target ?? (() => pollyTarget(options.endpoint)))();
  try {
    let failed = false;
    for (const { name, content } of checked) {
      try {
        await target.putLexicon(name, content);
        write({ lexicon: name, deployed: true });
      } catch (error) {
        failed = true;
        write({ lexicon: name, deployed: false, ...describe(error) });
      }
    }
    try {
      write({ listed: await target.listLexicons() });
    } catch (error) {
      failed = true;
      write({ listed: null, ...describe(error) });
    }
    return failed ? 1 : 0;
  } finally {
    target.destroy?.();
  }
}

async function plsFiles(folder: string): Promise<string[] | string> {
  try {
    const names = (await readdir(folder)).filter((name) => name.endsWith('.pls')).sort();
    return names.length === 0 ? `no .pls lexicons in ${folder}` : names.map((name) => path.join(folder, name));
  } catch {
    return `cannot read the folder ${folder}`;
  }
}

async function pollyTarget(endpoint: string | undefined): Promise<LexiconTarget> {
  const config = loadConfigOrExit(endpoint === undefined ? {} : { PARLEY_POLLY_ENDPOINT: endpoint });
  return createPollyTts(config.speech.polly);
}

function describe(error: unknown): { code: string; message: string } {
  return isParleyError(error) ? { code: error.code, message: error.message } : { code: 'PARLEY_SPEECH_SERVICE_FAILURE', message: error instanceof Error ? error.message : String(error) };
}
