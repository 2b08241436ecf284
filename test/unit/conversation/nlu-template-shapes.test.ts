import { describe, expect, it } from 'vitest';
import type { BotLocaleDefinition, SlotTypeDefinition } from '../../../src/conversation/local/bot-model.js';
import { addTemplateVotes, IntentRecognizer, voteIfClose } from '../../../src/conversation/local/intent-recognizer.js';
import { calibrateOnHeldOut, type GroupedExample } from '../../../src/conversation/local/nlu-calibration.js';
import { TemplateModel } from '../../../src/conversation/local/nlu-template-model.js';
import { GAP, TemplateShapeIndex, templateShape } from '../../../src/conversation/local/nlu-template-shapes.js';
import { SlotTypeRegistry } from '../../../src/conversation/local/slot-type-registry.js';
import { tokenize } from '../../../src/conversation/local/text-normalize.js';
import { parseTemplate } from '../../../src/conversation/local/utterance-templates.js';
import { intent, slot } from '../../helpers/bot-builder.js';

const words = (text: string) => tokenize(text).map((t) => t.norm);
const listType = (name: string, values: string[]): SlotTypeDefinition => ({ name, values: values.map((value) => ({ value, synonyms: [] })), resolutionStrategy: 'ORIGINAL_VALUE' });
const fallback = intent('FallbackIntent', [], { parentIntentSignature: 'AMAZON.FallbackIntent' });
const localeOf = (intents: BotLocaleDefinition['intents'], slotTypes: SlotTypeDefinition[]): BotLocaleDefinition => ({ localeId: 'en_US', nluConfidenceThreshold: 0.4, intents: [...intents, fallback], slotTypes });

describe('template shapes', () => {
  it('keeps carrier words and turns each placeholder into a gap', () => {
    expect(templateShape(parseTemplate('Where is {movie} playing'))).toEqual(['where', 'is', GAP, 'playing']);
    expect(templateShape(parseTemplate('find the {kind} {title}'))).toEqual(['find', 'the', GAP, GAP]);
    expect(templateShape(parseTemplate('hello there'))).toBeNull();
  });

  it('matches utterances whose gaps hold one or more words, however many', () => {
    const index = new TemplateShapeIndex();
    for (const t of ['where is {movie} playing', 'find the {kind} {title}', 'find {title}', 'hello']) index.add(parseTemplate(t));
    expect(index.shapeCount).toBe(3);
    expect(index.match(words('where is the long dark river of the night playing'))).toEqual(['where is {} playing']);
    expect(index.match(words('where is playing'))).toEqual([]);
    expect(index.match(words('where is heat playing now'))).toEqual([]);
    expect(index.match(words('find the song blue moon')).sort()).toEqual(['find the {} {}', 'find {}']);
    // Two gaps need two words.
    expect(index.match(words('find the moon'))).toEqual(['find {}']);
  });

  it('finds exactly the shapes a whole-utterance pattern finds, for short and long utterances, call after call', () => {
    const templates = ['{a} by {b}', 'play {a}', 'play {a} by {b}', '{a} {b} {c}', 'add {a} to my {b} playlist', 'the {a} of the {b}', '{a}'];
    const index = new TemplateShapeIndex();
    for (const t of templates) index.add(parseTemplate(t));
    const shapes = templates.map((t) => (templateShape(parseTemplate(t)) as string[]).join(' '));
    const fits = (shape: string, text: string): boolean =>
      new RegExp(`^${shape.split(' ').map((part) => (part === GAP ? '\\S+(?: \\S+)*' : part)).join(' ')}$`).test(text);
    const vocabulary = ['play', 'by', 'add', 'to', 'my', 'playlist', 'the', 'of', 'song', 'queen'];
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 400; i += 1) {
      // Lengths up to 45 words: positions past 30 take the long-utterance path.
      const text = Array.from({ length: 1 + next(45) }, () => vocabulary[next(vocabulary.length)]).join(' ');
      expect(index.match(text.split(' ')).sort(), text).toEqual([...new Set(shapes.filter((shape) => fits(shape, text)))].sort());
    }
  });
});

describe('template model', () => {
  const movies = listType('movie', ['the long night', 'heat', 'blue river', 'iron sky', 'night train', 'cold fire', 'the quiet year']);
  const kinds = listType('kind', ['song', 'book']);
  const titles = listType('title', ['paper moon', 'the glass garden', 'open road home', 'wild hearts', 'a small book of rain', 'silver lining']);
  const locale = localeOf([
    intent('Screening', ['find {movie}', 'where is {movie} playing'], { slots: [slot('movie', 'movie')] }),
    intent('Work', ['find the {kind}', 'find {title}'], { slots: [slot('kind', 'kind'), slot('title', 'title')] }),
  ], [movies, kinds, titles]);
  const labels = ['Screening', 'Work', 'FallbackIntent'];
  const model = new TemplateModel(locale, new SlotTypeRegistry(locale), labels);

  it('prefers the intent whose slot values the filler looks like', () => {
    const [screening, work] = model.logLikelihoods(words('find the long river'));
    expect(screening).toBeGreaterThan(work as number);
    const [screening2, work2] = model.logLikelihoods(words('find a small garden of rain'));
    expect(work2).toBeGreaterThan(screening2 as number);
  });

  it('gives intents without a fitting template and the fallback no likelihood', () => {
    const [screening, work, other] = model.logLikelihoods(words('where is the zorblax playing'));
    expect(screening).toBeGreaterThan(-Infinity);
    expect(work).toBe(-Infinity);
    expect(other).toBe(-Infinity);
  });

  it('does not let a short closed list swallow an unseen title', () => {
    // "find the {kind}" fits with kind = "zorblax quux"; the title list's length model and its
    // share of new words make an unseen two-word title likelier as a title than as a kind.
    const only = localeOf([
      intent('Kind', ['find {kind}'], { slots: [slot('kind', 'kind')] }),
      intent('Title', ['find {title}'], { slots: [slot('title', 'title')] }),
    ], [kinds, titles]);
    const [kind, title] = new TemplateModel(only, new SlotTypeRegistry(only), ['Kind', 'Title', 'FallbackIntent']).logLikelihoods(words('find zorblax quux'));
    expect(title).toBeGreaterThan(kind as number);
  });

  it('leaves out excluded templates', () => {
    const without = new TemplateModel(locale, new SlotTypeRegistry(locale), labels, (label, i) => label === 0 && i === 1);
    expect(without.logLikelihoods(words('where is heat playing'))[0]).toBe(-Infinity);
  });
});

describe('template votes', () => {
  it('lowers other intents by how much worse they are explained, never the best one or the fallback', () => {
    const logits = Float64Array.from([1, 2, 3, 0.5]);
    addTemplateVotes(logits, Float64Array.from([Math.log(0.8), Math.log(0.2), -Infinity, -Infinity]), 0.5);
    expect(logits[0]).toBeCloseTo(1);
    expect(logits[1]).toBeCloseTo(2 + 0.5 * Math.log(0.2 / 0.8));
    expect(logits[2]).toBeCloseTo(3 + 0.5 * (Math.log(1e-3) - Math.log(0.8)));
    expect(logits[3]).toBe(0.5);
  });

  it('changes nothing when no template fits', () => {
    const logits = Float64Array.from([1, 2, 3]);
    addTemplateVotes(logits, Float64Array.from([-Infinity, -Infinity, -Infinity]), 1);
    expect([...logits]).toEqual([1, 2, 3]);
  });

  it('are only computed when they could change the decision', () => {
    const pair = localeOf([
      intent('A', ['find {x}'], { slots: [slot('x', 'x')] }),
      intent('B', ['find {y}'], { slots: [slot('y', 'y')] }),
    ], [listType('x', ['heat']), listType('y', ['moon'])]);
    const model = new TemplateModel(pair, new SlotTypeRegistry(pair), ['A', 'B', 'FallbackIntent']);
    const text = words('find moon');
    // A leads B by more than a vote of weight 0.1 can move (0.69): untouched.
    const far = Float64Array.from([2, 1, 0]);
    voteIfClose(far, model, text, 0.1);
    expect([...far]).toEqual([2, 1, 0]);
    // Within reach: the model explains "moon" as B's, so A is lowered.
    const close = Float64Array.from([1.5, 1, 0]);
    voteIfClose(close, model, text, 0.1);
    expect(close[0]).toBeLessThan(1.5);
    expect(close[1]).toBe(1);
    expect(close[2]).toBe(0);
  });

  it('are added to the held-out scores the temperature is fitted on', () => {
    const examples: GroupedExample[] = Array.from({ length: 200 }, (_, i) => ({
      features: { indices: Int32Array.from([i % 2, 2 + (i % 7)]), values: Float32Array.from([0.7, 0.7]) },
      label: i % 2, weight: 1, group: i, realistic: true,
    }));
    const options = { epochs: 3, learningRate: 0.4, l2: 1e-5, seed: 't' };
    const seen: number[] = [];
    const plain = calibrateOnHeldOut(examples, 2, 16, options);
    const adjusted = calibrateOnHeldOut(examples, 2, 16, options, (heldOut) => {
      seen.push(heldOut.size);
      // A vote against the true label: the fitted temperature must soften the scores more.
      return (e, logits) => { logits[e.label] = (logits[e.label] as number) - 8; };
    });
    expect(seen).toEqual([plain.heldOut]);
    expect(adjusted.temperature).toBeGreaterThan(plain.temperature);
  });
});

describe('intent recognizer with shapes and template votes', () => {
  // "where is {film} playing" is Screening's phrasing, but this title's words are Work's carrier words.
  const works = listType('work', ['paper moon', 'the glass garden', 'open road home', 'wild hearts', 'silver lining', 'rain dogs']);
  const films = listType('film', ['heat', 'iron sky', 'blue river', 'night train']);
  const locale = localeOf([
    intent('Work', ['find {work}', 'search for {work}', 'find the book {work}', 'look for {work}', 'search for the book {work}'], { slots: [slot('work', 'work')] }),
    intent('Screening', ['where is {film} playing', 'is {film} playing', 'when is {film} showing'], { slots: [slot('film', 'film')] }),
  ], [works, films]);
  const text = 'where is search for the lost book playing';
  const top = (options: object) => new IntentRecognizer(locale, new SlotTypeRegistry(locale), { seed: 'shapes', ...options }).recognize(tokenize(text)).ranked[0]?.intentName;

  it('reads a long title in a known phrasing as a title', () => {
    expect(top({})).toBe('Screening');
  });

  it('needs the shapes or the template votes for it', () => {
    expect(top({ useShapes: false, templateWeight: 0 })).toBe('Work');
  });
});
