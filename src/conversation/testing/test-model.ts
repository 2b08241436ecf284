/**
 * A conversation test file, as parsed: each conversation is a list of turns, each turn a user
 * utterance with what the bot is expected to do. Every part keeps the line it came from, so a
 * failure points at the file.
 */
import type { ConfirmationState, DialogActionType, IntentState } from '../port.js';

/** How a slot's interpreted value is checked. */
export type ValueMatcher =
  /** The slot must be unfilled. */
  | { kind: 'empty' }
  /** Exactly this interpreted value. */
  | { kind: 'equals'; value: string }
  /** The interpreted value matches this regular expression (unanchored; anchor it yourself). */
  | { kind: 'matches'; pattern: RegExp; source: string }
  /** An ISO date (YYYY-MM-DD) that falls on this weekday (0 = Sunday). */
  | { kind: 'weekday'; weekday: number; name: string }
  /** The ISO date `days` days after the test clock's date in the file's time zone. */
  | { kind: 'daysFromToday'; days: number }
  /** A multi-valued slot: exactly these values, in order. */
  | { kind: 'values'; values: ValueMatcher[] };

/** How the reply text (the engine's messages joined by a space) is checked. */
export type ReplyMatcher =
  | { kind: 'equals'; value: string }
  | { kind: 'contains'; value: string }
  | { kind: 'matches'; pattern: RegExp; source: string };

export interface TurnExpectation {
  intent?: string;
  state?: IntentState;
  confirmationState?: ConfirmationState;
  dialogAction?: DialogActionType;
  slotToElicit?: string;
  /** Only the slots named are checked. */
  slots?: Array<{ name: string; matcher: ValueMatcher; line: number }>;
  reply?: ReplyMatcher;
}

export interface TestTurn {
  user: string;
  expect: TurnExpectation;
  line: number;
  /** Lines of the expectation keys, for messages about the bot (unknown intent, slot). */
  lines: { intent?: number; slotToElicit?: number };
}

export interface TestConversation {
  name: string;
  turns: TestTurn[];
  line: number;
}

export interface ConversationTestFile {
  /** The path as given, for messages. */
  source: string;
  /** The instant the engine takes as now (fixed, so relative dates are deterministic). */
  clock: Date;
  /** IANA time zone of every request in the file. */
  timeZone: string;
  localeId?: string;
  conversations: TestConversation[];
}

/** One problem in a test file: where and what. */
export interface TestFileProblem {
  source: string;
  line: number;
  message: string;
}

export const DEFAULT_TEST_CLOCK = '2026-05-01T10:00:00Z';
export const DEFAULT_TEST_TIME_ZONE = 'UTC';
