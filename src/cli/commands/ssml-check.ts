import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  SPEECH_ENGINES, checkLexicon, exampleVariables, findVoice, isSpeechEngine, lintSsml, localPhonemeWarnings, parseBrandScript, parseSsml, renderVariant, validateSsml,
  type SpeechEngine, type SsmlDiagnostic,
} from '../../speech/index.js';

/** One checked file: `.ssml` documents, `.json` brand scripts (each variant) or `.pls` lexicons. */
export interface SsmlCheckReport {
  file: string;
  ok: boolean;
  /** Brand scripts: the variant each diagnostic belongs to. */
  diagnostics: Array<SsmlDiagnostic & { variant?: string }>;
}

/**
 * `parley ssml check [--engine E] [--voice V] FILE...`: prints one JSON report per file (a line each) and
 * returns 1 when any file has an error. The engine defaults to neural, Parley's brand engine; a
 * voice decides voice-dependent rules (newscaster style), which are otherwise warnings.
 * In brand scripts, effects the engine lacks are warnings (compile routes them); in `.ssml`
 * documents, which go to Polly as they are, they are errors.
 */
export async function runSsmlCheck(files: string[], options: { engine?: string; voice?: string }, write: (line: string) => void = (line) => process.stdout.write(line)): Promise<number> {
  const engine = options.engine ?? 'neural';
  if (!isSpeechEngine(engine)) {
    write(`${JSON.stringify({ error: `unknown engine "${engine}": use one of ${SPEECH_ENGINES.join(', ')}` })}\n`);
    return 1;
  }
  if (options.voice !== undefined && findVoice(options.voice) === undefined) {
    write(`${JSON.stringify({ error: `unknown voice "${options.voice}"` })}\n`);
    return 1;
  }
  let failed = false;
  for (const file of files) {
    const report = await checkFile(file, { engine, voiceId: options.voice });
    failed ||= !report.ok;
    write(`${JSON.stringify(report)}\n`);
  }
  return failed ? 1 : 0;
}

interface Target {
  engine: SpeechEngine;
  voiceId: string | undefined;
}

async function checkFile(file: string, target: Target): Promise<SsmlCheckReport> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    return failure(file, 'unreadable', error);
  }
  const extension = path.extname(file);
  if (extension === '.pls') {
    const result = checkLexicon(content, path.basename(file, '.pls'));
    const parsed = parseSsml(content);
    return { file, ok: result.ok, diagnostics: [...result.diagnostics, ...(parsed.ok ? localPhonemeWarnings(parsed.root) : [])] };
  }
  if (extension === '.json') return checkScript(file, content, target);
  return finish(file, checkDocument(content, target));
}

function checkDocument(ssml: string, target: Target): SsmlDiagnostic[] {
  const options = target.voiceId === undefined ? { engine: target.engine } : { engine: target.engine, voiceId: target.voiceId };
  const result = validateSsml(ssml, options);
  return result.root === undefined ? result.diagnostics : [...result.diagnostics, ...lintSsml(result.root, options), ...localPhonemeWarnings(result.root, findVoice(target.voiceId ?? '')?.languageCode)];
}

function checkScript(file: string, content: string, target: Target): SsmlCheckReport {
  try {
    const script = parseBrandScript(JSON.parse(content));
    const variables = exampleVariables(script);
    const diagnostics = script.variants.flatMap((variant) =>
      checkDocument(renderVariant(variant, variables), target).map((d) => ({ ...asRoutable(d), variant: variant.id })),
    );
    return finish(file, diagnostics);
  } catch (error) {
    return failure(file, 'invalid-script', error);
  }
}

/** Codes compile resolves for a brand script by the voice profile's effect policy. */
const ROUTABLE = new Set(['unsupported-on-engine', 'unsupported-for-voice']);

/** Scripts may use effects the engine lacks: compile routes them, so they are warnings here. */
function asRoutable(diagnostic: SsmlDiagnostic): SsmlDiagnostic {
  if (diagnostic.severity !== 'error' || !ROUTABLE.has(diagnostic.code)) return diagnostic;
  return { ...diagnostic, severity: 'warning', message: `${diagnostic.message}; compile routes it by the voice profile's effect policy` };
}

function finish(file: string, diagnostics: SsmlCheckReport['diagnostics']): SsmlCheckReport {
  return { file, ok: !diagnostics.some((d) => d.severity === 'error'), diagnostics };
}

function failure(file: string, code: string, error: unknown): SsmlCheckReport {
  const message = error instanceof Error ? error.message : String(error);
  return { file, ok: false, diagnostics: [{ severity: 'error', code, message, line: 1, column: 1 }] };
}
