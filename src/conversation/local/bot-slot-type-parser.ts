import { isSupportedBuiltInSlotType } from './bot-builtins.js';
import type { JsonFileReader, JsonNode } from './bot-json-reader.js';
import type { ResolutionStrategy, SlotTypeDefinition, SlotTypeValue } from './bot-model.js';
import { regexProblem } from './bot-regex.js';

/** Lex: a slot value or synonym is 1-140 characters. */
const MAX_VALUE_CHARS = 140;
/** Export JSON writes ORIGINAL_VALUE; the models API (CreateSlotType) writes OriginalValue. */
const STRATEGY_ALIASES: Record<string, ResolutionStrategy> = {
  OriginalValue: 'ORIGINAL_VALUE',
  TopResolution: 'TOP_RESOLUTION',
};

/** Reads one SlotType.json. Returns undefined when the file is too broken to use. */
export function parseSlotType(r: JsonFileReader, json: unknown): SlotTypeDefinition | undefined {
  const root = r.root(json);
  if (!r.object(root, { required: true })) return undefined;
  const name = r.string(r.child(root, 'name'), { required: true });
  const description = r.string(r.child(root, 'description'));
  const values = readValues(r, root);
  const parentNode = r.child(root, 'parentSlotTypeSignature');
  const parent = r.string(parentNode);
  if (parent !== undefined && !isSupportedBuiltInSlotType(parent)) {
    r.error(parentNode, `"${parent}" is not a supported built-in slot type to extend`);
  }
  const selection = r.child(root, 'valueSelectionSetting');
  r.object(selection);
  const resolutionStrategy = readStrategy(r, r.child(selection, 'resolutionStrategy'));
  const regexNode = r.child(r.child(selection, 'regexFilter'), 'pattern');
  const regexPattern = r.string(regexNode);
  if (regexPattern !== undefined) {
    const problem = regexProblem(regexPattern);
    if (problem !== undefined) r.error(regexNode, problem);
  }
  if (values.length === 0 && parent === undefined) {
    r.error(r.child(root, 'slotTypeValues'), 'a slot type needs values or a parentSlotTypeSignature');
  }
  if (name === undefined) return undefined;
  const def: SlotTypeDefinition = { name, values, resolutionStrategy };
  if (description !== undefined) def.description = description;
  if (parent !== undefined) def.parentSlotTypeSignature = parent;
  if (regexPattern !== undefined) def.regexPattern = regexPattern;
  return def;
}

function readStrategy(r: JsonFileReader, node: JsonNode): ResolutionStrategy {
  const text = r.string(node);
  if (text === undefined) return 'ORIGINAL_VALUE';
  if (text === 'ORIGINAL_VALUE' || text === 'TOP_RESOLUTION') return text;
  const alias = STRATEGY_ALIASES[text];
  if (alias !== undefined) return alias;
  const supported = 'ORIGINAL_VALUE, TOP_RESOLUTION (or OriginalValue, TopResolution)';
  r.error(node, text.toUpperCase() === 'CONCATENATION' ? 'composite slot types (CONCATENATION) are not supported by the local engine' : `"${text}" is not one of ${supported}`);
  return 'ORIGINAL_VALUE';
}

function readValues(r: JsonFileReader, root: JsonNode): SlotTypeValue[] {
  const out: SlotTypeValue[] = [];
  for (const item of r.array(r.child(root, 'slotTypeValues'))) {
    const valueNode = r.child(r.child(item, 'sampleValue'), 'value');
    const value = r.string(valueNode, { required: true });
    checkLength(r, valueNode, value);
    const synonyms: string[] = [];
    for (const syn of r.array(r.child(item, 'synonyms'))) {
      const synNode = r.child(syn, 'value');
      const text = r.string(synNode, { required: true });
      checkLength(r, synNode, text);
      if (text !== undefined) synonyms.push(text);
    }
    if (value !== undefined) out.push({ value, synonyms });
  }
  return out;
}

function checkLength(r: JsonFileReader, node: JsonNode, text: string | undefined): void {
  if (text !== undefined && (text.length === 0 || text.length > MAX_VALUE_CHARS)) {
    r.error(node, `slot values must be 1-${MAX_VALUE_CHARS} characters (has ${text.length})`);
  }
}
