/**
 * The engine's warm-up: its own sample utterances, slots filled with sample values, taken from
 * the intents in turn; saying them at load time leaves no trace on later turns.
 */
import { describe, expect, it } from 'vitest';
import { warmUpTexts } from '../../../src/conversation/local/engine-warmup.js';
import { LocalConversationEngine } from '../../../src/conversation/local/local-conversation-engine.js';
import { SlotTypeRegistry } from '../../../src/conversation/local/slot-type-registry.js';
import { CATEGORY_TYPE, storeBot, storeLocale } from '../../helpers/bot-builder.js';

describe('warmUpTexts', () => {
  const locale = storeLocale();
  const registry = new SlotTypeRegistry(locale);

  it("takes the intents' sample utterances in turn, each placeholder filled with a value of its type", () => {
    const texts = warmUpTexts(locale, registry, 1000);
    const sampled = locale.intents.reduce((sum, i) => sum + i.sampleUtterances.length, 0);
    expect(texts).toHaveLength(sampled);
    // Every intent's first utterance first, in the bot's order.
    expect(texts.slice(0, 7)).toEqual(['hi', 'help', 'recommend something', expect.stringMatching(/^tell me more about the \S/), 'where is my order', 'what are your hours', 'bye']);
    const categories = new Set(CATEGORY_TYPE.values.flatMap((v) => [v.value, ...v.synonyms].map((p) => p.toLowerCase())));
    const showMe = texts.find((t) => t.startsWith('show me ') && !t.includes('under') && !t.includes('less') && t !== 'show me products');
    expect(categories.has(showMe?.slice('show me '.length) ?? '')).toBe(true);
    expect(texts.some((t) => t.includes('{'))).toBe(false);
    expect(warmUpTexts(locale, registry, 1000)).toEqual(texts);
    expect(warmUpTexts(locale, registry, 5)).toEqual(texts.slice(0, 5));
    expect(warmUpTexts(locale, registry, 0)).toEqual([]);
  });
});

describe('engine warm-up', () => {
  it('leaves no trace: a warmed engine answers every turn as a cold one does', () => {
    const clock = () => new Date('2026-03-02T15:00:00Z');
    const cold = new LocalConversationEngine(storeBot(), { warmUpTurns: 0, clock });
    const warm = new LocalConversationEngine(storeBot(), { clock });
    expect(cold.loadTimes()).toEqual({ trainingMs: expect.any(Number), warmUpMs: expect.any(Number) });
    expect(warm.loadTimes().trainingMs).toBeGreaterThan(0);
    expect(warm.loadTimes().warmUpMs).toBeGreaterThan(cold.loadTimes().warmUpMs);
    for (const text of ['hi', 'show me running shoes under 80 dollars', 'check order PS-123456', 'something nobody says', 'bye']) {
      const request = { sessionId: 's-1', text };
      expect(warm.recognizeTextSync(request)).toEqual(cold.recognizeTextSync(request));
    }
  });
});

describe('training progress', () => {
  it('tells each phase as it goes, each ending at its total, and trains the same engine as without it', () => {
    const clock = () => new Date('2026-03-02T15:00:00Z');
    const steps: Array<[string, number, number]> = [];
    const told = new LocalConversationEngine(storeBot(), { clock, onProgress: (phase, done, total) => steps.push([phase, done, total]) });
    const quiet = new LocalConversationEngine(storeBot(), { clock });
    expect([...new Set(steps.map(([phase]) => phase))]).toEqual(['features', 'intents', 'slots', 'warm-up']);
    for (const phase of ['features', 'intents', 'slots', 'warm-up']) {
      const mine = steps.filter(([p]) => p === phase);
      const last = mine.at(-1) as [string, number, number];
      expect(last[1]).toBe(last[2]);
      expect(last[2]).toBeGreaterThan(0);
      expect(mine.map(([, done]) => done)).toEqual([...mine.map(([, done]) => done)].sort((x, y) => x - y));
    }
    // Features from the first text on; then the classifier's epochs after the calibration model's, on one count.
    expect(steps.find(([p]) => p === 'features')?.[1]).toBe(0);
    expect(steps.filter(([p]) => p === 'intents').map(([, done]) => done)).toEqual(Array.from({ length: steps.find(([p]) => p === 'intents')?.[2] ?? 0 }, (_, i) => i + 1));
    for (const text of ['hi', 'show me running shoes under 80 dollars', 'bye']) {
      expect(told.recognizeTextSync({ sessionId: 's-1', text })).toEqual(quiet.recognizeTextSync({ sessionId: 's-1', text }));
    }
  });
});
