/**
 * The dialog manager's own bookkeeping (turn counter, retries per slot or confirmation), kept in
 * the session so that the engine stays stateless. sessionAttributes is Lex's only free-form
 * string map, so it lives there under a reserved prefix that callers' attributes never use.
 */
export const INTERNAL_PREFIX = 'x-parley:';
const KEY = `${INTERNAL_PREFIX}dialog`;

export interface InternalState {
  turn: number;
  /** Failed attempts per slot name, or per CONFIRMATION for the confirmation prompt. */
  retries: Record<string, number>;
}

export const CONFIRMATION_KEY = '@confirmation';

export function readInternal(attributes: Record<string, string> | undefined): InternalState {
  const raw = attributes?.[KEY];
  if (raw === undefined) return { turn: 0, retries: {} };
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return { turn: 0, retries: {} };
    const record = parsed as { turn?: unknown; retries?: unknown };
    const retries: Record<string, number> = {};
    if (typeof record.retries === 'object' && record.retries !== null) {
      for (const [k, v] of Object.entries(record.retries)) if (typeof v === 'number' && Number.isInteger(v) && v >= 0) retries[k] = v;
    }
    return { turn: typeof record.turn === 'number' && Number.isInteger(record.turn) ? record.turn : 0, retries };
  } catch {
    // A client that mangled the attribute gets a fresh count, not an error.
    return { turn: 0, retries: {} };
  }
}

/** The caller's attributes unchanged, plus the internal entry. */
export function writeInternal(attributes: Record<string, string> | undefined, state: InternalState): Record<string, string> {
  return { ...attributes, [KEY]: JSON.stringify(state) };
}

/** The caller's attributes without Parley's reserved keys. */
export function publicAttributes(attributes: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes ?? {})) if (!k.startsWith(INTERNAL_PREFIX)) out[k] = v;
  return out;
}
