import { basename } from 'node:path';
import { isParleyError, ValidationError } from '../../shared/errors.js';
import { BotDiagnostics, formatDiagnostic, type BotCheckResult, type BotDiagnostic } from './bot-diagnostics.js';
import { parseExport, type ParsedExport } from './bot-export-parser.js';
import { readBotFiles } from './bot-files.js';
import type { BotDefinition } from './bot-model.js';
import { checkLocale } from './bot-rules.js';

export interface LoadBotOptions {
  /** Fail on warnings too (e.g. in CI before deploying to Lex). Default false. */
  strict?: boolean;
  /** Called once per warning of a bot that loads; the default is to ignore them. */
  onWarning?: (diagnostic: BotDiagnostic) => void;
}

/**
 * Reads and validates a bot in the Lex V2 export format (LexJson), from a folder or a .zip.
 * Returns every diagnostic; `ok` is false when any is an error. A path that does not exist, an
 * unreadable zip or an oversized export is reported as an error diagnostic too, never thrown,
 * so a CLI can print one list.
 */
export async function checkBot(path: string): Promise<BotCheckResult> {
  try {
    return (await inspect(path)).diagnostics.result();
  } catch (error) {
    if (!isParleyError(error)) throw error;
    return { ok: false, diagnostics: [{ severity: 'error', file: basename(path), field: '$', message: error.message }] };
  }
}

/**
 * Loads a bot in the Lex V2 export format from a folder or a .zip into Parley's BotDefinition.
 * Throws ValidationError PARLEY_BOT_INVALID, with `details.diagnostics`, when the bot has errors
 * (or warnings, with `strict`); its message names the first file and field. Also throws
 * NotFoundError PARLEY_BOT_NOT_FOUND for a missing path and ValidationError PARLEY_BOT_TOO_LARGE.
 */
export async function loadBot(path: string, options: LoadBotOptions = {}): Promise<BotDefinition> {
  const { parsed, diagnostics } = await inspect(path);
  const failing = diagnostics.list.filter((d) => d.severity === 'error' || options.strict === true);
  if (failing.length > 0 || parsed.bot === undefined) {
    const first = failing[0];
    const summary = first === undefined ? 'it could not be read' : formatDiagnostic(first);
    const more = failing.length > 1 ? ` (and ${failing.length - 1} more)` : '';
    throw new ValidationError('PARLEY_BOT_INVALID', `Bot at ${path} is invalid: ${summary}${more}`, {
      details: { diagnostics: diagnostics.list },
    });
  }
  for (const warning of diagnostics.list) options.onWarning?.(warning);
  return toDefinition(path, parsed, parsed.bot);
}

async function inspect(path: string): Promise<{ parsed: ParsedExport; diagnostics: BotDiagnostics }> {
  const files = await readBotFiles(path);
  const diagnostics = new BotDiagnostics();
  const parsed = parseExport(files, diagnostics);
  for (const locale of parsed.locales) checkLocale(locale, diagnostics);
  return { parsed, diagnostics };
}

/** Drops the file locations the checks needed; the engine sees only the normalized model. */
function toDefinition(source: string, parsed: ParsedExport, bot: NonNullable<ParsedExport['bot']>): BotDefinition {
  return {
    ...bot,
    source,
    locales: parsed.locales.map((locale) => ({
      ...locale.def,
      intents: locale.intents.map((intent) => intent.def),
      slotTypes: locale.slotTypes.map((type) => type.def),
    })),
  };
}
