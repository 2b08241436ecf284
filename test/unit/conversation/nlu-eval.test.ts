import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeSharedShapes, evaluateFiles } from '../../../src/cli/commands/nlu-eval.js';
import {
  buildBotFromExamples, checkTestTexts, countSpans, describeOutOfScopeExamples, describeUtteranceConflict, evaluateNlu, parseExamples, slotSpans, spanScores,
  type NluEvalReport, type OutOfScopeExamples, type UtteranceConflict,
} from '../../../src/conversation/eval/index.js';
import { LocalConversationEngine } from '../../../src/conversation/local/index.js';
import { isParleyError } from '../../../src/shared/errors.js';

const line = (text: string, intent: string, slots: Array<[string, string]> = []) =>
  JSON.stringify({ text, intent, slots: slots.map(([name, value]) => ({ name, value, start: text.indexOf(value), end: text.indexOf(value) + value.length })) });

function errorOf(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (isParleyError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected an error');
}

/**
 * Writes the train and test lines to a scratch folder and runs `nlu eval` on them as the CLI does,
 * with the warnings it gave and the intent it predicted for each test line, with its confidence
 * and the intents whose sample utterances share its shape.
 */
async function evaluateLines(
  train: readonly string[],
  test: readonly string[],
  options: { seed?: string; utteranceCounts?: boolean } = {},
): Promise<{ report: NluEvalReport; trainFile: string; warnings: string[]; predicted: string[]; confidences: number[]; shared: Array<string[] | undefined> }> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-nlu-eval-'));
  try {
    const trainFile = join(dir, 'train.jsonl');
    await writeFile(trainFile, train.join('\n'));
    await writeFile(join(dir, 'test.jsonl'), test.join('\n'));
    const warnings: string[] = [];
    const predicted: string[] = [];
    const confidences: number[] = [];
    const shared: Array<string[] | undefined> = [];
    const report = await evaluateFiles({ train: trainFile, test: join(dir, 'test.jsonl'), ...options }, {
      onWarning: (w) => warnings.push(w),
      onPrediction: (p) => {
        predicted.push(p.predictedIntent);
        confidences.push(p.confidence);
        shared.push(p.sharedShapeIntents);
      },
    });
    return { report, trainFile, warnings, predicted, confidences, shared };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('labelled examples (JSONL)', () => {
  it('parses slots with character offsets and allows missing slots', () => {
    const examples = parseExamples(`${line('play jazz by nina simone', 'PlayMusic', [['artist', 'nina simone']])}\n\n{"text":"hi","intent":"Greet"}\n`, 'a.jsonl');
    expect(examples).toEqual([
      { text: 'play jazz by nina simone', intent: 'PlayMusic', slots: [{ name: 'artist', value: 'nina simone', start: 13, end: 24 }], line: 1 },
      { text: 'hi', intent: 'Greet', slots: [], line: 3 },
    ]);
  });

  it.each([
    ['{"text": "hi"', 'a.jsonl:2: not valid JSON'],
    ['{"text": "", "intent": "X"}', 'a.jsonl:2: "text" must be a non-empty string'],
    ['{"text": "hi", "intent": 3}', 'a.jsonl:2: "intent" must be an intent name'],
    // Lex's name rule: no doubled separator, none first, at most 100 characters.
    ['{"text": "hi", "intent": "Get__Weather"}', 'a.jsonl:2: "intent" must be an intent name: letters and digits, with a single _ or - between them'],
    [`{"text": "hi", "intent": "${'A'.repeat(101)}"}`, 'a.jsonl:2: "intent" must be an intent name'],
    ['{"text": "hi", "intent": "X", "slots": [{"name": "_a", "value": "hi", "start": 0, "end": 2}]}', 'a.jsonl:2: slots[0].name must be a slot name'],
    ['{"text": "hi", "intent": "X", "slots": {}}', 'a.jsonl:2: "slots" must be an array'],
    ['{"text": "hi", "intent": "X", "slots": [{"name": "a", "value": "hi", "start": 0, "end": 9}]}', 'a.jsonl:2: slots[0] offsets 0-9 are outside'],
    ['{"text": "hi you", "intent": "X", "slots": [{"name": "a", "value": "yo", "start": 0, "end": 2}]}', 'a.jsonl:2: slots[0].value "yo" is not text[0:2]'],
  ])('names the line of %s', (bad, message) => {
    const error = errorOf(() => parseExamples(`{"text": "ok", "intent": "X"}\n${bad}`, 'a.jsonl'));
    expect(error.code).toBe('PARLEY_NLU_EVAL_INVALID_LINE');
    expect(error.message).toContain(message);
  });

  it('names the line of text that was not valid UTF-8', () => {
    // 0xE9 alone is Latin-1's e-acute, not UTF-8: decoding turns it into U+FFFD, as reading a file does.
    const bytes = Buffer.concat([Buffer.from('{"text": "ok", "intent": "X"}\n{"text": "caf'), Buffer.from([0xe9]), Buffer.from('", "intent": "X"}\n')]);
    const error = errorOf(() => parseExamples(bytes, 'c.jsonl'));
    expect(error.code).toBe('PARLEY_NLU_EVAL_INVALID_LINE');
    expect(error.message).toContain('c.jsonl:2: not valid UTF-8');
  });

  it('accepts U+FFFD that the file encodes validly (as SNIPS train does), judging the bytes', () => {
    const bytes = Buffer.from('{"text": "pop punk \uFFFD\uFFFD", "intent": "X"}\n', 'utf8');
    expect(parseExamples(bytes, 'd.jsonl')[0]?.text).toBe('pop punk \uFFFD\uFFFD');
  });

  it('accepts such a line in a training file but refuses it as a test line, which the engine would refuse as text', () => {
    const examples = parseExamples([line('pop punk \uFFFD', 'X'), line(`play ${'la '.repeat(400)}`, 'X'), line('play \u0007 jazz', 'X'), line('  fine  ', 'X')].join('\n'), 't.jsonl');
    const messages: string[] = [];
    for (const example of examples) {
      try {
        checkTestTexts([example], 't.jsonl');
      } catch (error) {
        messages.push(isParleyError(error) ? `${error.code} ${error.message}` : String(error));
      }
    }
    expect(messages).toEqual([
      'PARLEY_NLU_EVAL_INVALID_LINE t.jsonl:1: the engine would refuse this text: text is not valid UTF-8 (a lone surrogate or a U+FFFD replacement character)',
      'PARLEY_NLU_EVAL_INVALID_LINE t.jsonl:2: the engine would refuse this text: text is longer than 1024 characters',
      'PARLEY_NLU_EVAL_INVALID_LINE t.jsonl:3: the engine would refuse this text: text contains a control character (only tab and newline are allowed)',
    ]);
  });

  it('rejects an empty file', () => {
    expect(errorOf(() => parseExamples('\n', 'b.jsonl')).code).toBe('PARLEY_NLU_EVAL_EMPTY');
  });
});

describe('span metrics', () => {
  it('counts exact name and offset matches only (CoNLL)', () => {
    const counts = { correct: 0, predicted: 0, gold: 0 };
    countSpans([{ name: 'a', start: 0, end: 4 }, { name: 'b', start: 5, end: 9 }], [{ name: 'a', start: 0, end: 4 }, { name: 'b', start: 5, end: 8 }], counts);
    countSpans([{ name: 'c', start: 0, end: 2 }], [], counts);
    countSpans([], [{ name: 'c', start: 1, end: 2 }], counts);
    expect(counts).toEqual({ correct: 1, predicted: 3, gold: 3 });
    const scores = spanScores(counts);
    expect(scores.precision).toBeCloseTo(1 / 3);
    expect(scores.recall).toBeCloseTo(1 / 3);
    expect(scores.f1).toBeCloseTo(1 / 3);
    expect(spanScores({ correct: 0, predicted: 0, gold: 2 })).toEqual({ precision: 0, recall: 0, f1: 0 });
  });

  it('places Lex slot values at their first unused occurrence', () => {
    const slots = { from: { value: { originalValue: 'paris', interpretedValue: 'paris' } }, to: { value: { originalValue: 'paris', interpretedValue: 'paris' } }, none: null };
    expect(slotSpans('paris to paris', slots)).toEqual([{ name: 'from', start: 0, end: 5 }, { name: 'to', start: 9, end: 14 }]);
  });
});

describe('bot from examples', () => {
  const train = parseExamples([
    line('play jazz by nina simone', 'PlayMusic', [['genre', 'jazz'], ['artist', 'nina simone']]),
    line('play rock by queen', 'PlayMusic', [['genre', 'rock'], ['artist', 'queen']]),
    line('play some blues by bb king', 'PlayMusic', [['genre', 'blues'], ['artist', 'bb king']]),
    line('put on music by adele', 'PlayMusic', [['artist', 'adele']]),
    line('what is the weather in paris', 'GetWeather', [['city', 'paris']]),
    line('will it rain in london tomorrow', 'GetWeather', [['city', 'london']]),
    line('weather for berlin', 'GetWeather', [['city', 'berlin']]),
    line('what is the weather in paris', 'GetWeather', [['city', 'paris']]),
  ].join('\n'), 'train.jsonl');
  const bot = buildBotFromExamples(train);

  it('builds one intent per label with placeholder utterances and ORIGINAL_VALUE types', () => {
    const locale = bot.locales[0];
    const weather = locale?.intents.find((i) => i.name === 'GetWeather');
    expect(weather?.sampleUtterances).toEqual(['what is the weather in {city}', 'will it rain in {city} tomorrow', 'weather for {city}']);
    expect(weather?.slots.map((s) => [s.name, s.slotTypeName])).toEqual([['city', 'city_values']]);
    expect(locale?.slotTypes.find((t) => t.name === 'city_values')).toMatchObject({ resolutionStrategy: 'ORIGINAL_VALUE', values: [{ value: 'paris' }, { value: 'london' }, { value: 'berlin' }] });
    expect(locale?.intents.some((i) => i.parentIntentSignature === 'AMAZON.FallbackIntent')).toBe(true);
  });

  it('evaluates the engine trained as a bot loads', () => {
    const test = parseExamples([line('play jazz by miles davis', 'PlayMusic', [['genre', 'jazz'], ['artist', 'miles davis']]), line('what is the weather in rome', 'GetWeather', [['city', 'rome']])].join('\n'), 'test.jsonl');
    const predictions: string[] = [];
    const report = evaluateNlu(LocalConversationEngine.fromBot(bot), test, 12.3, { onPrediction: (p) => predictions.push(p.predictedIntent) });
    expect(report).toMatchObject({ intentAccuracy: 1, n: 2, trainMs: 12 });
    // Without test lines labelled with the fallback intent there is nothing to say of out-of-scope text.
    expect(Object.keys(report)).toEqual(['intentAccuracy', 'slotPrecision', 'slotRecall', 'slotF1', 'n', 'trainMs', 'p50Ms', 'p99Ms']);
    expect(report.slotRecall).toBeGreaterThan(0);
    expect(predictions).toEqual(['PlayMusic', 'GetWeather']);
  });

  it('keeps an utterance labelled with two intents in the one given most often, and says so with the lines', async () => {
    const conflicts: UtteranceConflict[] = [];
    const noisy = parseExamples([
      line('play songs by adele', 'PlayMusic', [['artist', 'adele']]),
      line('play songs by queen', 'AddToPlaylist', [['artist', 'queen']]),
      line('play songs by nina simone', 'PlayMusic', [['artist', 'nina simone']]),
      line('add queen to my gym playlist', 'AddToPlaylist', [['artist', 'queen'], ['playlist', 'gym']]),
      line('hello there', 'Greeting'),
      line('Hello there.', 'Goodbye'),
      line('bye for now', 'Goodbye'),
    ].join('\n'), 'noisy.jsonl');
    const built = buildBotFromExamples(noisy, { onConflict: (c) => conflicts.push(c) });
    const utterancesOf = (name: string) => built.locales[0]?.intents.find((i) => i.name === name)?.sampleUtterances;
    expect(utterancesOf('PlayMusic')).toEqual(['play songs by {artist}']);
    expect(utterancesOf('AddToPlaylist')).toEqual(['add {artist} to my {playlist} playlist']);
    // A tie goes to the label seen first; the case and the final full stop do not make a new utterance.
    expect(utterancesOf('Greeting')).toEqual(['hello there']);
    expect(utterancesOf('Goodbye')).toEqual(['bye for now']);
    expect(conflicts).toEqual([
      { utterance: 'play songs by {artist}', keptIntent: 'PlayMusic', labels: [{ intent: 'PlayMusic', count: 2, lines: [1, 3] }, { intent: 'AddToPlaylist', count: 1, lines: [2] }] },
      { utterance: 'hello there', keptIntent: 'Greeting', labels: [{ intent: 'Greeting', count: 1, lines: [5] }, { intent: 'Goodbye', count: 1, lines: [6] }] },
    ]);
    expect(describeUtteranceConflict(conflicts[0] as UtteranceConflict)).toBe(
      'sample utterance "play songs by {artist}" is labelled PlayMusic 2 times (lines 1, 3) and AddToPlaylist once (line 2); Lex takes an utterance in one intent only, so the bot keeps it in PlayMusic',
    );
    // Values of the dropped examples stay listed: "queen" is still an artist.
    expect(built.locales[0]?.slotTypes.find((t) => t.name === 'artist_values')?.values.map((v) => v.value)).toContain('queen');
  });

  it('warns about a conflicting label through nlu eval and still scores the bot, even an intent left without utterances', async () => {
    const { report, trainFile, warnings, predicted } = await evaluateLines([
      line('what is the weather in paris', 'GetWeather', [['city', 'paris']]),
      line('weather for berlin', 'GetWeather', [['city', 'berlin']]),
      line('what is the weather in rome', 'Lonely', [['city', 'rome']]),
      line('play jazz', 'PlayMusic', [['genre', 'jazz']]),
    ], [line('weather for rome', 'GetWeather', [['city', 'rome']]), line('what is the weather in rome', 'GetWeather', [['city', 'rome']])]);
    expect(warnings).toEqual([`${trainFile}: sample utterance "what is the weather in {city}" is labelled GetWeather once (line 1) and Lonely once (line 3); Lex takes an utterance in one intent only, so the bot keeps it in GetWeather`]);
    expect(predicted).toEqual(['GetWeather', 'GetWeather']);
    expect(report).toMatchObject({ n: 2, intentAccuracy: 1 });
  });

  it('leaves examples labelled FallbackIntent out of the bot, which keeps one fallback intent without utterances', () => {
    const reports: OutOfScopeExamples[] = [];
    const withOutOfScope = parseExamples([
      line('play jazz', 'PlayMusic', [['genre', 'jazz']]),
      line('turn off the kitchen lights', 'FallbackIntent'),
      line('what is the weather in paris', 'GetWeather', [['city', 'paris']]),
      line('tell me a joke about {slot} braces', 'FallbackIntent', [['topic', 'braces']]),
    ].join('\n'), 'train.jsonl');
    const built = buildBotFromExamples(withOutOfScope, { onOutOfScope: (r) => reports.push(r) });
    const intents = built.locales[0]?.intents ?? [];
    expect(intents.map((i) => [i.name, i.parentIntentSignature ?? null, i.sampleUtterances])).toEqual([
      ['PlayMusic', null, ['play {genre}']],
      ['GetWeather', null, ['what is the weather in {city}']],
      ['FallbackIntent', 'AMAZON.FallbackIntent', []],
    ]);
    // Nothing of an out-of-scope line reaches the bot, its slot values included.
    expect(built.locales[0]?.slotTypes.map((t) => t.name)).toEqual(['genre_values', 'city_values']);
    expect(reports).toEqual([{ count: 2, lines: [2, 4] }]);
    expect(describeOutOfScopeExamples(reports[0] as OutOfScopeExamples)).toBe(
      "2 examples are labelled FallbackIntent (lines 2, 4); Lex's fallback intent takes no sample utterances, so the bot leaves them out (in a test file the label means the utterance should fall back)",
    );
  });

  it('refuses, by line, a training line that cannot be a Lex sample utterance', () => {
    const braces = parseExamples([line('play jazz', 'PlayMusic', [['genre', 'jazz']]), line('play {rock} now', 'PlayMusic', [['genre', 'rock']])].join('\n'), 'train.jsonl');
    expect(errorOf(() => buildBotFromExamples(braces, { source: 'train.jsonl' }))).toEqual({
      code: 'PARLEY_NLU_EVAL_INVALID_LINE',
      message: 'train.jsonl:2: its text has "{" or "}" outside the slots, which a Lex sample utterance cannot hold',
    });
    // 30 characters of title become 7 of placeholder: the limit is the utterance's, not the text's.
    const title = 'x'.repeat(30);
    const long = parseExamples([line(`find ${'the '.repeat(121)}${title}`, 'Search', [['title', title]]), line(`find ${'the '.repeat(125)}${title}`, 'Search', [['title', title]])].join('\n'), 'train.jsonl');
    expect(errorOf(() => buildBotFromExamples(long, { source: 'train.jsonl' }))).toEqual({
      code: 'PARLEY_NLU_EVAL_INVALID_LINE',
      message: "train.jsonl:2: as a sample utterance it has 512 characters, over Lex's 500",
    });
  });

  it('refuses training lines that are all labelled FallbackIntent', () => {
    const onlyOutOfScope = parseExamples([line('turn off the lights', 'FallbackIntent'), line('tell me a joke', 'FallbackIntent')].join('\n'), 'train.jsonl');
    expect(errorOf(() => buildBotFromExamples(onlyOutOfScope))).toEqual({
      code: 'PARLEY_NLU_EVAL_NO_INTENTS',
      message: 'every example is labelled FallbackIntent: a bot needs at least one intent with sample utterances',
    });
  });

  /** Two intents, two training lines each, for the tests below to add to. */
  const playAndWeather = [
    line('play some jazz', 'PlayMusic', [['genre', 'jazz']]),
    line('play rock music', 'PlayMusic', [['genre', 'rock']]),
    line('what is the weather in paris', 'GetWeather', [['city', 'paris']]),
    line('weather in london today', 'GetWeather', [['city', 'london']]),
  ];

  it('scores out-of-scope test lines by whether they fell back, beside the in-scope accuracy', async () => {
    const { report, trainFile, warnings, predicted } = await evaluateLines([...playAndWeather, line('turn off the lights', 'FallbackIntent')], [
      line('play some blues', 'PlayMusic', [['genre', 'blues']]),
      line('weather in rome today', 'GetWeather', [['city', 'rome']]),
      line('open the garage door', 'FallbackIntent'),
      line('what is the weather in berlin', 'FallbackIntent'),
    ]);
    expect(warnings).toEqual([expect.stringContaining(`${trainFile}: 1 example is labelled FallbackIntent (line 5);`)]);
    // The garage door is nothing the bot knows; the weather in berlin is mislabelled on purpose and is taken as weather.
    expect(predicted).toEqual(['PlayMusic', 'GetWeather', 'FallbackIntent', 'GetWeather']);
    expect(report).toMatchObject({ n: 4, intentAccuracy: 0.75, outOfScopeN: 2, outOfScopeRecall: 0.5, inScopeAccuracy: 1 });
  });

  it("trains with the seed it is given, the engine's own (parley) by default, and refuses a blank one", async () => {
    const train = [...playAndWeather, line('put on some blues', 'PlayMusic', [['genre', 'blues']]), line('will it rain in rome', 'GetWeather', [['city', 'rome']])];
    const test = [
      line('play some funk', 'PlayMusic', [['genre', 'funk']]),
      line('weather in oslo', 'GetWeather', [['city', 'oslo']]),
      line('put on jazz in paris', 'PlayMusic', [['genre', 'jazz']]),
      line('is it raining', 'GetWeather'),
    ];
    const byDefault = await evaluateLines(train, test);
    expect((await evaluateLines(train, test, { seed: 'parley' })).confidences).toEqual(byDefault.confidences);
    // Another seed trains another engine: the same bot, other expansions, other scores.
    expect((await evaluateLines(train, test, { seed: 'another draw' })).confidences).not.toEqual(byDefault.confidences);
    await expect(evaluateLines(train, test, { seed: '  ' })).rejects.toThrow('--seed must be 1 to 100 characters, not blank');
  });

  it('trains on each sample utterance as often as the lines say it: the same engine as one trained on the repeats', async () => {
    const titles = ['heat', 'alien', 'vertigo', 'rocky', 'jaws', 'psycho', 'amelie', 'fargo', 'big', 'up'];
    const examples = parseExamples([
      ...titles.map((t) => line(`when is ${t} playing`, 'SearchScreeningEvent', [['movie_name', t]])),
      ...titles.slice(0, 3).map((t) => line(`find the novel ${t}`, 'SearchCreativeWork', [['object_name', t]])),
      line('when is emma playing', 'SearchCreativeWork', [['object_name', 'emma']]),
      line('is vertigo showing nearby', 'SearchScreeningEvent', [['movie_name', 'vertigo']]),
      line('show me the book dune', 'SearchCreativeWork', [['object_name', 'dune']]),
    ].join('\n'), 'train.jsonl');
    const counted = buildBotFromExamples(examples);
    const screening = counted.locales[0]?.intents.find((i) => i.name === 'SearchScreeningEvent');
    expect(screening?.sampleUtteranceCounts).toEqual([10, 1]);
    // What Lex cannot hold: each utterance written out as often as it was said.
    const repeated = structuredClone(counted);
    for (const intent of repeated.locales[0]?.intents ?? []) {
      intent.sampleUtterances = intent.sampleUtterances.flatMap((u, i) => Array<string>(intent.sampleUtteranceCounts?.[i] ?? 1).fill(u));
      delete intent.sampleUtteranceCounts;
    }
    const once = buildBotFromExamples(examples, { utteranceCounts: false });
    expect(once.locales[0]?.intents.some((i) => i.sampleUtteranceCounts !== undefined)).toBe(false);
    const texts = ['when is zorblax playing', 'find the novel zorblax', 'is heat showing nearby', 'when is dune playing'];
    const answers = (bot: typeof counted) => {
      const engine = LocalConversationEngine.fromBot(bot, { warmUpTurns: 0 });
      return texts.map((text, i) => engine.recognizeTextSync({ sessionId: `counts-${i}`, text }).interpretations);
    };
    const withCounts = answers(counted);
    expect(withCounts).toEqual(answers(repeated));
    expect(withCounts).not.toEqual(answers(once));
    await expect(evaluateFiles({ bot: 'bots/ParleyStore', test: 'unused.jsonl', utteranceCounts: false })).rejects.toThrow('--no-utterance-counts goes with --train');
  });

  it('marks the test lines phrased, slots aside, as sample utterances of several intents, and sums them up', async () => {
    const { shared } = await evaluateLines([
      line('when is heat playing', 'SearchScreeningEvent', [['movie_name', 'heat']]),
      line('is alien showing nearby', 'SearchScreeningEvent', [['movie_name', 'alien']]),
      line('when is emma playing', 'SearchCreativeWork', [['object_name', 'emma']]),
      line('find dune for me', 'SearchCreativeWork', [['object_name', 'dune']]),
    ], [
      line('when is the shining playing', 'SearchScreeningEvent', [['movie_name', 'the shining']]),
      line('find persuasion for me', 'SearchCreativeWork', [['object_name', 'persuasion']]),
      line('when is it playing', 'SearchScreeningEvent'),
    ]);
    expect(shared).toEqual([['SearchCreativeWork', 'SearchScreeningEvent'], undefined, undefined]);
    expect(describeSharedShapes({ total: 700, shared: 60, errors: 18, sharedErrors: 11 })).toBe(
      '60 of 700 test lines (8.6%) are phrased, slots aside, as sample utterances of two or more intents, where only slot values can tell the intents apart; 11 of the 18 intent errors are among them (`parley bot check` lists those sample utterances)',
    );
    expect(describeSharedShapes({ total: 700, shared: 0, errors: 18, sharedErrors: 0 })).toBeUndefined();
  });

  it("scores a bot built over Lex's default utterance quota as built, and says what Lex would need", async () => {
    const { report, warnings } = await evaluateLines([
      ...Array.from({ length: 1_501 }, (_, i) => line(`show order number ${i}`, 'OrderStatus')),
      ...['hello there', 'good morning', 'hi'].map((text) => line(text, 'Greeting')),
    ], [line('show order number 7', 'OrderStatus'), line('hello', 'Greeting')]);
    expect(report.n).toBe(2);
    expect(warnings).toEqual([expect.stringMatching(/^intent OrderStatus: 1,501 sample utterances per intent, over Lex's default quota of 1,500/)]);
  });
});
