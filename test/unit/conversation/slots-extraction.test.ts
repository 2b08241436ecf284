import { describe, expect, it } from 'vitest';
import { SlotFiller, type FillInput } from '../../../src/conversation/local/slot-filler.js';
import { SlotTypeRegistry } from '../../../src/conversation/local/slot-type-registry.js';
import { tokenize } from '../../../src/conversation/local/text-normalize.js';
import { localNow } from '../../../src/conversation/local/zoned-clock.js';
import { intent, slot, storeLocale } from '../../helpers/bot-builder.js';

const base = storeLocale();
const locale = storeLocale({
  intents: [
    ...base.intents,
    intent('BookVisit', ['book a visit on {Day} at {Hour}', 'come by {Day}', 'visit at {Hour}', 'i have {Count} people'], {
      slots: [slot('Day', 'AMAZON.Date'), slot('Hour', 'AMAZON.Time'), slot('Count', 'AMAZON.Number'), slot('Sure', 'AMAZON.Confirmation')],
    }),
  ],
});
const filler = new SlotFiller(locale, new SlotTypeRegistry(locale));
// Friday 2026-05-01 23:30 in UTC is already Saturday 2026-05-02 09:30 in Sydney.
const NOW = new Date('2026-05-01T23:30:00Z');

function fill(intentName: string, text: string, extra: Partial<FillInput> = {}, timeZone = 'UTC') {
  return filler.fill(intentName, { text, tokens: tokenize(text), now: localNow(NOW, timeZone), ...extra });
}
const value = (slots: ReturnType<typeof fill>, name: string) => slots[name]?.value?.interpretedValue;

describe('slot filling', () => {
  it('fills category and price from one utterance', () => {
    const slots = fill('RecommendItems', 'show me running shoes under 100 dollars');
    expect(value(slots, 'Category')).toBe('running shoes');
    expect(value(slots, 'MaxPrice')).toBe('100');
    expect(slots['Category']?.value?.resolvedValues).toEqual(['running shoes']);
  });

  it('resolves synonyms to the canonical value (TOP_RESOLUTION)', () => {
    const slots = fill('RecommendItems', 'any Trainers?');
    expect(slots['Category']?.value).toEqual({ originalValue: 'Trainers', interpretedValue: 'running shoes', resolvedValues: ['running shoes'] });
  });

  it('keeps what the user said for ORIGINAL_VALUE types', () => {
    const slots = fill('RecommendItems', 'recommend north peak jackets');
    expect(slots['Brand']?.value).toEqual({ originalValue: 'north peak', interpretedValue: 'north peak', resolvedValues: ['Northpeak'] });
  });

  it.each([
    ['show me jackets below $99', '99'], ['jackets for less than ninety nine bucks', '99'],
    ['jackets under one hundred and twenty dollars', '120'], ['jackets under 49.5', '49.5'],
  ])('reads the price in "%s"', (text, expected) => {
    expect(value(fill('RecommendItems', text), 'MaxPrice')).toBe(expected);
  });

  it('does not take a number without a price cue', () => {
    expect(fill('RecommendItems', 'show me 3 jackets')['MaxPrice']).toBeUndefined();
  });

  it('normalizes regex-restricted values', () => {
    expect(value(fill('OrderStatus', 'where is order ps 123456'), 'OrderNumber')).toBe('PS-123456');
    expect(value(fill('OrderStatus', 'check ps123456 please'), 'OrderNumber')).toBe('PS-123456');
    expect(fill('OrderStatus', 'check order 12345')['OrderNumber']).toBeUndefined();
  });

  it('locates free text by the carrier phrase', () => {
    expect(value(fill('ItemDetails', 'tell me more about the Glide Runner 3'), 'ItemName')).toBe('Glide Runner 3');
    expect(value(fill('ItemDetails', 'Trail Blazer X', { elicitingSlot: 'ItemName' }), 'ItemName')).toBe('Trail Blazer X');
  });

  it.each([
    ['come by today', '2026-05-01'], ['come by tomorrow', '2026-05-02'], ['come by next friday', '2026-05-08'],
    ['come by friday', '2026-05-01'], ['come by on March 3rd', '2027-03-03'], ['come by 2026-12-01', '2026-12-01'],
    ['come by the 5th of june', '2026-06-05'], ['come by in 3 days', '2026-05-04'],
  ])('resolves the date in "%s" (UTC)', (text, expected) => {
    expect(value(fill('BookVisit', text), 'Day')).toBe(expected);
  });

  it('resolves relative dates in the caller time zone', () => {
    expect(value(fill('BookVisit', 'come by today', {}, 'Australia/Sydney'), 'Day')).toBe('2026-05-02');
  });

  it.each([
    ['visit at 3pm', '15:00'], ['visit at 15:30', '15:30'], ['visit at noon', '12:00'], ['visit at 6:45 p.m.', '18:45'],
    ['visit in two hours', '01:30'],
  ])('resolves the time in "%s"', (text, expected) => {
    expect(value(fill('BookVisit', text), 'Hour')).toBe(expected);
  });

  it('reads confirmations', () => {
    expect(value(fill('BookVisit', 'yeah', { elicitingSlot: 'Sure' }), 'Sure')).toBe('Yes');
    expect(value(fill('BookVisit', "i don't know", { elicitingSlot: 'Sure' }), 'Sure')).toBe("Don't know");
    expect(value(fill('BookVisit', 'nope', { elicitingSlot: 'Sure' }), 'Sure')).toBe('No');
  });
});
