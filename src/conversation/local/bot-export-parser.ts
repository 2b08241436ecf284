import type { BotDiagnostics } from './bot-diagnostics.js';
import type { BotFileSet } from './bot-files.js';
import { parseUtteranceCounts } from './bot-counts-parser.js';
import { UTTERANCE_COUNTS_FILE } from './utterance-counts.js';
import { parseIntent, type LocatedIntent } from './bot-intent-parser.js';
import { parseJsonText } from './bot-json-text.js';
import { JsonFileReader } from './bot-json-reader.js';
import type { BotLocaleDefinition, SlotTypeDefinition } from './bot-model.js';
import { parseSlot, type LocatedSlot } from './bot-slot-parser.js';
import { parseSlotType } from './bot-slot-type-parser.js';

/**
 * Walks the LexJson layout: Manifest.json, <Bot>/Bot.json, <Bot>/BotLocales/<locale>/BotLocale.json
 * with Intents/<Intent>/Intent.json, Intents/<Intent>/Slots/<Slot>/Slot.json and
 * SlotTypes/<Type>/SlotType.json. Checks each file's own shape; cross-file rules are in bot-rules.
 */
export interface LocatedSlotType {
  def: SlotTypeDefinition;
  file: string;
}

export interface LocatedLocale {
  def: Omit<BotLocaleDefinition, 'intents' | 'slotTypes'>;
  file: string;
  intents: LocatedIntent[];
  slotTypes: LocatedSlotType[];
}

export interface ParsedExport {
  bot: { name: string; description?: string; idleSessionTtlSeconds: number } | undefined;
  locales: LocatedLocale[];
}

const VOICE_ENGINES = ['standard', 'neural', 'long-form', 'generative'] as const;
/** Lex: idleSessionTTLInSeconds 60-86,400. */
const MIN_TTL_SECONDS = 60;
const MAX_TTL_SECONDS = 86_400;

export function parseExport(files: BotFileSet, diagnostics: BotDiagnostics): ParsedExport {
  const ctx = new ExportContext(files, diagnostics);
  ctx.readManifest();
  const botFolders = ctx.subfolders('').filter((f) => files.files.has(`${f}/Bot.json`));
  if (botFolders.length !== 1) {
    const found = botFolders.length === 0 ? 'no <BotName>/Bot.json' : `several bots (${botFolders.join(', ')})`;
    diagnostics.error(botFolders[0] === undefined ? 'Bot.json' : `${botFolders[0]}/Bot.json`, '$', `expected exactly one <BotName>/Bot.json, found ${found}`);
    return { bot: undefined, locales: [] };
  }
  const folder = botFolders[0] as string;
  const bot = ctx.readBot(folder);
  const locales = ctx.subfolders(`${folder}/BotLocales/`).flatMap((locale) => {
    const parsed = ctx.readLocale(`${folder}/BotLocales/${locale}`, locale);
    return parsed === undefined ? [] : [parsed];
  });
  if (locales.length === 0) diagnostics.error(`${folder}/Bot.json`, '$', 'the bot has no locale (BotLocales/<locale>/BotLocale.json)');
  return { bot, locales };
}

class ExportContext {
  constructor(
    private readonly files: BotFileSet,
    private readonly diagnostics: BotDiagnostics,
  ) {}

  /** Immediate subfolder names under `prefix` ('' or ending in '/'), sorted. */
  subfolders(prefix: string): string[] {
    const names = new Set<string>();
    for (const path of this.files.files.keys()) {
      if (!path.startsWith(prefix)) continue;
      const rest = path.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash > 0) names.add(rest.slice(0, slash));
    }
    return [...names].sort();
  }

  /** Parses a file that must exist; reports it missing otherwise. */
  load(path: string): { reader: JsonFileReader; json: unknown } | undefined {
    const text = this.files.files.get(path);
    if (text === undefined) {
      this.diagnostics.error(path, '$', 'file is missing');
      return undefined;
    }
    const json = parseJsonText(path, text, this.diagnostics);
    return json === undefined ? undefined : { reader: new JsonFileReader(path, this.diagnostics), json };
  }

  readManifest(): void {
    const path = this.files.manifestPath;
    if (path === undefined) {
      this.diagnostics.error('Manifest.json', '$', 'missing manifest: the export needs Manifest.json (or manifest.json) at its top');
      return;
    }
    const loaded = this.load(path);
    if (loaded === undefined) return;
    const r = loaded.reader;
    const root = r.root(loaded.json);
    if (!r.object(root, { required: true })) return;
    // Real exports write metaData; the doc page writes metadata.
    const meta = r.child(root, 'metaData', 'metadata');
    if (!r.object(meta, { required: true })) return;
    const formatNode = r.child(meta, 'fileFormat');
    const format = r.string(formatNode, { required: true });
    if (format !== undefined && format.replaceAll('_', '').toLowerCase() !== 'lexjson') r.error(formatNode, `"${format}" is not LexJson`);
    const typeNode = r.child(meta, 'resourceType');
    const type = r.string(typeNode, { required: true });
    if (type !== undefined && type.toLowerCase() !== 'bot') r.error(typeNode, `"${type}" export: only whole-bot exports (Bot or BOT) are supported`);
    r.string(r.child(meta, 'schemaVersion'));
  }

  readBot(folder: string): ParsedExport['bot'] {
    const loaded = this.load(`${folder}/Bot.json`);
    if (loaded === undefined) return undefined;
    const r = loaded.reader;
    const root = r.root(loaded.json);
    if (!r.object(root, { required: true })) return undefined;
    const nameNode = r.child(root, 'name');
    const name = r.string(nameNode, { required: true });
    if (name !== undefined && name !== folder) r.warning(nameNode, `bot name "${name}" differs from its folder "${folder}"`);
    const ttl = r.number(r.child(root, 'idleSessionTTLInSeconds'), { required: true, integer: true, min: MIN_TTL_SECONDS, max: MAX_TTL_SECONDS });
    r.boolean(r.child(r.child(root, 'dataPrivacy'), 'childDirected'), { required: true });
    const description = r.string(r.child(root, 'description'));
    if (name === undefined || ttl === undefined) return undefined;
    return description === undefined ? { name, idleSessionTtlSeconds: ttl } : { name, description, idleSessionTtlSeconds: ttl };
  }

  readLocale(dir: string, folderName: string): LocatedLocale | undefined {
    const file = `${dir}/BotLocale.json`;
    const def = this.readLocaleFile(file, folderName);
    const slotTypes = this.readSlotTypes(`${dir}/SlotTypes/`);
    const intents = this.subfolders(`${dir}/Intents/`).flatMap((name) => {
      const intent = this.readIntent(`${dir}/Intents/${name}`, name);
      return intent === undefined ? [] : [intent];
    });
    return def === undefined ? undefined : { def, file, intents, slotTypes };
  }

  private readLocaleFile(file: string, folderName: string): LocatedLocale['def'] | undefined {
    const loaded = this.load(file);
    if (loaded === undefined) return undefined;
    const r = loaded.reader;
    const root = r.root(loaded.json);
    if (!r.object(root, { required: true })) return undefined;
    const idNode = r.child(root, 'identifier', 'localeId');
    const localeId = r.string(idNode) ?? folderName;
    if (localeId !== folderName) r.warning(idNode, `locale "${localeId}" differs from its folder "${folderName}"`);
    const threshold = r.number(r.child(root, 'nluConfidenceThreshold'), { required: true, min: 0, max: 1 });
    // The value only stands in so later checks can run; the error above already fails the load.
    const def: LocatedLocale['def'] = { localeId, nluConfidenceThreshold: threshold ?? 0.4 };
    const name = r.string(r.child(root, 'name'));
    if (name !== undefined) def.name = name;
    const voice = r.child(root, 'voiceSettings');
    if (r.object(voice)) {
      const voiceId = r.string(r.child(voice, 'voiceId'), { required: true });
      const engine = r.oneOf(r.child(voice, 'engine'), VOICE_ENGINES);
      if (voiceId !== undefined) def.voice = engine === undefined ? { voiceId } : { voiceId, engine };
    }
    return def;
  }

  private readSlotTypes(prefix: string): LocatedSlotType[] {
    return this.subfolders(prefix).flatMap((name) => {
      const file = `${prefix}${name}/SlotType.json`;
      if (!this.files.files.has(file)) return [];
      const loaded = this.load(file);
      const def = loaded === undefined ? undefined : parseSlotType(loaded.reader, loaded.json);
      return def === undefined ? [] : [{ def, file }];
    });
  }

  private readIntent(dir: string, folderName: string): LocatedIntent | undefined {
    const file = `${dir}/Intent.json`;
    // A folder with only Slots/ but no Intent.json is reported; stray folders without JSON are not listed at all.
    const slots: LocatedSlot[] = this.subfolders(`${dir}/Slots/`).flatMap((name) => {
      const slotFile = `${dir}/Slots/${name}/Slot.json`;
      if (!this.files.files.has(slotFile)) return [];
      const loaded = this.load(slotFile);
      const slot = loaded === undefined ? undefined : parseSlot(loaded.reader, loaded.json);
      if (slot !== undefined && slot.def.name !== name) {
        this.diagnostics.warning(slotFile, 'name', `slot name "${slot.def.name}" differs from its folder "${name}"`);
      }
      return slot === undefined ? [] : [slot];
    });
    const loaded = this.load(file);
    if (loaded === undefined) return undefined;
    const intent = parseIntent(loaded.reader, loaded.json, slots);
    if (intent !== undefined && intent.def.name !== folderName) {
      this.diagnostics.warning(file, 'name', `intent name "${intent.def.name}" differs from its folder "${folderName}"`);
    }
    const countsFile = `${dir}/${UTTERANCE_COUNTS_FILE}`;
    if (intent !== undefined && this.files.files.has(countsFile)) {
      const counts = this.load(countsFile);
      if (counts !== undefined) parseUtteranceCounts(counts.reader, counts.json, intent);
    }
    return intent;
  }
}
