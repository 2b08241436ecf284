/**
 * A bot trains the same whichever order its intents, slots and slot types come in: a bot built in
 * code and the same bot read back from its folder (which lists them in folder-name order) answer
 * every turn alike.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBotFromExamples, parseExamples } from '../../../src/conversation/eval/index.js';
import type { BotDefinition } from '../../../src/conversation/local/bot-model.js';
import { writeBotFolder } from '../../../src/conversation/local/bot-folder-writer.js';
import { loadBot, LocalConversationEngine } from '../../../src/conversation/local/index.js';
import { inTrainingOrder } from '../../../src/conversation/local/training-order.js';
import { storeBot } from '../../helpers/bot-builder.js';

const clock = () => new Date('2026-03-02T15:00:00Z');

function reversed(bot: BotDefinition): BotDefinition {
  return {
    ...bot,
    locales: bot.locales.map((locale) => ({
      ...locale,
      intents: [...locale.intents].reverse().map((intent) => ({ ...intent, slots: [...intent.slots].reverse() })),
      slotTypes: [...locale.slotTypes].reverse(),
    })),
  };
}

function answers(bot: BotDefinition, texts: readonly string[]): unknown[] {
  const engine = new LocalConversationEngine(bot, { clock, warmUpTurns: 0 });
  return texts.map((text, i) => engine.recognizeTextSync({ sessionId: `s-${i}`, text }));
}

const line = (text: string, intent: string, slots: Array<[string, string]> = []) =>
  JSON.stringify({ text, intent, slots: slots.map(([name, value]) => ({ name, value, start: text.indexOf(value), end: text.indexOf(value) + value.length })) });

describe('training order', () => {
  it('sorts intents, their slots and the slot types by name, and keeps utterances and values as the author listed them', () => {
    const locale = reversed(storeBot()).locales[0];
    if (!locale) throw new Error('the store bot has a locale');
    const ordered = inTrainingOrder(locale);
    const names = ordered.intents.map((i) => i.name);
    expect(names).toEqual([...names].sort());
    expect(ordered.slotTypes.map((t) => t.name)).toEqual(locale.slotTypes.map((t) => t.name).sort());
    for (const intent of ordered.intents) {
      const original = locale.intents.find((i) => i.name === intent.name);
      expect(intent.sampleUtterances).toEqual(original?.sampleUtterances);
      expect(intent.slots.map((s) => s.name)).toEqual(original?.slots.map((s) => s.name).sort());
    }
    expect(ordered.slotTypes.map((t) => t.values)).toEqual(ordered.slotTypes.map((t) => locale.slotTypes.find((u) => u.name === t.name)?.values));
  });

  it('answers every turn alike for the store bot in its order and in reverse', () => {
    const texts = ['hi', 'show me running shoes under 80 dollars', 'recommend a nike jacket', 'check order PS-123456', 'what are your hours', 'something nobody says'];
    expect(answers(reversed(storeBot()), texts)).toEqual(answers(storeBot(), texts));
  });

  it('answers alike for a bot built from examples and the same bot read back from its folder', async () => {
    const examples = parseExamples([
      line('play jazz by nina simone', 'PlayMusic', [['genre', 'jazz'], ['artist', 'nina simone']]),
      line('put on some rock by adele', 'PlayMusic', [['genre', 'rock'], ['artist', 'adele']]),
      line('play songs by queen', 'PlayMusic', [['artist', 'queen']]),
      line('what is the weather in paris', 'GetWeather', [['city', 'paris']]),
      line('weather for berlin tomorrow', 'GetWeather', [['city', 'berlin']]),
      line('book a table for two in rome', 'BookRestaurant', [['party_size', 'two'], ['city', 'rome']]),
      line('reserve a table at noon', 'BookRestaurant'),
    ].join('\n'), 'train.jsonl');
    const built = buildBotFromExamples(examples, { name: 'ThreeIntents' });
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'parley-training-order-')), 'bot');
    await writeBotFolder(built, dir);
    const loaded = await loadBot(dir);
    expect(loaded.locales[0]?.intents.map((i) => i.name)).not.toEqual(built.locales[0]?.intents.map((i) => i.name));
    const texts = ['play blues by adele', 'weather in rome', 'book a table for four in paris', 'put on jazz', 'what about oslo', 'tell me a joke'];
    expect(answers(loaded, texts)).toEqual(answers(built, texts));
  });
});
