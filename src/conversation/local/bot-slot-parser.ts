import type { JsonFileReader, JsonNode } from './bot-json-reader.js';
import type { SlotDefinition } from './bot-model.js';
import { readPrompt, readResponse } from './bot-messages.js';
import { isLexName, MAX_UTTERANCE_CHARS } from './bot-names.js';

/** A parsed Slot.json with where its parts came from, for the cross-file checks. */
export interface LocatedSlot {
  def: SlotDefinition;
  file: string;
  identifier: string | undefined;
  /** JSON path of slotTypeName. */
  slotTypeField: string;
  /** JSON path of each entry of def.sampleUtterances. */
  utteranceFields: string[];
}

/**
 * Reads one Slot.json in either spelling: the real export's `valueElicitationSetting` with
 * `slotConstraint` inside, or the doc's `slotValueElicitationSetting` with `slotConstraint` beside
 * it. Priority is filled in later from the intent's slotPriorities.
 */
export function parseSlot(r: JsonFileReader, json: unknown): LocatedSlot | undefined {
  const root = r.root(json);
  if (!r.object(root, { required: true })) return undefined;
  const nameNode = r.child(root, 'name');
  const name = r.string(nameNode, { required: true });
  if (name !== undefined && !isLexName(name)) r.error(nameNode, `"${name}" is not a valid Lex slot name`);
  const typeNode = r.child(root, 'slotTypeName');
  const slotTypeName = r.string(typeNode, { required: true });
  const elicitation = r.child(root, 'valueElicitationSetting', 'slotValueElicitationSetting');
  r.object(elicitation, { required: true });
  const required = readConstraint(r, root, elicitation);
  const prompt = readPrompt(r, r.child(elicitation, 'promptSpecification'), { required: required === true });
  const utterances = readSlotUtterances(r, elicitation);
  const allowMultipleValues = readMultipleValues(r, root);
  if (name === undefined || slotTypeName === undefined || required === undefined) return undefined;
  const def: SlotDefinition = {
    name,
    slotTypeName,
    required,
    sampleUtterances: utterances.map((u) => u.text),
    allowMultipleValues,
    priority: Number.MAX_SAFE_INTEGER,
  };
  if (prompt !== undefined) def.prompt = prompt;
  const failureResponse = readResponse(r, r.child(r.child(elicitation, 'slotCaptureSetting'), 'failureResponse'));
  if (failureResponse !== undefined) def.failureResponse = failureResponse;
  return {
    def,
    file: r.file,
    identifier: r.string(r.child(root, 'identifier')),
    slotTypeField: typeNode.path,
    utteranceFields: utterances.map((u) => u.field),
  };
}

function readConstraint(r: JsonFileReader, root: JsonNode, elicitation: JsonNode): boolean | undefined {
  const inside = r.child(elicitation, 'slotConstraint');
  const node = r.isPresent(inside) ? inside : r.child(root, 'slotConstraint');
  const where = r.isPresent(node) ? node : inside;
  const constraint = r.oneOf(where, ['Required', 'Optional'] as const, { required: true });
  return constraint === undefined ? undefined : constraint === 'Required';
}

function readSlotUtterances(r: JsonFileReader, elicitation: JsonNode): Array<{ text: string; field: string }> {
  return r.array(r.child(elicitation, 'sampleUtterances')).flatMap((item) => {
    const node = r.child(item, 'utterance');
    const text = r.string(node, { required: true });
    if (text === undefined) return [];
    if (text.length > MAX_UTTERANCE_CHARS) r.error(node, `utterance is ${text.length} characters; Lex allows ${MAX_UTTERANCE_CHARS}`);
    return [{ text, field: node.path }];
  });
}

/** `multipleValuesSetting.allowMultipleValues`, or the doc's `allowMutlipleValues` typo. */
function readMultipleValues(r: JsonFileReader, root: JsonNode): boolean {
  const setting = r.child(root, 'multipleValuesSetting');
  if (!r.object(setting)) return false;
  return r.boolean(r.child(setting, 'allowMultipleValues', 'allowMutlipleValues')) ?? false;
}
