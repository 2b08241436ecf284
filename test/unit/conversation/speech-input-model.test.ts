/**
 * The parts of the local recognizer's model Parley writes itself: spoken words, the bot's
 * sentences, the trigram model and its ARPA file, pronunciations for words CMUdict lacks, and
 * reading PocketSphinx's word-time output.
 */
import { describe, expect, it } from 'vitest';
import { botSentences, spokenValues } from '../../../src/conversation/speech-input/bot-sentences.js';
import { NgramModel } from '../../../src/conversation/speech-input/ngram-model.js';
import { parseBacktrace } from '../../../src/conversation/speech-input/pocketsphinx-recognizer.js';
import { dictionaryText, resolvePronunciations } from '../../../src/conversation/speech-input/pronunciations.js';
import { numberWords, spokenWords } from '../../../src/conversation/speech-input/spoken-words.js';
import type { BotLocaleDefinition } from '../../../src/conversation/local/bot-model.js';
import { intent, slot } from '../../helpers/bot-builder.js';

describe('spoken words', () => {
  it('spells numbers as said, and long digit runs digit by digit', () => {
    expect(numberWords('400')).toEqual(['four', 'hundred']);
    expect(numberWords('2026')).toEqual(['two', 'thousand', 'twenty', 'six']);
    expect(numberWords('15')).toEqual(['fifteen']);
    expect(numberWords('0042')).toEqual(['zero', 'zero', 'four', 'two']);
    expect(numberWords('1234567')).toHaveLength(7);
  });

  it('lower-cases, drops punctuation, splits hyphens and keeps inner apostrophes', () => {
    expect(spokenWords("Trek Trainer 400, t-shirts at 2 o'clock!")).toEqual(['trek', 'trainer', 'four', 'hundred', 't', 'shirts', 'at', 'two', "o'clock"]);
    expect(spokenWords('   ')).toEqual([]);
  });
});

describe('the bot sentences', () => {
  const locale: BotLocaleDefinition = {
    localeId: 'en_US',
    nluConfidenceThreshold: 0.4,
    intents: [
      intent('Find', ['show me {Color} shoes', 'find shoes'], { slots: [slot('Color', 'ColorType')] }),
      intent('Count', ['I want {Amount} pairs'], { slots: [slot('Amount', 'AMAZON.Number')] }),
    ],
    slotTypes: [{ name: 'ColorType', values: [{ value: 'red', synonyms: ['crimson'] }, { value: 'navy blue', synonyms: [] }], resolutionStrategy: 'TOP_RESOLUTION' }],
  };

  it('fills every slot value into the templates and keeps plain templates', () => {
    const sentences = botSentences(locale).map((s) => s.words.join(' '));
    expect(sentences).toContain('show me crimson shoes');
    expect(sentences).toContain('show me navy blue shoes');
    expect(sentences).toContain('find shoes');
    expect(sentences.some((s) => /^i want (one|two|twenty|a hundred)/.test(s))).toBe(true);
    // Values alone are answers to the bot's prompts.
    expect(sentences).toContain('navy blue');
  });

  it("weighs each template by how often users say it, where the bot has utterance counts", () => {
    const total = (l: BotLocaleDefinition, text: string) => botSentences(l).filter((s) => s.words.join(' ') === text).reduce((n, s) => n + s.count, 0);
    const counted: BotLocaleDefinition = { ...locale, intents: locale.intents.map((i) => (i.name === 'Find' ? { ...i, sampleUtteranceCounts: [1, 3] } : i)) };
    expect(total(counted, 'find shoes')).toBe(3 * total(locale, 'find shoes'));
    expect(total(counted, 'show me crimson shoes')).toBe(total(locale, 'show me crimson shoes'));
  });

  it('speaks values of built-in types and spells codes', () => {
    const types = new Map(locale.slotTypes.map((t) => [t.name, t]));
    expect(spokenValues('AMAZON.Date', types).map((v) => v.join(' '))).toContain('tomorrow');
    for (const code of spokenValues('AMAZON.AlphaNumeric', types)) expect(code.every((w) => /^[a-z]+$/.test(w))).toBe(true);
  });
});

describe('the trigram model', () => {
  const model = new NgramModel([
    { words: ['book', 'a', 'fitting'], count: 3 },
    { words: ['book', 'a', 'table'], count: 1 },
    { words: ['store', 'hours'], count: 2 },
  ]);

  it('is a probability distribution after every history', () => {
    for (const history of [[], ['<s>'], ['book'], ['<s>', 'book'], ['book', 'a'], ['never', 'seen']]) {
      const total = model.vocabulary.reduce((sum, word) => sum + model.probability(history, word), 0);
      expect(total).toBeCloseTo(1, 9);
    }
  });

  it('prefers what the bot says and still allows what it did not', () => {
    expect(model.probability(['book', 'a'], 'fitting')).toBeGreaterThan(model.probability(['book', 'a'], 'table'));
    expect(model.probability(['book', 'a'], 'hours')).toBeGreaterThan(0);
  });

  it('writes an ARPA file whose counts match its sections, and whose backoffs reproduce the model', () => {
    const arpa = model.toArpa();
    const counts = [...arpa.matchAll(/^ngram (\d)=(\d+)$/gm)].map((m) => Number(m[2]));
    const sections = arpa.split(/\\\d-grams:\n/).slice(1).map((section) => section.split('\n\n')[0]?.split('\n').filter(Boolean).length);
    expect(sections).toEqual(counts);
    expect(arpa).toMatch(/^-99\.0000\t<s>\t/m);
    expect(arpa.trimEnd().endsWith('\\end\\')).toBe(true);
    // An unseen trigram "book a hours" is the bigram context's backoff times P(hours | a).
    const line = (gram: string): string[] => (arpa.split('\n').find((l) => l.split('\t')[1] === gram) ?? '').split('\t');
    const backoff = Number(line('book a')[2]);
    const lower = Math.log10(model.probability(['a'], 'hours'));
    expect(Math.log10(model.probability(['book', 'a'], 'hours'))).toBeCloseTo(backoff + lower, 5);
  });
});

describe('pronunciations', () => {
  const lexicon = new Map<string, string[]>([
    ['north', ['N AO1 R TH']],
    ['peak', ['P IY1 K']],
    ['t', ['T IY1']],
    ['shirts', ['SH ER1 T S']],
    ['analyzed', ['AE1 N AH0 L AY2 Z D']],
    ['book', ['B UH1 K']],
    ['read', ['R IY1 D', 'R EH1 D']],
  ]);

  it('composes compounds and British spellings from known words, and reports the rest', () => {
    const { entries, report } = resolvePronunciations(['northpeak', 'tshirts', 'analysed', 'book', 'read', 'zorblax'], lexicon);
    expect(entries.get('northpeak')).toEqual(['N AO1 R TH P IY1 K']);
    expect(entries.get('tshirts')).toEqual(['T IY1 SH ER1 T S']);
    expect(entries.get('analysed')).toEqual(['AE1 N AH0 L AY2 Z D']);
    expect(report.composed).toEqual(expect.arrayContaining([{ word: 'northpeak', as: ['north', 'peak'] }, { word: 'analysed', as: ['analyzed'] }]));
    expect(report.missing).toEqual(['zorblax']);
    expect(dictionaryText(entries)).toContain('read(2) R EH1 D\n');
  });
});

describe('reading PocketSphinx output', () => {
  it('takes the last backtrace\'s words and posteriors, not fillers, variant marks or log lines', () => {
    const header = 'word                 start end   pprob ascr       lscr       lback';
    const output = [
      'INFO: pocketsphinx.c(1168): what are you (-4426)',
      header,
      'are                  26    49    0.100 -586752    -246       2',
      header,
      'INFO: ngram_search.c(1025): bestpath 0.00 CPU 0.000 xRT',
      '<s>                  0     25    1.000 -240640    0          1',
      'what                 26    49    0.800 -586752    -246       2',
      '<sil>                50    56    0.990 -336896    -23        3',
      'hours(2)             57    116   0.600 -2201600   -23        3',
      '[NOISE]              117   132   0.500 -460800    -524288    3',
      '</s>                 133   142   1.000 -460800    -113       1',
      'INFO: batch.c(760): u000: 1.43 seconds speech, 0.24 seconds CPU, 0.45 seconds wall',
      '',
    ].join('\n');
    expect(parseBacktrace(output)).toEqual({ transcript: 'what hours', confidence: expect.closeTo(0.7, 9) });
    expect(parseBacktrace('')).toEqual({ transcript: '', confidence: 0 });
    expect(parseBacktrace(`${header}\n<s> 0 25 1.000 -240640 0 1\n</s> 26 40 1.000 -1 -1 1\n`)).toEqual({ transcript: '', confidence: 0 });
  });
});
