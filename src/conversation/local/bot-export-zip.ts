/**
 * Packs a bot (folder or zip) into the zip Lex's import takes: the manifest at the root, then
 * <Bot>/Bot.json and <Bot>/BotLocales/<locale>/... with the bot's own JSON files unchanged, so
 * every Lex setting the local engine ignores still reaches Lex. The bot is checked first with
 * the same rules as `parley bot check`; an invalid bot is never written.
 */
import { zipSync, type Zippable } from 'fflate';
import { ValidationError } from '../../shared/errors.js';
import { checkBot } from './bot-loader.js';
import type { BotDiagnostic } from './bot-diagnostics.js';
import { readBotFiles } from './bot-files.js';

export interface BotExportZip {
  zip: Uint8Array;
  /** Entry names in the zip, sorted. */
  entries: string[];
  /** JSON files of the source that are not part of the LexJson layout, left out. */
  skipped: string[];
  /** Warnings of the check (a bot with errors is not exported). */
  warnings: BotDiagnostic[];
}

/** Fixed entry times keep the zip byte-identical for the same bot (fflate needs 1980 or later). */
const ENTRY_TIME = new Date('2020-01-01T00:00:00Z');
/** The files the LexJson layout has, relative to the bot folder. */
const LAYOUT = [
  /^Bot\.json$/,
  /^BotLocales\/[^/]+\/BotLocale\.json$/,
  /^BotLocales\/[^/]+\/Intents\/[^/]+\/Intent\.json$/,
  /^BotLocales\/[^/]+\/Intents\/[^/]+\/Slots\/[^/]+\/Slot\.json$/,
  /^BotLocales\/[^/]+\/SlotTypes\/[^/]+\/SlotType\.json$/,
  /^BotLocales\/[^/]+\/CustomVocabulary\/CustomVocabulary\.json$/,
];

/**
 * Throws ValidationError PARLEY_BOT_INVALID (details.diagnostics: every error) when the check
 * fails, NotFoundError PARLEY_BOT_NOT_FOUND for a missing path.
 */
export async function exportBotZip(path: string): Promise<BotExportZip> {
  const check = await checkBot(path);
  const errors = check.diagnostics.filter((d) => d.severity === 'error');
  if (!check.ok) {
    const first = errors[0];
    throw new ValidationError('PARLEY_BOT_INVALID', `Bot at ${path} is invalid${first ? `: ${first.file}: ${first.field}: ${first.message}` : ''}`, {
      details: { diagnostics: errors },
    });
  }
  const files = await readBotFiles(path);
  const botFolder = [...files.files.keys()].find((p) => /^[^/]+\/Bot\.json$/.test(p))?.split('/')[0] as string;
  const encoder = new TextEncoder();
  const tree: Zippable = {};
  const entries: string[] = [];
  const skipped: string[] = [];
  // The check requires a manifest, so there is one; it keeps the name it had (both spellings import).
  const manifestName = files.manifestPath as string;
  tree[manifestName] = [encoder.encode(files.files.get(manifestName) as string), { mtime: ENTRY_TIME }];
  entries.push(manifestName);
  for (const [name, text] of files.files) {
    if (name === files.manifestPath) continue;
    const inBot = name.startsWith(`${botFolder}/`) ? name.slice(botFolder.length + 1) : undefined;
    if (inBot === undefined || !LAYOUT.some((re) => re.test(inBot))) {
      skipped.push(name);
      continue;
    }
    tree[name] = [encoder.encode(text), { mtime: ENTRY_TIME }];
    entries.push(name);
  }
  return { zip: zipSync(tree, { level: 9 }), entries: entries.sort(), skipped, warnings: check.diagnostics.filter((d) => d.severity !== 'error') };
}
