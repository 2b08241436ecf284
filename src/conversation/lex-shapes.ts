/**
 * Lex V2 wire shapes (as the SDK returns them, or as JSON decoded from RecognizeUtterance's
 * headers) to the port's shapes, and back. The port already uses Lex's field names, so this only
 * fills the fields Lex marks required, drops what the port does not model (sentiment, runtime
 * hints, bot members) and turns unknown enum spellings into errors instead of passing them on.
 * The wire types are loose structural supersets of the SDK's, so this file needs no SDK import.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type {
  DialogAction,
  DialogActionType,
  ConfirmationState,
  ImageResponseCard,
  Intent,
  IntentState,
  Interpretation,
  Message,
  SessionState,
  Slot,
} from './port.js';
import { UpstreamError } from '../shared/errors.js';
import { LexErrorCode } from './lex-errors.js';

export interface WireValue {
  originalValue?: string | undefined;
  interpretedValue?: string | undefined;
  resolvedValues?: string[] | undefined;
}
export interface WireSlot {
  shape?: string | undefined;
  value?: WireValue | undefined;
  values?: WireSlot[] | undefined;
}
export interface WireIntent {
  name?: string | undefined;
  slots?: Record<string, WireSlot | null> | undefined;
  state?: string | undefined;
  confirmationState?: string | undefined;
}
export interface WireDialogAction {
  type?: string | undefined;
  slotToElicit?: string | undefined;
  slotElicitationStyle?: string | undefined;
}
export interface WireSessionState {
  dialogAction?: WireDialogAction | undefined;
  intent?: WireIntent | undefined;
  sessionAttributes?: Record<string, string> | undefined;
  originatingRequestId?: string | undefined;
}
export interface WireMessage {
  contentType?: string | undefined;
  content?: string | undefined;
  imageResponseCard?:
    | { title?: string | undefined; subtitle?: string | undefined; imageUrl?: string | undefined; buttons?: Array<{ text?: string | undefined; value?: string | undefined }> | undefined }
    | undefined;
}
export interface WireInterpretation {
  intent?: WireIntent | undefined;
  nluConfidence?: { score?: number | undefined } | undefined;
  interpretationSource?: string | undefined;
}

const DIALOG_ACTIONS: readonly DialogActionType[] = ['Close', 'ConfirmIntent', 'Delegate', 'ElicitIntent', 'ElicitSlot', 'None'];
const INTENT_STATES: readonly IntentState[] = ['Failed', 'Fulfilled', 'InProgress', 'ReadyForFulfillment', 'Waiting', 'FulfillmentInProgress'];
const CONFIRMATION_STATES: readonly ConfirmationState[] = ['Confirmed', 'Denied', 'None'];
const SHAPES: readonly NonNullable<Slot['shape']>[] = ['Scalar', 'List', 'Composite'];
const STYLES: readonly NonNullable<DialogAction['slotElicitationStyle']>[] = ['Default', 'SpellByLetter', 'SpellByWord'];
const CONTENT_TYPES: readonly Message['contentType'][] = ['PlainText', 'SSML', 'CustomPayload', 'ImageResponseCard'];

function badResponse(field: string, value: unknown): UpstreamError {
  return new UpstreamError(LexErrorCode.BadResponse, 'Lex answered in an unexpected way', {
    status: 502,
    retryable: false,
    details: { field, value: typeof value === 'string' ? value.slice(0, 40) : typeof value },
  });
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], field: string): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw badResponse(field, value);
}

/** Adds `key` only when the value is defined, so results compare equal to the local engine's. */
function put<T extends object>(target: T, key: keyof T & string, value: T[keyof T] | undefined): void {
  if (value !== undefined) (target as Record<string, unknown>)[key] = value;
}

export function toPortSlot(slot: WireSlot): Slot {
  const out: Slot = {};
  put(out, 'shape', oneOf(slot.shape, SHAPES, 'slot.shape'));
  const v = slot.value;
  if (v !== undefined) {
    out.value = {
      ...(v.originalValue === undefined ? {} : { originalValue: v.originalValue }),
      interpretedValue: v.interpretedValue ?? v.originalValue ?? '',
      ...(v.resolvedValues === undefined ? {} : { resolvedValues: v.resolvedValues }),
    };
  }
  if (slot.values !== undefined) out.values = slot.values.map(toPortSlot);
  return out;
}

export function toPortIntent(intent: WireIntent): Intent {
  const out: Intent = { name: intent.name ?? '' };
  if (intent.slots !== undefined) {
    const slots: Record<string, Slot | null> = {};
    for (const [name, slot] of Object.entries(intent.slots)) slots[name] = slot === null || slot === undefined ? null : toPortSlot(slot);
    out.slots = slots;
  }
  put(out, 'state', oneOf(intent.state, INTENT_STATES, 'intent.state'));
  put(out, 'confirmationState', oneOf(intent.confirmationState, CONFIRMATION_STATES, 'intent.confirmationState'));
  return out;
}

export function toPortSessionState(state: WireSessionState | undefined): SessionState {
  const out: SessionState = {};
  if (state === undefined) return out;
  if (state.dialogAction !== undefined) {
    const type = oneOf(state.dialogAction.type, DIALOG_ACTIONS, 'dialogAction.type');
    if (type === undefined) throw badResponse('dialogAction.type', undefined);
    const action: DialogAction = { type };
    put(action, 'slotToElicit', state.dialogAction.slotToElicit);
    put(action, 'slotElicitationStyle', oneOf(state.dialogAction.slotElicitationStyle, STYLES, 'dialogAction.slotElicitationStyle'));
    out.dialogAction = action;
  }
  if (state.intent !== undefined) out.intent = toPortIntent(state.intent);
  put(out, 'sessionAttributes', state.sessionAttributes);
  put(out, 'originatingRequestId', state.originatingRequestId);
  return out;
}

export function toPortMessages(messages: WireMessage[] | undefined): Message[] {
  return (messages ?? []).map((m) => {
    const contentType = oneOf(m.contentType, CONTENT_TYPES, 'message.contentType') ?? 'PlainText';
    const out: Message = { contentType };
    put(out, 'content', m.content);
    const card = m.imageResponseCard;
    if (card !== undefined) {
      const converted: ImageResponseCard = { title: card.title ?? '' };
      put(converted, 'subtitle', card.subtitle);
      put(converted, 'imageUrl', card.imageUrl);
      put(converted, 'buttons', card.buttons?.map((b) => ({ text: b.text ?? '', value: b.value ?? '' })));
      out.imageResponseCard = converted;
    }
    return out;
  });
}

export function toPortInterpretations(interpretations: WireInterpretation[] | undefined): Interpretation[] {
  return (interpretations ?? []).map((i) => {
    const out: Interpretation = { intent: toPortIntent(i.intent ?? {}) };
    if (i.nluConfidence?.score !== undefined) out.nluConfidence = { score: i.nluConfidence.score };
    put(out, 'interpretationSource', oneOf(i.interpretationSource, ['Lex', 'Bedrock'] as const, 'interpretationSource'));
    return out;
  });
}

/** RecognizeUtterance's header encoding, both ways: JSON, gzip, base64. */
export function encodeLexHeader(value: unknown): string {
  return gzipSync(Buffer.from(JSON.stringify(value), 'utf8')).toString('base64');
}

/** Decodes a gzip+base64 header; undefined stays undefined, garbage is a bad response. */
export function decodeLexHeader<T>(header: string | undefined, field: string): T | undefined {
  if (header === undefined || header === '') return undefined;
  try {
    return JSON.parse(gunzipSync(Buffer.from(header, 'base64')).toString('utf8')) as T;
  } catch {
    throw badResponse(field, 'undecodable header');
  }
}

/** The transcript header is gzip+base64 of a JSON string on Lex; tolerate plain text too. */
export function decodeLexTextHeader(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  try {
    const text = gunzipSync(Buffer.from(header, 'base64')).toString('utf8');
    return text.startsWith('"') ? (JSON.parse(text) as string) : text;
  } catch {
    return header;
  }
}
