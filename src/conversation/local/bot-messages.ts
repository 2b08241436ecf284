import type { JsonFileReader, JsonNode } from './bot-json-reader.js';
import type { BotMessage, MessageGroup, Prompt } from './bot-model.js';

/**
 * Message groups, prompts and responses as they appear in Intent.json and Slot.json. The real
 * export writes `messageGroupsList`; the doc page also shows `messageGroupList`.
 */
const MESSAGE_GROUP_KEYS = ['messageGroupsList', 'messageGroupList'] as const;
/** Lex limits: 1-5 message groups, at most 2 variations, message text up to 1000 chars. */
const MAX_GROUPS = 5;
const MAX_VARIATIONS = 2;
const MAX_MESSAGE_CHARS = 1000;
const MAX_RETRIES = 5;

export function readMessageGroups(r: JsonFileReader, owner: JsonNode, options: { required?: boolean } = {}): MessageGroup[] {
  const listNode = r.child(owner, ...MESSAGE_GROUP_KEYS);
  const items = r.array(listNode, options);
  if (items.length > MAX_GROUPS) r.error(listNode, `has ${items.length} message groups; Lex allows at most ${MAX_GROUPS}`);
  if (options.required === true && r.isPresent(listNode) && items.length === 0) r.error(listNode, 'needs at least one message group');
  const groups: MessageGroup[] = [];
  for (const item of items) {
    if (!r.object(item)) continue;
    const message = readMessage(r, r.child(item, 'message'), true);
    const variationNodes = r.array(r.child(item, 'variations'));
    if (variationNodes.length > MAX_VARIATIONS) {
      r.error(r.child(item, 'variations'), `has ${variationNodes.length} variations; Lex allows at most ${MAX_VARIATIONS}`);
    }
    const variations = variationNodes.map((v) => readMessage(r, v, false)).filter((m): m is BotMessage => m !== undefined);
    if (message !== undefined) groups.push({ message, variations });
  }
  return groups;
}

function readMessage(r: JsonFileReader, node: JsonNode, required: boolean): BotMessage | undefined {
  if (!r.object(node, { required })) return undefined;
  const message: BotMessage = {};
  const plainText = readText(r, r.child(r.child(node, 'plainTextMessage'), 'value'));
  const ssml = readText(r, r.child(r.child(node, 'ssmlMessage'), 'value'));
  if (plainText !== undefined) message.plainText = plainText;
  if (ssml !== undefined) message.ssml = ssml;
  const cardNode = r.child(node, 'imageResponseCard');
  if (r.object(cardNode)) {
    const card = readCard(r, cardNode);
    if (card !== undefined) message.card = card;
  }
  if (message.plainText === undefined && message.ssml === undefined && message.card === undefined) {
    if (r.isPresent(r.child(node, 'customPayload'))) {
      r.warning(node, 'custom payload messages are not played by the local engine');
    } else {
      r.error(node, 'message has no plainTextMessage, ssmlMessage or imageResponseCard');
    }
    return undefined;
  }
  return message;
}

function readText(r: JsonFileReader, node: JsonNode): string | undefined {
  const text = r.string(node);
  if (text === undefined) return undefined;
  if (text.length === 0 || text.length > MAX_MESSAGE_CHARS) {
    r.error(node, `message text must be 1-${MAX_MESSAGE_CHARS} characters (has ${text.length})`);
  }
  return text;
}

function readCard(r: JsonFileReader, node: JsonNode): BotMessage['card'] {
  const title = r.string(r.child(node, 'title'), { required: true });
  if (title === undefined) return undefined;
  const card: NonNullable<BotMessage['card']> = { title };
  const subtitle = r.string(r.child(node, 'subtitle'));
  const imageUrl = r.string(r.child(node, 'imageUrl'));
  if (subtitle !== undefined) card.subtitle = subtitle;
  if (imageUrl !== undefined) card.imageUrl = imageUrl;
  const buttons = r.array(r.child(node, 'buttons')).flatMap((b) => {
    const text = r.string(r.child(b, 'text'), { required: true });
    const value = r.string(r.child(b, 'value'), { required: true });
    return text === undefined || value === undefined ? [] : [{ text, value }];
  });
  if (buttons.length > 0) card.buttons = buttons;
  return card;
}

/** A PromptSpecification: message groups, maxRetries (0-5) and the selection strategy. */
export function readPrompt(r: JsonFileReader, node: JsonNode, options: { required?: boolean } = {}): Prompt | undefined {
  if (!r.object(node, options)) return undefined;
  const messageGroups = readMessageGroups(r, node, { required: true });
  const maxRetries = r.number(r.child(node, 'maxRetries'), { required: true, integer: true, min: 0, max: MAX_RETRIES });
  const selectionStrategy =
    r.oneOf(r.child(node, 'messageSelectionStrategy'), ['Random', 'Ordered'] as const, {
      aliases: { RANDOM: 'Random', ORDERED: 'Ordered' },
    }) ?? 'Random';
  if (messageGroups.length === 0 || maxRetries === undefined) return undefined;
  return { messageGroups, maxRetries, selectionStrategy };
}

/** A ResponseSpecification (closing, declination, initial response); undefined when absent or empty. */
export function readResponse(r: JsonFileReader, node: JsonNode): MessageGroup[] | undefined {
  if (!r.object(node)) return undefined;
  const groups = readMessageGroups(r, node);
  return groups.length > 0 ? groups : undefined;
}
