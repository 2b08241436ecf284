import type { Intent, Message, Slot } from '../conversation/port.js';

/** What a text client shows: the plain-text (or SSML-stripped) messages, in order. */
export function replyText(messages: Message[]): string {
  return messages
    .map((m) => (m.contentType === 'SSML' ? stripTags(m.content ?? '') : m.contentType === 'PlainText' ? m.content ?? '' : ''))
    .filter((text) => text.length > 0)
    .join(' ');
}

function stripTags(ssml: string): string {
  return ssml
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
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
