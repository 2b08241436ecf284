import type { Intent, Message, Slot } from '../conversation/port.js';
import { parseSsml, textOf } from '../speech/index.js';

/** What a text client shows: the plain-text (or SSML-stripped) messages, in order. */
export function replyText(messages: Message[]): string {
  return messages
    .map((m) => (m.contentType === 'SSML' ? stripTags(m.content ?? '') : m.contentType === 'PlainText' ? m.content ?? '' : ''))
    .filter((text) => text.length > 0)
    .join(' ');
}

/** The words of an SSML message, read with the speech area's XML parser (entities decoded). */
function stripTags(ssml: string): string {
  const parsed = parseSsml(ssml);
  // Malformed SSML is shown as written rather than dropped: the customer still reads the reply.
  return (parsed.ok ? textOf(parsed.root) : ssml).replace(/\s+/g, ' ').trim();
}

/** Slot name -> interpreted value; list slots join their values with ', '. */
export function flattenSlots(intent: Intent | undefined): Record<string, string | null> {
  const flat: Record<string, string | null> = {};
  for (const [name, slot] of Object.entries(intent?.slots ?? {})) flat[name] = slotValue(slot);
  return flat;
}

function slotValue(slot: Slot | null): string | null {
  if (slot === null) return null;
  if (slot.values !== undefined && slot.values.length > 0) {
    const values = slot.values.map(slotValue).filter((v): v is string => v !== null);
    return values.length > 0 ? values.join(', ') : null;
  }
  return slot.value?.interpretedValue ?? null;
}
