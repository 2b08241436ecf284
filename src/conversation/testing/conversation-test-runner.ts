/**
 * Runs conversation test files against one or more engines. Each conversation is a new session
 * per engine, its turns sent in order with the session state the engine returned; every turn is
 * checked against its expectations on every engine, and with two engines (local and Lex) each
 * turn's answers are also compared with each other.
 */
import { isParleyError } from '../../shared/errors.js';
import type { ConversationEngine, RecognizeTextResponse, SessionState } from '../port.js';
import type { BotDefinition } from '../local/bot-model.js';
import { ConversationTestFileError } from './test-file-parser.js';
import type { ConversationTestFile, TestFileProblem } from './test-model.js';
import { checkTurn, compareOutcomes, outcomeOf, type Mismatch, type TurnOutcome } from './turn-checks.js';

export interface EngineUnderTest {
  /** e.g. "local", "lex": names the engine in the report. */
  name: string;
  engine: ConversationEngine;
}

export interface RunOptions {
  engines: EngineUnderTest[];
  /** Called before each file with its clock, so a local engine answers as of that instant. */
  setClock?: (now: Date) => void;
  /** Prefix of the session ids, so runs against a shared Lex bot do not meet. */
  sessionPrefix?: string;
}

export interface TurnReport {
  index: number;
  line: number;
  user: string;
  /** Per engine: what it answered (null when it threw) and what did not match. */
  results: Array<{ engine: string; outcome: TurnOutcome | null; mismatches: Mismatch[]; error?: string }>;
  /** Fields where the engines' answers differ (two or more engines only). */
  disagreements: Array<{ field: string; values: Record<string, string> }>;
}

export interface ConversationReport {
  name: string;
  line: number;
  passed: boolean;
  turns: TurnReport[];
}

export interface FileReport {
  source: string;
  conversations: ConversationReport[];
}

export interface RunReport {
  engines: string[];
  files: FileReport[];
  conversations: number;
  turns: number;
  failedConversations: number;
  /** Turns where at least one expectation failed on some engine. */
  failedTurns: number;
  /** Turns where two engines answered differently. */
  disagreeingTurns: number;
  passed: boolean;
}

/**
 * Problems a file has with the bot it runs against: intents, slots and locales the bot does not
 * have. Found before any turn runs, with the lines that name them.
 */
export function checkFileAgainstBot(file: ConversationTestFile, bot: BotDefinition): TestFileProblem[] {
  const problems: TestFileProblem[] = [];
  const locale = file.localeId === undefined ? bot.locales[0] : bot.locales.find((l) => l.localeId === file.localeId);
  if (!locale) return [{ source: file.source, line: 1, message: `the bot has no locale ${file.localeId ?? ''}`.trim() }];
  const intents = new Map(locale.intents.map((i) => [i.name, i]));
  for (const conversation of file.conversations) {
    for (const turn of conversation.turns) {
      const name = turn.expect.intent;
      const intent = name === undefined ? undefined : intents.get(name);
      if (name !== undefined && !intent) problems.push({ source: file.source, line: turn.lines.intent ?? turn.line, message: `intent "${name}" is not an intent of bot ${bot.name} (${[...intents.keys()].join(', ')})` });
      const slotNames = new Set((intent ? [intent] : [...intents.values()]).flatMap((i) => i.slots.map((s) => s.name)));
      for (const slot of turn.expect.slots ?? []) {
        if (!slotNames.has(slot.name)) problems.push({ source: file.source, line: slot.line, message: `slot "${slot.name}" is not a slot of ${intent ? `intent ${intent.name}` : `bot ${bot.name}`}` });
      }
      const elicit = turn.expect.slotToElicit;
      if (elicit !== undefined && !slotNames.has(elicit)) problems.push({ source: file.source, line: turn.lines.slotToElicit ?? turn.line, message: `slotToElicit "${elicit}" is not a slot of ${intent ? `intent ${intent.name}` : `bot ${bot.name}`}` });
    }
  }
  return problems;
}

/** Throws ConversationTestFileError when any file names what the bot does not have. */
export function assertFilesFitBot(files: readonly ConversationTestFile[], bot: BotDefinition): void {
  const problems = files.flatMap((f) => checkFileAgainstBot(f, bot));
  if (problems.length > 0) throw new ConversationTestFileError(problems);
}

export async function runConversationTests(files: readonly ConversationTestFile[], options: RunOptions): Promise<RunReport> {
  // Deterministic by default: the local engine's message variations follow the session id.
  const prefix = options.sessionPrefix ?? 'ptest';
  const reports: FileReport[] = [];
  let sessionCounter = 0;
  for (const file of files) {
    options.setClock?.(file.clock);
    const conversations: ConversationReport[] = [];
    for (const conversation of file.conversations) {
      sessionCounter += 1;
      const sessionId = `${prefix}-${sessionCounter}`;
      const states = new Map<string, SessionState | undefined>();
      const broken = new Set<string>();
      const turns: TurnReport[] = [];
      for (const [index, turn] of conversation.turns.entries()) {
        const results: TurnReport['results'] = [];
        for (const { name, engine } of options.engines) {
          if (broken.has(name)) {
            results.push({ engine: name, outcome: null, mismatches: [], error: 'skipped: an earlier turn failed with an error' });
            continue;
          }
          const answered = await ask(engine, {
            sessionId,
            text: turn.user,
            timeZone: file.timeZone,
            sessionState: states.get(name),
            localeId: file.localeId,
          });
          if ('error' in answered) {
            broken.add(name);
            results.push({ engine: name, outcome: null, mismatches: [], error: answered.error });
            continue;
          }
          states.set(name, answered.response.sessionState);
          const outcome = outcomeOf(answered.response);
          results.push({ engine: name, outcome, mismatches: checkTurn(turn.expect, outcome, { clock: file.clock, timeZone: file.timeZone }) });
        }
        turns.push({ index: index + 1, line: turn.line, user: turn.user, results, disagreements: disagreements(results) });
      }
      const passed = turns.every((t) => t.results.every((r) => r.mismatches.length === 0 && r.error === undefined) && t.disagreements.length === 0);
      conversations.push({ name: conversation.name, line: conversation.line, passed, turns });
    }
    reports.push({ source: file.source, conversations });
  }
  return summarize(options.engines.map((e) => e.name), reports);
}

async function ask(
  engine: ConversationEngine,
  request: { sessionId: string; text: string; timeZone: string; sessionState: SessionState | undefined; localeId: string | undefined },
): Promise<{ response: RecognizeTextResponse } | { error: string }> {
  try {
    const response = await engine.recognizeText({
      sessionId: request.sessionId,
      text: request.text,
      timeZone: request.timeZone,
      ...(request.sessionState === undefined ? {} : { sessionState: request.sessionState }),
      ...(request.localeId === undefined ? {} : { localeId: request.localeId }),
    });
    return { response };
  } catch (error) {
    const code = isParleyError(error) ? error.code : 'PARLEY_INTERNAL';
    return { error: `${code}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function disagreements(results: TurnReport['results']): TurnReport['disagreements'] {
  const answered = results.filter((r): r is typeof r & { outcome: TurnOutcome } => r.outcome !== null);
  if (answered.length < 2) return [];
  const first = answered[0] as (typeof answered)[number];
  const byField = new Map<string, Record<string, string>>();
  for (const other of answered.slice(1)) {
    for (const diff of compareOutcomes(first.outcome, other.outcome)) {
      const values = byField.get(diff.field) ?? { [first.engine]: diff.a };
      values[other.engine] = diff.b;
      byField.set(diff.field, values);
    }
  }
  return [...byField].map(([field, values]) => ({ field, values }));
}

function summarize(engines: string[], files: FileReport[]): RunReport {
  const conversations = files.flatMap((f) => f.conversations);
  const turns = conversations.flatMap((c) => c.turns);
  const failedTurns = turns.filter((t) => t.results.some((r) => r.mismatches.length > 0 || r.error !== undefined)).length;
  const disagreeingTurns = turns.filter((t) => t.disagreements.length > 0).length;
  const failedConversations = conversations.filter((c) => !c.passed).length;
  return {
    engines,
    files,
    conversations: conversations.length,
    turns: turns.length,
    failedConversations,
    failedTurns,
    disagreeingTurns,
    passed: failedConversations === 0,
  };
}
