import { ValidationError } from '../../shared/errors.js';
import { MAX_ACTIONS } from '../defaults.js';
import { BanditErrorCode } from '../errors.js';
import type { LoggedExample } from '../port.js';
import { validateActions } from '../validate.js';

function logError(line: number, message: string, cause?: unknown): ValidationError {
  return new ValidationError(BanditErrorCode.logInvalid, `log line ${line}: ${message}`, { details: { line }, cause });
}

/**
 * Parses one JSONL line {"context", "actions", "chosen", "probability", "reward"}. Every defect is
 * PARLEY_BANDIT_LOG_INVALID naming the line, so a bad log fails loudly instead of skewing estimates.
 */
export function parseLogLine(text: string, line: number): LoggedExample {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw logError(line, 'not valid JSON', error);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw logError(line, 'must be a JSON object');
  const record = value as Record<string, unknown>;
  const { context, actions, chosen, probability, reward } = record;
  if (!Array.isArray(context)) throw logError(line, 'context must be a list of feature objects');
  try {
    validateActions(actions as LoggedExample['actions'], MAX_ACTIONS);
  } catch (error) {
    throw logError(line, error instanceof Error ? error.message : 'actions are invalid', error);
  }
  const list = actions as LoggedExample['actions'];
  if (typeof chosen !== 'string' || !list.some((a) => a.id === chosen)) throw logError(line, 'chosen must be the id of one of the actions');
  if (probability === undefined) throw logError(line, 'probability is missing');
  if (typeof probability !== 'number' || !(probability > 0 && probability <= 1)) throw logError(line, 'probability must be a number in (0, 1]');
  if (typeof reward !== 'number' || !Number.isFinite(reward)) throw logError(line, 'reward must be a finite number');
  return { context: context as LoggedExample['context'], actions: list, chosen, probability, reward };
}

/** Parses a whole JSONL text (blank lines skipped). */
export function parseLog(text: string): LoggedExample[] {
  const out: LoggedExample[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim().length > 0) out.push(parseLogLine(raw, i + 1));
  });
  return out;
}
