/**
 * Built-in slot types through the whole local engine: countries, cities and first names from the
 * bundled gazetteer, numbers in digits and words, relative dates and times in the session's time
 * zone, alphanumeric codes, confirmations, and a multi-valued slot.
 */
import { describe, expect, it } from 'vitest';
import { LocalConversationEngine } from '../../../src/conversation/local/index.js';
import type { RecognizeTextResponse, SessionState, Slot } from '../../../src/conversation/port.js';
import { findTimes } from '../../../src/conversation/local/time-parse.js';
import { tokenize } from '../../../src/conversation/local/text-normalize.js';
import { localNow } from '../../../src/conversation/local/zoned-clock.js';
import { intent, prompt, slot, storeBot, storeLocale } from '../../helpers/bot-builder.js';

const base = storeLocale();
const bot = storeBot(
  storeLocale({
    slotTypes: [
      ...base.slotTypes,
      {
        name: 'ColourType',
        values: ['red', 'blue', 'green', 'black', 'white', 'navy'].map((value) => ({ value, synonyms: [] })),
        resolutionStrategy: 'TOP_RESOLUTION',
      },
    ],
    intents: [
      ...base.intents,
      intent('Deliver', ['do you ship to {Country}', 'can you deliver to {Country}', 'shipping to {Country}', 'i live in {Country}', 'send my order to {Country}'], {
        slots: [slot('Country', 'AMAZON.Country', { required: true, prompt: prompt('Which country?') })],
      }),
      intent('FindStore', ['is there a store in {City}', 'any shops in {City}', 'find a store near {City}', 'do you have a branch in {City}', 'stores in {City}'], {
        slots: [slot('City', 'AMAZON.City', { required: true, prompt: prompt('Which city?') })],
      }),
      intent('Introduce', ['my name is {Name}', 'call me {Name}', 'this is {Name} speaking', 'i am called {Name}', 'you can call me {Name}'], {
        slots: [slot('Name', 'AMAZON.FirstName', { required: true, prompt: prompt('What is your name?') })],
      }),
      intent('PickColours', ['show me {Colour} shirts', 'i want {Colour} shirts', 'do you have {Colour} shirts', '{Colour} shirts please'], {
        slots: [slot('Colour', 'ColourType', { allowMultipleValues: true })],
      }),
      intent('Reserve', ['reserve a table for {Guests}', 'book for {Guests} people on {Day} at {Hour}', 'a table on {Day}', 'reserve for {Hour}'], {
        slots: [slot('Guests', 'AMAZON.Number'), slot('Day', 'AMAZON.Date'), slot('Hour', 'AMAZON.Time')],
      }),
      intent('RedeemCode', ['redeem code {Code}', 'my voucher is {Code}', 'use voucher {Code}', 'apply code {Code}'], {
        slots: [
          slot('Code', 'AMAZON.AlphaNumeric', { required: true, prompt: prompt('What is the code?') }),
          slot('Sure', 'AMAZON.Confirmation', { required: true, priority: 2, prompt: prompt('Apply it to your basket now?') }),
        ],
      }),
    ],
  }),
);
// 23:30 UTC on Friday 1 May 2026 is already 09:30 on Saturday 2 May in Sydney.
const NOW = new Date('2026-05-01T23:30:00Z');
const engine = new LocalConversationEngine(bot, { clock: () => NOW });

async function say(text: string, options: { state?: SessionState; timeZone?: string } = {}): Promise<RecognizeTextResponse> {
  return engine.recognizeText({ sessionId: 'builtins-1', text, ...(options.state ? { sessionState: options.state } : {}), timeZone: options.timeZone ?? 'UTC' });
}
function value(r: RecognizeTextResponse, name: string): string | undefined {
  return r.sessionState.intent?.slots?.[name]?.value?.interpretedValue;
}

describe('AMAZON.Country and AMAZON.City (bundled gazetteer)', () => {
  it.each([
    ['do you ship to france', 'France'],
    ['can you deliver to the USA', 'United States'],
    ['shipping to Holland', 'Netherlands'],
    ['i live in new zealand', 'New Zealand'],
    ['send my order to Côte d’Ivoire', "Cote d'Ivoire"],
    ['do you ship to the united states of america', 'United States'],
  ])('"%s" resolves to %s', async (text, expected) => {
    const r = await say(text);
    expect(r.sessionState.intent?.name).toBe('Deliver');
    expect(value(r, 'Country')).toBe(expected);
  });

  it('a country not in the list is not a country, and the slot is asked for', async () => {
    const r = await say('do you ship to narnia');
    expect(r.sessionState.intent?.name).toBe('Deliver');
    expect(value(r, 'Country')).toBeUndefined();
    expect(r.sessionState.dialogAction).toMatchObject({ type: 'ElicitSlot', slotToElicit: 'Country' });
    const answered = await say('Japan', { state: r.sessionState });
    expect(value(answered, 'Country')).toBe('Japan');
  });

  it.each([
    ['is there a store in new york city', 'New York'],
    ['any shops in NYC', 'New York'],
    ['find a store near Bombay', 'Mumbai'],
    ['do you have a branch in são paulo', 'Sao Paulo'],
    ['stores in st. louis', 'Saint Louis'],
  ])('"%s" resolves to %s', async (text, expected) => {
    const r = await say(text);
    expect(r.sessionState.intent?.name).toBe('FindStore');
    expect(value(r, 'City')).toBe(expected);
    expect(r.sessionState.intent?.slots?.['City']?.value?.resolvedValues).toEqual([expected]);
  });

  it('a lower-case everyday word is not a place unless it answers the prompt', async () => {
    const asked = await say('is there a store in');
    expect(asked.sessionState.dialogAction).toMatchObject({ type: 'ElicitSlot', slotToElicit: 'City' });
    expect(value(await say('Nice', { state: asked.sessionState }), 'City')).toBe('Nice');
    expect(value(await say('nice', { state: asked.sessionState }), 'City')).toBe('Nice');
    // An unlisted town answering the prompt is taken as said.
    expect(value(await say('Little Snoring', { state: asked.sessionState }), 'City')).toBe('Little Snoring');
  });
});

describe('AMAZON.FirstName', () => {
  it('a listed name gets its usual spelling, an unlisted one is taken from its context', async () => {
    expect(value(await say('my name is maria'), 'Name')).toBe('Maria');
    expect(value(await say('call me Zebulon'), 'Name')).toBe('Zebulon');
  });

  it('the answer to the name prompt is the name', async () => {
    const asked = await say('my name is');
    expect(asked.sessionState.dialogAction).toMatchObject({ type: 'ElicitSlot', slotToElicit: 'Name' });
    expect(value(await say('priya', { state: asked.sessionState }), 'Name')).toBe('Priya');
    expect(value(await say('Oluwaseun', { state: asked.sessionState }), 'Name')).toBe('Oluwaseun');
  });
});

describe('multi-valued slots (allowMultipleValues)', () => {
  it('"red and blue shirts" gives two values in `values`', async () => {
    const r = await say('show me red and blue shirts');
    const colour = r.sessionState.intent?.slots?.['Colour'] as Slot;
    expect(colour.shape).toBe('List');
    expect(colour.values?.map((v) => v.value?.interpretedValue)).toEqual(['red', 'blue']);
    expect(colour.value?.interpretedValue).toBe('red, blue');
  });

  it('one value stays a scalar', async () => {
    const colour = (await say('do you have navy shirts')).sessionState.intent?.slots?.['Colour'];
    expect(colour).toMatchObject({ shape: 'Scalar', value: { interpretedValue: 'navy' } });
    expect(colour?.values).toBeUndefined();
  });
});

describe('numbers, dates and times', () => {
  it.each([
    ['reserve a table for 4', '4'],
    ['reserve a table for four', '4'],
    ['reserve a table for twenty two', '22'],
    ['reserve a table for one hundred and five', '105'],
  ])('AMAZON.Number in "%s" is %s', async (text, expected) => {
    expect(value(await say(text), 'Guests')).toBe(expected);
  });

  it('relative dates are resolved in the session time zone', async () => {
    expect(value(await say('a table on tomorrow'), 'Day')).toBe('2026-05-02');
    expect(value(await say('a table on tomorrow', { timeZone: 'Australia/Sydney' }), 'Day')).toBe('2026-05-03');
    expect(value(await say('book for 2 people on next friday at 7pm', { timeZone: 'Australia/Sydney' }), 'Day')).toBe('2026-05-08');
  });

  it('relative times are resolved in the session time zone', async () => {
    expect(value(await say('reserve for in two hours'), 'Hour')).toBe('01:30');
    expect(value(await say('reserve for in two hours', { timeZone: 'Australia/Sydney' }), 'Hour')).toBe('11:30');
    expect(value(await say('reserve for in half an hour', { timeZone: 'Australia/Sydney' }), 'Hour')).toBe('10:00');
  });

  it.each([
    ['half past four', '04:30'], ['half past four pm', '16:30'], ['a quarter to five pm', '16:45'], ['quarter past 3', '03:15'],
    ['ten past six', '06:10'], ['20 to 9 pm', '20:40'], ['in an hour', '10:30'], ['noon', '12:00'], ['6:45 p.m', '18:45'],
  ])('AMAZON.Time "%s" is %s', (text, expected) => {
    const now = localNow(new Date('2026-05-01T09:30:00Z'), 'UTC');
    expect(findTimes(tokenize(text), now).map((m) => m.time)).toEqual([expected]);
  });

  it('"in a hundred minutes" is a number of minutes, not one', () => {
    const now = localNow(new Date('2026-05-01T09:30:00Z'), 'UTC');
    expect(findTimes(tokenize('in a hundred minutes'), now).map((m) => m.time)).toEqual(['11:10']);
  });
});

describe('AMAZON.AlphaNumeric and AMAZON.Confirmation', () => {
  it('takes a code with letters and digits, then a confirmation in other words', async () => {
    const code = await say('redeem code SPRING25');
    expect(value(code, 'Code')).toBe('SPRING25');
    expect(code.sessionState.dialogAction).toMatchObject({ type: 'ElicitSlot', slotToElicit: 'Sure' });
    expect(value(await say('yeah', { state: code.sessionState }), 'Sure')).toBe('Yes');
    expect(value(await say('nope', { state: code.sessionState }), 'Sure')).toBe('No');
    expect(value(await say("i don't know", { state: code.sessionState }), 'Sure')).toBe("Don't know");
  });

  it('an elicited code may be spelled in parts', async () => {
    const asked = await say('use voucher');
    expect(asked.sessionState.dialogAction).toMatchObject({ type: 'ElicitSlot', slotToElicit: 'Code' });
    expect(value(await say('ab 12 c', { state: asked.sessionState }), 'Code')).toBe('ab12c');
  });
});
