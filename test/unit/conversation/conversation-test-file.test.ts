/** The conversation test file format: what it accepts, every problem with its line, and the checks of a turn. */
import { describe, expect, it } from 'vitest';
import { ConversationTestFileError, parseConversationTestFile } from '../../../src/conversation/testing/index.js';
import { checkTurn, type TurnOutcome } from '../../../src/conversation/testing/turn-checks.js';

function problems(text: string): string[] {
  try {
    parseConversationTestFile(text, 't.yaml');
  } catch (error) {
    if (error instanceof ConversationTestFileError) {
      expect(error.code).toBe('PARLEY_CONVERSATION_TEST_INVALID');
      return error.problems.map((p) => `${p.line}: ${p.message}`);
    }
    throw error;
  }
  return [];
}

const OUTCOME: TurnOutcome = {
  intent: 'BookFitting',
  state: 'InProgress',
  confirmationState: 'None',
  dialogAction: 'ConfirmIntent',
  slotToElicit: null,
  slots: { FittingDate: ['2026-05-08'], FittingTime: ['15:00'], Colours: ['red', 'blue'], Note: null },
  reply: 'So that is a fitting on 2026-05-08 at 15:00. Shall I book it?',
};
const CONTEXT = { clock: new Date('2026-05-01T02:00:00Z'), timeZone: 'America/Los_Angeles' };

function expectationsOf(yamlTurn: string): Parameters<typeof checkTurn>[0] {
  const file = parseConversationTestFile(`conversations:\n  - name: c\n    turns:\n      - user: x\n${yamlTurn}`, 't.yaml');
  return file.conversations[0]?.turns[0]?.expect ?? {};
}

describe('conversation test files', () => {
  it('reads the clock, time zone, locale, turns and every kind of matcher with their lines', () => {
    const file = parseConversationTestFile(
      [
        'clock: 2026-05-01T02:00:00Z',
        'timeZone: America/Los_Angeles',
        'locale: en_US',
        'conversations:',
        '  - name: booking',
        '    turns:',
        '      - user: book a fitting next friday at 3pm',
        '        intent: BookFitting',
        '        state: InProgress',
        '        dialogAction: ConfirmIntent',
        '        slots:',
        '          FittingDate: { weekday: friday }',
        '          FittingTime: "15:00"',
        '          Note: null',
        '          Colours: [red, { matches: "^bl" }]',
        '        reply: { matches: "/shall i book/i" }',
        '',
      ].join('\n'),
      't.yaml',
    );
    expect(file.clock.toISOString()).toBe('2026-05-01T02:00:00.000Z');
    expect(file).toMatchObject({ timeZone: 'America/Los_Angeles', localeId: 'en_US' });
    const turn = file.conversations[0]?.turns[0];
    expect(turn?.line).toBe(7);
    expect(turn?.expect.slots?.map((s) => [s.name, s.matcher.kind, s.line])).toEqual([
      ['FittingDate', 'weekday', 12],
      ['FittingTime', 'equals', 13],
      ['Note', 'empty', 14],
      ['Colours', 'values', 15],
    ]);
    expect(checkTurn(turn?.expect ?? {}, OUTCOME, CONTEXT)).toEqual([]);
  });

  it('reports every problem of a file at once, each with its line', () => {
    const found = problems(
      [
        'clock: yesterday',
        'timeZone: Mars/Olympus',
        'conversations:',
        '  - name: one',
        '    turns:',
        '      - user: hi',
        '        state: Done',
        '        slots:',
        '          A: { weekday: funday }',
        '          B: { daysFromToday: 1.5 }',
        '          C: { matches: "(" }',
        '          D: { near: 3 }',
        '        reply: { contains: a, b }',
        '      - intent: Greeting',
        '  - name: one',
        '    turns: []',
        '',
      ].join('\n'),
    );
    expect(found).toEqual([
      expect.stringMatching(/^1: clock must be an ISO 8601 instant/),
      expect.stringMatching(/^2: timeZone must be an IANA time zone name/),
      expect.stringMatching(/^7: state must be one of Failed, Fulfilled/),
      expect.stringMatching(/^9: slot A weekday must be a day name/),
      expect.stringMatching(/^10: slot B daysFromToday must be a whole number/),
      expect.stringMatching(/^11: slot C matches is not a valid regular expression/),
      expect.stringMatching(/^12: slot D: unknown matcher "near"/),
      expect.stringMatching(/^13: reply must be a string \(exact text\) or a mapping/),
      expect.stringMatching(/^14: a turn needs "user"/),
      expect.stringMatching(/^16: conversation "one" needs a non-empty "turns" list/),
    ]);
  });

  it('reports YAML syntax errors, a wrong top level and unknown keys with lines', () => {
    expect(problems('conversations:\n  - name: x\n    turns: [\n')).toEqual([expect.stringMatching(/^\d+: YAML: /)]);
    expect(problems('- just a list\n')).toEqual(['1: the file must be a mapping with a "conversations" list']);
    expect(problems('conversation:\n  - name: x\n')).toEqual([
      expect.stringMatching(/^1: unknown key "conversation" in the file/),
      expect.stringMatching(/^1: "conversations" must be a non-empty list/),
    ]);
    expect(problems('conversations:\n  - name: x\n    turns:\n      - user: hi\n        intnet: Greeting\n')).toEqual([
      expect.stringMatching(/^5: unknown key "intnet" in a turn/),
    ]);
  });

  it('checks each expectation and says what was expected and what came', () => {
    const mismatches = checkTurn(
      expectationsOf(
        [
          '        intent: OrderStatus',
          '        confirmationState: Confirmed',
          '        slots:',
          '          FittingDate: { daysFromToday: 1 }',
          '          FittingTime: { weekday: Friday }',
          '          Colours: [red]',
          '          Note: something',
          '        reply: So that is all.',
          '',
        ].join('\n'),
      ),
      OUTCOME,
      CONTEXT,
    );
    expect(mismatches).toEqual([
      { field: 'intent', expected: '"OrderStatus"', actual: '"BookFitting"' },
      { field: 'confirmationState', expected: '"Confirmed"', actual: '"None"' },
      // The clock is Thursday 30 April in Los Angeles, so one day from today is 1 May.
      { field: 'slots.FittingDate', expected: '"2026-05-01" (1 day(s) from the clock\'s date)', actual: '"2026-05-08"' },
      { field: 'slots.FittingTime', expected: 'a date (YYYY-MM-DD) on a Friday', actual: '"15:00"' },
      { field: 'slots.Colours', expected: 'the values ["red"]', actual: 'the values ["red", "blue"]' },
      { field: 'slots.Note', expected: '"something"', actual: 'no value' },
      { field: 'reply', expected: '"So that is all."', actual: '"So that is a fitting on 2026-05-08 at 15:00. Shall I book it?"' },
    ]);
    expect(checkTurn(expectationsOf('        slots:\n          FittingDate: { daysFromToday: 8 }\n        reply: { contains: Shall I }\n'), OUTCOME, CONTEXT)).toEqual([]);
    // reply: "" expects no message at all.
    expect(checkTurn(expectationsOf('        reply: ""\n'), { ...OUTCOME, reply: '' }, CONTEXT)).toEqual([]);
    expect(checkTurn(expectationsOf('        reply: ""\n'), OUTCOME, CONTEXT)).toEqual([{ field: 'reply', expected: '""', actual: JSON.stringify(OUTCOME.reply) }]);
  });
});
