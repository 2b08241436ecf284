/**
 * Calibrated intent confidence: the temperature fit recovers a known temperature, confidence
 * matches accuracy on utterances held out of a generated bot, and on the demo bot out-of-scope
 * input falls below the fallback threshold while in-scope input does not.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildBotFromExamples, type NluExample } from '../../../src/conversation/eval/index.js';
import { IntentRecognizer } from '../../../src/conversation/local/intent-recognizer.js';
import { loadBot, LocalConversationEngine } from '../../../src/conversation/local/index.js';
import { expectedCalibrationError, fitTemperature } from '../../../src/conversation/local/nlu-calibration.js';
import { softmaxInPlace } from '../../../src/conversation/local/nlu-classifier.js';
import { SeededRandom } from '../../../src/conversation/local/seeded-random.js';
import { SlotTypeRegistry } from '../../../src/conversation/local/slot-type-registry.js';
import { tokenize } from '../../../src/conversation/local/text-normalize.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('temperature fit', () => {
  it('recovers the temperature that generated the labels', () => {
    const random = new SeededRandom('temperature');
    const scored = Array.from({ length: 4000 }, () => {
      const logits = Float64Array.from({ length: 4 }, () => random.next() * 8 - 4);
      const p = softmaxInPlace(logits.map((v) => v / 2.5));
      let u = random.next();
      let label = 0;
      while (label < 3 && u > (p[label] as number)) { u -= p[label] as number; label += 1; }
      return { logits, label, weight: 1 };
    });
    expect(fitTemperature(scored)).toBeCloseTo(2.5, 0);
  });

  it('scores a perfectly calibrated forecaster near zero and an over-confident one high', () => {
    const calibrated = Array.from({ length: 1000 }, (_, i) => ({ confidence: 0.7, correct: i % 10 < 7 }));
    const overConfident = Array.from({ length: 1000 }, (_, i) => ({ confidence: 0.99, correct: i % 2 === 0 }));
    expect(expectedCalibrationError(calibrated)).toBeLessThan(0.01);
    expect(expectedCalibrationError(overConfident)).toBeGreaterThan(0.4);
  });
});

/**
 * A generated bot whose intents share carrier words ("find", "show me", "the") so that some
 * held-out utterances are genuinely ambiguous and confidence has something to match.
 */
function generatedExamples(): NluExample[] {
  const random = new SeededRandom('generated-bot');
  const titles = ['blue river', 'the last summer', 'night train', 'golden hour', 'paper moon', 'silent city', 'red horizon', 'wild hearts', 'cold fire', 'open road', 'the long way', 'glass garden'];
  const cities = ['paris', 'lima', 'oslo', 'cairo', 'denver', 'perth', 'kyoto', 'austin', 'quito', 'porto'];
  const intents: Record<string, { carriers: string[]; slot: string; values: string[] }> = {
    FindMovie: { carriers: ['find the movie {}', 'show me the film {}', 'is {} showing', 'movie times for {}', 'find {} at the cinema', 'when is {} playing'], slot: 'title', values: titles },
    FindBook: { carriers: ['find the book {}', 'show me the novel {}', 'look up {}', 'find {} in the library', 'i want to read {}', 'search for the book {}'], slot: 'title', values: titles },
    RateBook: { carriers: ['rate {} five stars', 'give {} three points', 'i rate {} a four', 'rate the book {}', 'give the novel {} a rating'], slot: 'title', values: titles },
    Weather: { carriers: ['weather in {}', 'will it rain in {}', 'what is the forecast for {}', 'is it cold in {}', 'show me the weather for {}'], slot: 'city', values: cities },
    BookTrip: { carriers: ['book a trip to {}', 'find me a flight to {}', 'i want to travel to {}', 'get tickets to {}', 'show me hotels in {}'], slot: 'city', values: cities },
  };
  const fillers = ['', 'please ', 'can you ', 'hey ', 'i would like to '];
  const examples: NluExample[] = [];
  for (let n = 0; n < 700; n += 1) {
    const [intent, spec] = random.pick(Object.entries(intents));
    const value = random.pick(spec.values);
    const prefix = random.pick(fillers);
    const [before, after] = random.pick(spec.carriers).split('{}') as [string, string];
    const text = `${prefix}${before}${value}${after}`;
    const start = prefix.length + before.length;
    examples.push({ text, intent, slots: [{ name: spec.slot, value, start, end: start + value.length }] });
  }
  return examples;
}

describe('calibrated intent confidence', () => {
  const examples = generatedExamples();
  const train = examples.slice(0, 560);
  const heldOut = examples.slice(560);
  const locale = buildBotFromExamples(train).locales[0];
  if (!locale) throw new Error('no locale');
  const registry = new SlotTypeRegistry(locale);

  const ece = (recognizer: IntentRecognizer): number => expectedCalibrationError(heldOut.map((e) => {
    const top = recognizer.recognize(tokenize(e.text)).ranked[0];
    return { confidence: top?.score ?? 0, correct: top?.intentName === e.intent };
  }));

  it('fits a temperature on held-out sample utterances', () => {
    const recognizer = new IntentRecognizer(locale, registry, { seed: 'calibration' });
    expect(recognizer.calibration.heldOut).toBeGreaterThan(20);
    expect(recognizer.calibration.temperature).not.toBe(1);
  });

  it('reports a confidence that matches accuracy on a held-out split', () => {
    const calibrated = ece(new IntentRecognizer(locale, registry, { seed: 'calibration' }));
    const uncalibrated = ece(new IntentRecognizer(locale, registry, { seed: 'calibration', calibrate: false }));
    expect(calibrated).toBeLessThan(0.08);
    expect(calibrated).toBeLessThanOrEqual(uncalibrated);
  });
});

describe('out-of-scope input on the demo bot', async () => {
  const engine = LocalConversationEngine.fromBot(await loadBot(path.join(REPO_ROOT, 'bots/ParleyStore')));
  let turn = 0;
  const intentOf = (text: string): { name: string; score: number } => {
    turn += 1;
    const response = engine.recognizeTextSync({ sessionId: `oos-${turn}`, text });
    const name = response.sessionState.intent?.name ?? '';
    return { name, score: response.interpretations.find((i) => i.intent.name === name)?.nluConfidence?.score ?? 0 };
  };

  it.each([
    'what is the capital of peru', 'asdf qwer zxcv', 'who won the football game last night', 'how do i bake sourdough bread',
    'what is the weather like in paris', 'play some jazz music', 'translate hello into german', 'book a flight to tokyo',
    'lorem ipsum dolor sit amet', 'how tall is mount everest', 'set an alarm for 7 am', 'turn off the lights in the kitchen',
    'the quick brown fox jumps over the lazy dog', 'what is the square root of 144', 'i need a plumber',
  ])('falls back on "%s"', (text) => {
    expect(intentOf(text).name).toBe('FallbackIntent');
  });

  it.each([
    ['hello there', 'Greeting'], ['show me running shoes under 100 dollars', 'RecommendItems'], ['where is my order', 'OrderStatus'],
    ['what are your opening hours', 'StoreHours'], ['tell me about the summit boot', 'ItemDetails'], ['book a fitting appointment', 'BookFitting'],
    ['recommend some jackets', 'RecommendItems'], ['track my package', 'OrderStatus'], ['what can you do', 'Help'], ['thanks bye', 'Goodbye'],
  ])('recognizes in-scope "%s" above the threshold', (text, intent) => {
    const result = intentOf(text);
    expect(result.name).toBe(intent);
    expect(result.score).toBeGreaterThanOrEqual(0.4);
  });
});
