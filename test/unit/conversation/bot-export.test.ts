/** `parley bot export`: the Lex import zip's entries, its round trip through Parley's loader, and refusal of an invalid bot. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { exportBotZip, loadBot } from '../../../src/conversation/local/index.js';
import { ValidationError } from '../../../src/shared/errors.js';
import { zipFolder } from '../../helpers/zip-folder.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DEMO = path.join(REPO_ROOT, 'bots/ParleyStore');
const LOCALE = 'ParleyStore/BotLocales/en_US';

function withoutSource<T extends { source: string }>(bot: T): Omit<T, 'source'> {
  const { source: _source, ...rest } = bot;
  return rest;
}

describe('bot export', () => {
  it('writes the Lex export layout with the manifest at the root and the bot files unchanged', async () => {
    const result = await exportBotZip(DEMO);
    expect(result.entries).toContain('Manifest.json');
    expect(result.entries).toContain('ParleyStore/Bot.json');
    expect(result.entries).toContain(`${LOCALE}/BotLocale.json`);
    expect(result.entries).toContain(`${LOCALE}/Intents/OrderStatus/Intent.json`);
    expect(result.entries).toContain(`${LOCALE}/Intents/OrderStatus/Slots/OrderNumber/Slot.json`);
    expect(result.entries).toContain(`${LOCALE}/SlotTypes/CategoryType/SlotType.json`);
    expect(result.entries.every((e) => e === 'Manifest.json' || e.startsWith('ParleyStore/'))).toBe(true);
    const unzipped = unzipSync(result.zip);
    expect(Object.keys(unzipped).sort()).toEqual(result.entries);
    const manifest = JSON.parse(new TextDecoder().decode(unzipped['Manifest.json'])) as { metaData: { fileFormat: string } };
    expect(manifest.metaData.fileFormat).toBe('LexJson');
    // Lex settings the local engine ignores (prompt timing, identifiers) travel unchanged.
    const intentPath = `${LOCALE}/Intents/BookFitting/Intent.json`;
    expect(new TextDecoder().decode(unzipped[intentPath])).toBe(readFileSync(path.join(DEMO, intentPath), 'utf8'));
    expect(result.skipped).toEqual([]);
    // The same bot gives the same bytes: fixed entry times.
    expect((await exportBotZip(DEMO)).zip).toEqual(result.zip);
  });

  it("round-trips through Parley's own loader: the exported zip loads as the same bot", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-export-'));
    const zipPath = path.join(dir, 'ParleyStore.zip');
    writeFileSync(zipPath, (await exportBotZip(DEMO)).zip);
    const fromZip = await loadBot(zipPath);
    expect(withoutSource(fromZip)).toEqual(withoutSource(await loadBot(DEMO)));
    // And a zip exports again to the same entries.
    expect((await exportBotZip(zipPath)).entries).toEqual((await exportBotZip(DEMO)).entries);
  });

  it('leaves out JSON files outside the layout, also from a zip wrapped in a folder', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-export-'));
    const copy = path.join(dir, 'bot');
    cpSync(DEMO, copy, { recursive: true });
    writeFileSync(path.join(copy, 'ParleyStore', 'notes.json'), '{"todo": 1}');
    // Parley's utterance counts are read by the local engine, never sent to Lex.
    const counts = 'ParleyStore/BotLocales/en_US/Intents/Help/ParleyUtteranceCounts.json';
    writeFileSync(path.join(copy, counts), JSON.stringify({ utteranceCounts: [{ utterance: 'help', count: 3 }] }));
    const zip = path.join(dir, 'in.zip');
    await zipFolder(copy, zip, { topFolder: 'wrapped' });
    const result = await exportBotZip(zip);
    expect(result.skipped.sort()).toEqual([counts, 'ParleyStore/notes.json']);
    expect(result.entries).toContain('Manifest.json');
    expect(result.entries).not.toContain('ParleyStore/notes.json');
    expect(Object.keys(unzipSync(result.zip))).toContain('ParleyStore/Bot.json');
  });

  it('refuses an invalid bot with every error, as bot check reports them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-export-'));
    const copy = path.join(dir, 'bot');
    cpSync(DEMO, copy, { recursive: true });
    const slotFile = path.join(copy, LOCALE, 'Intents/RecommendItems/Slots/Brand/Slot.json');
    writeFileSync(slotFile, readFileSync(slotFile, 'utf8').replace('"BrandType"', '"NoSuchType"'));
    const error = await exportBotZip(copy).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('PARLEY_BOT_INVALID');
    expect((error as ValidationError).message).toMatch(/slot type "NoSuchType" is neither a slot type of this locale nor a supported built-in/);
    expect((error as ValidationError).details?.['diagnostics']).toEqual([expect.objectContaining({ severity: 'error', file: `${LOCALE}/Intents/RecommendItems/Slots/Brand/Slot.json` })]);
  });
});
