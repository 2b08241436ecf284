import type { JsonFileReader, JsonNode } from './bot-json-reader.js';
import type { IntentDefinition } from './bot-model.js';
import { readPrompt, readResponse } from './bot-messages.js';
import { isLexName, MAX_UTTERANCE_CHARS } from './bot-names.js';
import type { LocatedSlot } from './bot-slot-parser.js';

/** A parsed Intent.json (with its slots) and where its parts came from. */
export interface LocatedIntent {
  def: IntentDefinition;
  file: string;
  /** JSON path of each entry of def.sampleUtterances. */
  utteranceFields: string[];
  slots: LocatedSlot[];
}

/** Reads one Intent.json; `slots` are its already-parsed Slots/<Slot>/Slot.json files. */
export function parseIntent(r: JsonFileReader, json: unknown, slots: LocatedSlot[]): LocatedIntent | undefined {
  const root = r.root(json);
  if (!r.object(root, { required: true })) return undefined;
  const nameNode = r.child(root, 'name');
  const name = r.string(nameNode, { required: true });
  if (name !== undefined && !isLexName(name)) r.error(nameNode, `"${name}" is not a valid Lex intent name`);
  const utterances = readUtterances(r, root);
  const ordered = applySlotPriorities(r, root, slots);
  const def: IntentDefinition = {
    name: name ?? '',
    sampleUtterances: utterances.map((u) => u.text),
    slots: ordered.map((s) => s.def),
    fulfillmentCodeHook: readCodeHookEnabled(r, r.child(root, 'fulfillmentCodeHook')),
  };
  const description = r.string(r.child(root, 'description'));
  const parent = r.string(r.child(root, 'parentIntentSignature'));
  if (description !== undefined) def.description = description;
  if (parent !== undefined) def.parentIntentSignature = parent;
  readResponses(r, root, def);
  if (name === undefined) return undefined;
  return { def, file: r.file, utteranceFields: utterances.map((u) => u.field), slots: ordered };
}

function readUtterances(r: JsonFileReader, root: JsonNode): Array<{ text: string; field: string }> {
  return r.array(r.child(root, 'sampleUtterances')).flatMap((item) => {
    const node = r.child(item, 'utterance');
    const text = r.string(node, { required: true });
    if (text === undefined) return [];
    if (text.trim().length === 0) r.error(node, 'utterance is empty');
    if (text.length > MAX_UTTERANCE_CHARS) r.error(node, `utterance is ${text.length} characters; Lex allows ${MAX_UTTERANCE_CHARS}`);
    return [{ text, field: node.path }];
  });
}

/** Initial, confirmation and closing responses; settings with `active: false` are ignored like Lex does. */
function readResponses(r: JsonFileReader, root: JsonNode, def: IntentDefinition): void {
  const initial = readResponse(r, r.child(r.child(root, 'initialResponseSetting'), 'initialResponse'));
  if (initial !== undefined) def.initialResponse = initial;

  const confirmation = r.child(root, 'intentConfirmationSetting');
  if (r.object(confirmation) && isActive(r, confirmation)) {
    // The API and current exports say promptSpecification; the doc's export example says confirmationPrompt.
    const prompt = readPrompt(r, r.child(confirmation, 'promptSpecification', 'confirmationPrompt'), { required: true });
    if (prompt !== undefined) {
      const declinationResponse = readResponse(r, r.child(confirmation, 'declinationResponse'));
      const failureResponse = readResponse(r, r.child(confirmation, 'failureResponse'));
      def.confirmation = { prompt };
      if (declinationResponse !== undefined) def.confirmation.declinationResponse = declinationResponse;
      if (failureResponse !== undefined) def.confirmation.failureResponse = failureResponse;
    }
  }

  const closing = r.child(root, 'intentClosingSetting');
  if (r.object(closing) && isActive(r, closing)) {
    const closingResponse = readResponse(r, r.child(closing, 'closingResponse'));
    if (closingResponse !== undefined) def.closingResponse = closingResponse;
  }
}

function isActive(r: JsonFileReader, setting: JsonNode): boolean {
  return r.boolean(r.child(setting, 'active')) ?? true;
}

/** Exports carry `enabled` plus `isActive` (the API calls it `active`); all must allow the hook. */
function readCodeHookEnabled(r: JsonFileReader, hook: JsonNode): boolean {
  if (!r.object(hook)) return false;
  const enabled = r.boolean(r.child(hook, 'enabled'), { required: true }) ?? false;
  const active = r.boolean(r.child(hook, 'isActive', 'active')) ?? true;
  return enabled && active;
}

/**
 * Orders slots by slotPriorities (export: slotName, API: slotId). Slots without a priority come
 * after the listed ones, in folder order, so the dialog manager's order is always total.
 */
function applySlotPriorities(r: JsonFileReader, root: JsonNode, slots: LocatedSlot[]): LocatedSlot[] {
  const assigned = new Map<LocatedSlot, number>();
  for (const item of r.array(r.child(root, 'slotPriorities'))) {
    const priority = r.number(r.child(item, 'priority'), { required: true, integer: true, min: 0 });
    const refNode = r.child(item, 'slotName', 'slotId');
    const ref = r.string(refNode, { required: true });
    if (priority === undefined || ref === undefined) continue;
    const slot = slots.find((s) => s.def.name === ref || s.identifier === ref);
    if (slot === undefined) r.error(refNode, `slot "${ref}" is not a slot of this intent`);
    else assigned.set(slot, priority);
  }
  const top = Math.max(-1, ...assigned.values());
  let next = top + 1;
  for (const slot of slots) {
    slot.def.priority = assigned.get(slot) ?? next++;
  }
  return [...slots].sort((a, b) => a.def.priority - b.def.priority);
}
