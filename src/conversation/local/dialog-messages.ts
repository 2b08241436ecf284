/**
 * Turns message groups into Lex messages: one message per group, the variation chosen
 * deterministically (seeded by session and turn) so a replayed turn says the same thing.
 * {Slot} placeholders take the slot's interpreted value; [attribute] takes a session attribute.
 */
import type { MessageGroup, Prompt, BotMessage } from './bot-model.js';
import type { Message, Slot } from '../port.js';
import { SeededRandom } from './seeded-random.js';

export interface MessageContext {
  slots: Record<string, Slot | null | undefined>;
  sessionAttributes: Record<string, string>;
  /** Seed for the choice among variations. */
  seed: string;
}

export function renderGroups(groups: readonly MessageGroup[] | undefined, context: MessageContext): Message[] {
  if (!groups) return [];
  const random = new SeededRandom(context.seed);
  return groups.flatMap((group) => toMessages(random.pick([group.message, ...group.variations]), context));
}

/** A prompt on its attempt-th try: Ordered walks the variations, Random picks one. */
export function renderPrompt(prompt: Prompt, attempt: number, context: MessageContext): Message[] {
  const random = new SeededRandom(context.seed);
  return prompt.messageGroups.flatMap((group) => {
    const options = [group.message, ...group.variations];
    const message = prompt.selectionStrategy === 'Ordered' ? options[attempt % options.length] : random.pick(options);
    return message ? toMessages(message, context) : [];
  });
}

export function plainText(content: string): Message {
  return { contentType: 'PlainText', content };
}

function toMessages(message: BotMessage, context: MessageContext): Message[] {
  const out: Message[] = [];
  if (message.plainText !== undefined) out.push(plainText(substitute(message.plainText, context)));
  else if (message.ssml !== undefined) out.push({ contentType: 'SSML', content: substitute(message.ssml, context) });
  if (message.card) {
    const card = message.card;
    out.push({
      contentType: 'ImageResponseCard',
      imageResponseCard: {
        title: substitute(card.title, context),
        ...(card.subtitle === undefined ? {} : { subtitle: substitute(card.subtitle, context) }),
        ...(card.imageUrl === undefined ? {} : { imageUrl: card.imageUrl }),
        ...(card.buttons === undefined ? {} : { buttons: card.buttons }),
      },
    });
  }
  return out;
}

export function substitute(template: string, context: Pick<MessageContext, 'slots' | 'sessionAttributes'>): string {
  return template
    .replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => context.slots[name]?.value?.interpretedValue ?? whole)
    .replace(/\[([A-Za-z0-9_.:-]+)\]/g, (whole, name: string) => context.sessionAttributes[name] ?? whole);
}
