/**
 * Writes a bot definition as a Lex V2 export folder (Manifest.json, <Bot>/Bot.json,
 * BotLocales/<locale>/BotLocale.json, SlotTypes/, Intents/ with their Slots/): the layout that
 * `parley bot check` and `bot export` read and Lex's import takes. Reading the folder back gives
 * the same definition, intents and slot types in folder order. Settings the model does not carry
 * (prompt timeouts, obfuscation, contexts) are written as Lex's exports write them when unset.
 * Sample utterance counts, which Lex cannot hold, go in Parley's own file beside Intent.json.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ValidationError } from '../../shared/errors.js';
import type { BotDefinition, BotLocaleDefinition, BotMessage, IntentDefinition, MessageGroup, Prompt, SlotDefinition, SlotTypeDefinition } from './bot-model.js';
import { isLexName } from './bot-names.js';
import { UTTERANCE_COUNTS_FILE, utteranceCountsJson } from './utterance-counts.js';

const LOCALE_ID = /^[a-z]{2}_[A-Z]{2}$/;

/** The folder's files: path relative to the folder -> JSON text. */
export function botFolderFiles(bot: BotDefinition): Map<string, string> {
  checkNames(bot);
  const files = new Map<string, string>();
  const put = (file: string, json: unknown): void => void files.set(file, `${JSON.stringify(json, null, 2)}\n`);
  put('Manifest.json', { metaData: { schemaVersion: '1', fileFormat: 'LexJson', resourceType: 'BOT' } });
  put(`${bot.name}/Bot.json`, {
    name: bot.name,
    identifier: identifier(bot.name),
    version: 'DRAFT',
    description: bot.description ?? null,
    dataPrivacy: { childDirected: false },
    idleSessionTTLInSeconds: bot.idleSessionTtlSeconds,
    errorLogSettings: null,
  });
  for (const locale of bot.locales) {
    const dir = `${bot.name}/BotLocales/${locale.localeId}`;
    put(`${dir}/BotLocale.json`, localeJson(locale));
    for (const type of locale.slotTypes) put(`${dir}/SlotTypes/${type.name}/SlotType.json`, slotTypeJson(type, `${dir}/${type.name}`));
    for (const intent of locale.intents) {
      put(`${dir}/Intents/${intent.name}/Intent.json`, intentJson(intent, `${dir}/${intent.name}`));
      const counts = utteranceCountsJson(intent);
      if (counts !== undefined) put(`${dir}/Intents/${intent.name}/${UTTERANCE_COUNTS_FILE}`, counts);
      for (const slot of intent.slots) put(`${dir}/Intents/${intent.name}/Slots/${slot.name}/Slot.json`, slotJson(slot, `${dir}/${intent.name}/${slot.name}`));
    }
  }
  return files;
}

/**
 * Writes the folder into `dir`, which must be missing or empty: a bot folder written over another
 * would keep the other's intents that this one does not have. Returns the files written.
 */
export async function writeBotFolder(bot: BotDefinition, dir: string): Promise<string[]> {
  const files = botFolderFiles(bot);
  const existing = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (existing.length > 0) throw new ValidationError('PARLEY_BOT_OUTPUT_NOT_EMPTY', `${dir} is not empty; write the bot into a new or empty folder`);
  for (const [file, text] of files) {
    const target = path.join(dir, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text);
  }
  return [...files.keys()];
}

/** Names become folder names: only Lex names (and locale ids) get that far. */
function checkNames(bot: BotDefinition): void {
  const bad = (what: string, name: string): never => {
    throw new ValidationError('PARLEY_BOT_INVALID', `${what} "${name}" is not a Lex name; the bot cannot be written as a Lex export`);
  };
  if (!isLexName(bot.name)) bad('bot name', bot.name);
  for (const locale of bot.locales) {
    if (!LOCALE_ID.test(locale.localeId)) bad('locale id', locale.localeId);
    for (const type of locale.slotTypes) if (!isLexName(type.name)) bad('slot type name', type.name);
    for (const intent of locale.intents) {
      if (!isLexName(intent.name)) bad('intent name', intent.name);
      for (const slot of intent.slots) if (!isLexName(slot.name)) bad('slot name', slot.name);
    }
  }
}

/** A 10-character id as exports carry, derived from the resource's path so a rewrite gives the same. */
function identifier(key: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return [...createHash('sha256').update(key).digest().subarray(0, 10)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

function localeJson(locale: BotLocaleDefinition): unknown {
  return {
    name: locale.name ?? locale.localeId,
    identifier: locale.localeId,
    version: null,
    description: null,
    voiceSettings: locale.voice ? { voiceId: locale.voice.voiceId, engine: locale.voice.engine ?? null } : null,
    nluConfidenceThreshold: locale.nluConfidenceThreshold,
  };
}

function slotTypeJson(type: SlotTypeDefinition, key: string): unknown {
  return {
    name: type.name,
    identifier: identifier(key),
    description: type.description ?? null,
    slotTypeValues: type.values.length === 0 ? null : type.values.map((v) => ({
      sampleValue: { value: v.value },
      synonyms: v.synonyms.length === 0 ? null : v.synonyms.map((value) => ({ value })),
    })),
    parentSlotTypeSignature: type.parentSlotTypeSignature ?? null,
    valueSelectionSetting: {
      resolutionStrategy: type.resolutionStrategy,
      advancedRecognitionSetting: null,
      regexFilter: type.regexPattern === undefined ? null : { pattern: type.regexPattern },
    },
  };
}

function intentJson(intent: IntentDefinition, key: string): unknown {
  return {
    name: intent.name,
    identifier: identifier(key),
    description: intent.description ?? null,
    parentIntentSignature: intent.parentIntentSignature ?? null,
    sampleUtterances: intent.sampleUtterances.length === 0 ? null : intent.sampleUtterances.map((utterance) => ({ utterance })),
    intentConfirmationSetting: intent.confirmation ? {
      promptSpecification: promptJson(intent.confirmation.prompt),
      declinationResponse: responseJson(intent.confirmation.declinationResponse),
      failureResponse: responseJson(intent.confirmation.failureResponse),
      active: true,
    } : null,
    intentClosingSetting: intent.closingResponse ? { closingResponse: responseJson(intent.closingResponse), active: true, nextStep: null, conditional: null } : null,
    initialResponseSetting: intent.initialResponse ? { initialResponse: responseJson(intent.initialResponse) } : null,
    inputContexts: null,
    outputContexts: null,
    kendraConfiguration: null,
    dialogCodeHook: { enabled: false },
    fulfillmentCodeHook: intent.fulfillmentCodeHook
      ? { isActive: true, enabled: true, postFulfillmentStatusSpecification: null, fulfillmentUpdatesSpecification: null }
      : null,
    slotPriorities: intent.slots.map((slot) => ({ priority: slot.priority, slotName: slot.name })),
  };
}

function slotJson(slot: SlotDefinition, key: string): unknown {
  return {
    name: slot.name,
    identifier: identifier(key),
    description: null,
    slotTypeName: slot.slotTypeName,
    obfuscationSetting: null,
    multipleValuesSetting: slot.allowMultipleValues ? { allowMultipleValues: true } : null,
    valueElicitationSetting: {
      slotConstraint: slot.required ? 'Required' : 'Optional',
      promptSpecification: slot.prompt ? promptJson(slot.prompt) : null,
      sampleUtterances: slot.sampleUtterances.length === 0 ? null : slot.sampleUtterances.map((utterance) => ({ utterance })),
      slotCaptureSetting: slot.failureResponse ? { failureResponse: responseJson(slot.failureResponse) } : null,
      defaultValueSpecification: null,
      waitAndContinueSpecification: null,
    },
  };
}

function promptJson(prompt: Prompt): unknown {
  return { messageGroupsList: prompt.messageGroups.map(groupJson), maxRetries: prompt.maxRetries, allowInterrupt: true, messageSelectionStrategy: prompt.selectionStrategy };
}

function responseJson(groups: MessageGroup[] | undefined): unknown {
  return groups === undefined ? null : { messageGroupsList: groups.map(groupJson), allowInterrupt: true };
}

function groupJson(group: MessageGroup): unknown {
  return { message: messageJson(group.message), variations: group.variations.length === 0 ? null : group.variations.map(messageJson) };
}

function messageJson(message: BotMessage): unknown {
  return {
    plainTextMessage: message.plainText === undefined ? null : { value: message.plainText },
    ssmlMessage: message.ssml === undefined ? null : { value: message.ssml },
    customPayload: null,
    imageResponseCard: message.card === undefined ? null : {
      title: message.card.title,
      subtitle: message.card.subtitle ?? null,
      imageUrl: message.card.imageUrl ?? null,
      buttons: message.card.buttons ?? null,
    },
  };
}
