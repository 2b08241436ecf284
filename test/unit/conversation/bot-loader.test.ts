import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBot } from '../../../src/conversation/local/index.js';
import type { BotDefinition, BotLocaleDefinition, IntentDefinition } from '../../../src/conversation/local/bot-model.js';
import { isParleyError } from '../../../src/shared/errors.js';
import { BRANDS, CATEGORIES } from '../../../src/tenant/vocabulary.js';
import { zipFolder } from '../../helpers/zip-folder.js';

const DEMO = join(import.meta.dirname, '../../../bots/ParleyStore');
const FIXTURES = join(import.meta.dirname, '../../fixtures/bots');

function locale(bot: BotDefinition, id: string): BotLocaleDefinition {
  const found = bot.locales.find((l) => l.localeId === id);
  if (found === undefined) throw new Error(`no locale ${id}`);
  return found;
}

function intent(l: BotLocaleDefinition, name: string): IntentDefinition {
  const found = l.intents.find((i) => i.name === name);
  if (found === undefined) throw new Error(`no intent ${name}`);
  return found;
}

function firstText(groups: IntentDefinition['closingResponse']): string | undefined {
  return groups?.[0]?.message.plainText ?? groups?.[0]?.message.ssml;
}

describe('loadBot: the ParleyStore demo bot', () => {
  let bot: BotDefinition;
  let en: BotLocaleDefinition;
  beforeAll(async () => {
    bot = await loadBot(DEMO);
    en = locale(bot, 'en_US');
  });

  it('has the bot and locale settings Lex needs', () => {
    expect(bot.name).toBe('ParleyStore');
    expect(bot.idleSessionTtlSeconds).toBeGreaterThanOrEqual(300);
    expect(bot.source).toBe(DEMO);
    expect(bot.locales.map((l) => l.localeId)).toEqual(['en_US']);
    expect(en.nluConfidenceThreshold).toBe(0.4);
    expect(en.voice?.engine).toBe('neural');
  });

  it('has the store intents, each with 15-40 sample utterances, and a fallback', () => {
    expect(en.intents.map((i) => i.name).sort()).toEqual(
      ['BookFitting', 'FallbackIntent', 'Goodbye', 'Greeting', 'Help', 'ItemDetails', 'OrderStatus', 'RecommendItems', 'StoreHours'],
    );
    for (const i of en.intents.filter((x) => x.parentIntentSignature === undefined)) {
      expect(i.sampleUtterances.length, i.name).toBeGreaterThanOrEqual(15);
      expect(i.sampleUtterances.length, i.name).toBeLessThanOrEqual(40);
    }
    const fallback = intent(en, 'FallbackIntent');
    expect(fallback.parentIntentSignature).toBe('AMAZON.FallbackIntent');
    expect(fallback.sampleUtterances).toEqual([]);
    expect(firstText(fallback.closingResponse)).toMatch(/sorry/i);
  });

  it('orders RecommendItems slots Category, MaxPrice, Brand, all optional (an unfiltered request is personalized), Category prompted', () => {
    const rec = intent(en, 'RecommendItems');
    expect(rec.slots.map((s) => [s.name, s.slotTypeName, s.required])).toEqual([
      ['Category', 'CategoryType', false],
      ['MaxPrice', 'AMAZON.Number', false],
      ['Brand', 'BrandType', false],
    ]);
    const category = rec.slots[0];
    expect(category?.prompt?.maxRetries).toBe(2);
    expect(category?.prompt?.messageGroups[0]?.message.plainText).toMatch(/what kind of product/i);
    expect(rec.sampleUtterances).toEqual(expect.arrayContaining(['show me {Category} under {MaxPrice} dollars', 'any {Brand} {Category}', 'I need new {Category}']));
    expect(rec.fulfillmentCodeHook).toBe(true);
    expect(intent(en, 'Greeting').fulfillmentCodeHook).toBe(false);
  });

  it('confirms OrderStatus and restricts order numbers with a regex over AMAZON.AlphaNumeric', () => {
    const order = intent(en, 'OrderStatus');
    expect(order.slots.map((s) => s.slotTypeName)).toEqual(['OrderNumberType']);
    expect(order.confirmation?.prompt.messageGroups[0]?.message.plainText).toBe('You want the status of order {OrderNumber}, is that right?');
    expect(order.confirmation?.declinationResponse).toHaveLength(1);
    expect(order.fulfillmentCodeHook).toBe(true);
    const type = en.slotTypes.find((t) => t.name === 'OrderNumberType');
    expect(type?.parentSlotTypeSignature).toBe('AMAZON.AlphaNumeric');
    const whole = new RegExp(`^(?:${type?.regexPattern ?? ''})$`);
    expect(['PS-123456', 'PS123456'].every((v) => whole.test(v))).toBe(true);
    expect(whole.test('PS-12345')).toBe(false);
  });

  it('takes CategoryType and BrandType values and synonyms exactly from vocabulary.ts', () => {
    const values = (name: string) => en.slotTypes.find((t) => t.name === name);
    expect(values('CategoryType')?.values).toEqual(CATEGORIES.map((c) => ({ value: c.name, synonyms: c.synonyms })));
    expect(values('BrandType')?.values).toEqual(BRANDS.map((b) => ({ value: b.name, synonyms: b.synonyms })));
    expect(values('CategoryType')?.resolutionStrategy).toBe('TOP_RESOLUTION');
    expect(values('BrandType')?.resolutionStrategy).toBe('TOP_RESOLUTION');
  });

  it('uses Lex-shaped identifiers and the DRAFT version in its files', async () => {
    const files = (await readdir(DEMO, { recursive: true })).filter((f) => f.endsWith('.json'));
    for (const file of files) {
      const json = JSON.parse(await readFile(join(DEMO, file), 'utf8')) as Record<string, unknown>;
      if ('identifier' in json && !file.endsWith('BotLocale.json')) expect(json.identifier, file).toMatch(/^[A-Z0-9]{10}$/);
    }
    const botJson = JSON.parse(await readFile(join(DEMO, 'ParleyStore/Bot.json'), 'utf8')) as Record<string, unknown>;
    expect(botJson.version).toBe('DRAFT');
  });
});

describe('loadBot: zips', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-bot-zip-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the demo bot from a zip the same as from its folder', async () => {
    const zip = join(dir, 'ParleyStore_DRAFT_ABCDEFGHIJ_LexJson.zip');
    await zipFolder(DEMO, zip);
    const [fromFolder, fromZip] = await Promise.all([loadBot(DEMO), loadBot(zip)]);
    expect({ ...fromZip, source: '' }).toEqual({ ...fromFolder, source: '' });
    expect(fromZip.source).toBe(zip);
  });

  it('loads a zip whose entries sit under a top folder', async () => {
    const zip = join(dir, 'wrapped.zip');
    await zipFolder(DEMO, zip, { topFolder: 'ParleyStore-export' });
    const bot = await loadBot(zip);
    expect(bot.locales[0]?.intents).toHaveLength(9);
  });
});

describe('loadBot: other exports', () => {
  it('loads a console-shaped export with nulls, extra keys and two locales unchanged', async () => {
    const bot = await loadBot(join(FIXTURES, 'LexConsoleExport'));
    expect(bot.name).toBe('PizzaPlace');
    expect(bot.locales.map((l) => l.localeId)).toEqual(['en_US', 'es_US']);
    const en = locale(bot, 'en_US');
    const order = intent(en, 'OrderPizza');
    expect(order.slots.map((s) => [s.name, s.required, s.priority, s.allowMultipleValues])).toEqual([
      ['PizzaSize', true, 1, false],
      ['Topping', false, 2, false],
    ]);
    expect(order.slots[0]?.prompt).toMatchObject({ maxRetries: 3, selectionStrategy: 'Random' });
    expect(order.slots[0]?.sampleUtterances).toEqual(['a {PizzaSize} one']);
    expect(firstText(order.closingResponse)).toBe('Your pizza is on its way.');
    expect(order.initialResponse).toBeUndefined();
    const code = en.slotTypes.find((t) => t.name === 'DeliveryCodeType');
    expect(code).toMatchObject({ parentSlotTypeSignature: 'AMAZON.AlphaNumeric', regexPattern: '[A-Z]{2}[0-9]{4}', resolutionStrategy: 'ORIGINAL_VALUE', values: [] });
    expect(firstText(intent(en, 'TrackDelivery').slots[0]?.failureResponse)).toBe('Sorry, I could not find that code.');
    expect(order.slots[0]?.failureResponse).toBeUndefined();
    expect(en.slotTypes.find((t) => t.name === 'PizzaSizes')?.values[2]).toEqual({ value: 'medium', synonyms: [] });
    expect(locale(bot, 'es_US')).toMatchObject({ nluConfidenceThreshold: 0.5, voice: { voiceId: 'Lupe', engine: 'standard' } });
  });

  it('loads the documentation spelling (manifest.json, metadata, slotValueElicitationSetting, messageGroupList)', async () => {
    const bot = await loadBot(join(FIXTURES, 'DocSpelling'));
    const gb = locale(bot, 'en_GB');
    const coffee = intent(gb, 'OrderCoffee');
    expect(coffee.slots.map((s) => [s.name, s.required, s.priority, s.allowMultipleValues])).toEqual([
      ['Drink', true, 1, false],
      ['Extras', false, 2, true],
    ]);
    expect(coffee.slots[0]?.prompt).toMatchObject({ maxRetries: 2, selectionStrategy: 'Ordered' });
    expect(coffee.confirmation?.prompt.messageGroups[0]?.message.plainText).toBe('One {Drink}, correct?');
    expect(firstText(coffee.confirmation?.declinationResponse)).toBe('Order cancelled.');
    expect(coffee.closingResponse?.[0]?.message.ssml).toBe('<speak>Coming right up.</speak>');
    expect(gb.slotTypes[0]).toMatchObject({ name: 'DrinkType', resolutionStrategy: 'TOP_RESOLUTION' });
    expect(gb.voice).toEqual({ voiceId: 'Amy' });
  });
});

describe('loadBot: failures', () => {
  it('throws PARLEY_BOT_NOT_FOUND for a missing path', async () => {
    await expect(loadBot(join(FIXTURES, 'NoSuchBot'))).rejects.toMatchObject({ code: 'PARLEY_BOT_NOT_FOUND' });
  });

  it('throws PARLEY_BOT_INVALID naming the first file and field, with every diagnostic in details', async () => {
    const error: unknown = await loadBot(join(FIXTURES, 'LexConsoleExport', 'PizzaPlace')).catch((e: unknown) => e);
    expect(isParleyError(error) && error.code).toBe('PARLEY_BOT_INVALID');
    if (!isParleyError(error)) return;
    expect(error.status).toBe(400);
    expect(error.message).toContain('Manifest.json: $: missing manifest');
    expect(Array.isArray(error.details?.diagnostics)).toBe(true);
  });
});
