/** A bot definition written as a Lex export folder: read back as the same bot, checked clean, and never over another folder. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildBotFromExamples, parseExamples } from '../../../src/conversation/eval/index.js';
import { botFolderFiles, writeBotFolder } from '../../../src/conversation/local/bot-folder-writer.js';
import { checkBot, loadBot, type BotDefinition } from '../../../src/conversation/local/index.js';
import { isParleyError } from '../../../src/shared/errors.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DEMO = path.join(REPO_ROOT, 'bots/ParleyStore');

function withoutSource(bot: BotDefinition): Omit<BotDefinition, 'source'> {
  const { source: _source, ...rest } = bot;
  return rest;
}

const scratch = (): Promise<string> => mkdtemp(path.join(tmpdir(), 'parley-bot-folder-'));

const line = (text: string, intent: string, slots: Array<[string, string]> = []) =>
  JSON.stringify({ text, intent, slots: slots.map(([name, value]) => ({ name, value, start: text.indexOf(value), end: text.indexOf(value) + value.length })) });

describe('bot folder writer', () => {
  it('writes the demo bot so that it loads back as the same bot, prompts, responses, cards and priorities included', async () => {
    const demo = await loadBot(DEMO);
    const dir = path.join(await scratch(), 'out');
    const written = await writeBotFolder(demo, dir);
    expect(written).toContain('Manifest.json');
    expect(written).toContain('ParleyStore/BotLocales/en_US/Intents/OrderStatus/Slots/OrderNumber/Slot.json');
    expect(withoutSource(await loadBot(dir))).toEqual(withoutSource(demo));
    const check = await checkBot(dir);
    expect(check.diagnostics).toEqual([]);
  });

  it('writes a bot built from examples as one Lex takes: checked without a finding, the same intents and values', async () => {
    const examples = parseExamples([
      line('play jazz by nina simone', 'PlayMusic', [['genre', 'jazz'], ['artist', 'nina simone']]),
      line('put on music by adele', 'PlayMusic', [['artist', 'adele']]),
      line('play songs by queen and abba', 'PlayMusic', [['artist', 'queen'], ['artist', 'abba']]),
      line('what is the weather in paris', 'GetWeather', [['city', 'paris']]),
      line('weather for berlin', 'GetWeather', [['city', 'berlin']]),
      line('weather for oslo', 'GetWeather', [['city', 'oslo']]),
      line('weather for rome', 'GetWeather', [['city', 'rome']]),
    ].join('\n'), 'train.jsonl');
    const built = buildBotFromExamples(examples, { name: 'MusicAndWeather' });
    // "weather for {city}" three times: Lex holds it once, Parley's file beside the intent says how often.
    expect(built.locales[0]?.intents.find((i) => i.name === 'GetWeather')?.sampleUtteranceCounts).toEqual([1, 3]);
    const dir = await scratch();
    await writeBotFolder(built, dir);
    expect((await checkBot(dir)).diagnostics).toEqual([]);
    const loaded = await loadBot(dir);
    const byName = (bot: BotDefinition) => Object.fromEntries((bot.locales[0]?.intents ?? []).map((i) => [i.name, i]));
    // Folder order is alphabetical; the content is the same, the locale now named as Lex's exports name it.
    expect(byName(loaded)).toEqual(byName(built));
    expect(loaded.locales[0]?.slotTypes.map((t) => t.name).sort()).toEqual(built.locales[0]?.slotTypes.map((t) => t.name).sort());
    expect(byName(loaded)['PlayMusic']?.slots.find((s) => s.name === 'artist')?.allowMultipleValues).toBe(true);
    expect(JSON.parse(await readFile(path.join(dir, 'MusicAndWeather/BotLocales/en_US/Intents/GetWeather/ParleyUtteranceCounts.json'), 'utf8'))).toEqual({
      utteranceCounts: [{ utterance: 'weather for {city}', count: 3 }],
    });
    expect(botFolderFiles(built).has('MusicAndWeather/BotLocales/en_US/Intents/PlayMusic/ParleyUtteranceCounts.json')).toBe(false);
    // Writing the same bot again gives the same bytes: identifiers come from the names.
    expect(botFolderFiles(built)).toEqual(botFolderFiles(built));
    const intent = JSON.parse(await readFile(path.join(dir, 'MusicAndWeather/BotLocales/en_US/Intents/PlayMusic/Intent.json'), 'utf8')) as { identifier: string };
    expect(intent.identifier).toMatch(/^[A-Z0-9]{10}$/);
  });

  it('refuses a folder that is not empty, and names that cannot be folder names', async () => {
    const demo = await loadBot(DEMO);
    const dir = await scratch();
    await writeFile(path.join(dir, 'notes.txt'), 'mine');
    const code = async (run: () => Promise<unknown>) => run().then(() => 'written', (error: unknown) => (isParleyError(error) ? `${error.code}: ${error.message}` : String(error)));
    expect(await code(() => writeBotFolder(demo, dir))).toBe(`PARLEY_BOT_OUTPUT_NOT_EMPTY: ${dir} is not empty; write the bot into a new or empty folder`);
    const escaping: BotDefinition = { ...demo, name: '../outside' };
    const empty = await scratch();
    expect(await code(() => writeBotFolder(escaping, empty))).toBe('PARLEY_BOT_INVALID: bot name "../outside" is not a Lex name; the bot cannot be written as a Lex export');
  });
});
