/**
 * Sample utterances that two intents share but for their slots: "when is {object_name} playing"
 * in one intent and "when is {movie_name} playing" in another. The words give no hint which
 * intent is meant; only the value in the slot can, and not at all when both slots take values
 * outside their lists. Lex keeps one copy of a sample utterance, so how often users said each
 * is lost too: such phrasings are where a bot's intents are most often confused.
 */
import type { SlotTypeDefinition } from './bot-model.js';
import { normalizeUtterance } from './bot-utterance-refs.js';

/** What the check reads of an intent. */
export interface ShapedIntent {
  name: string;
  sampleUtterances: readonly string[];
  slots: ReadonlyArray<{ name: string; slotTypeName: string }>;
}

/** A sample utterance (intent, index) with the words of an earlier one in another intent. */
export interface ShapeConflict {
  intent: string;
  index: number;
  otherIntent: string;
  otherIndex: number;
}

/** The gap every slot becomes in a shape. */
export const SLOT_GAP = '{}';

/** An utterance's words with each `{Slot}` as a gap, compared as duplicates are (case, spacing, end punctuation). */
export function utteranceShape(utterance: string): string {
  return normalizeUtterance(utterance.replace(/\{[^{}]*\}/g, ` ${SLOT_GAP} `));
}

/** The slot names of an utterance, in order. */
function slotNamesOf(utterance: string): string[] {
  return [...utterance.matchAll(/\{([^{}]*)\}/g)].map((m) => (m[1] ?? '').trim());
}

/**
 * Every sample utterance with the shape of one in an earlier intent (each reported once, against
 * the first), when each of their slots, gap by gap, could hold the other's value: a slot whose
 * values cannot be the other's tells the two apart.
 */
export function shapeConflicts(intents: readonly ShapedIntent[], slotTypes: readonly SlotTypeDefinition[]): ShapeConflict[] {
  const types = new Map(slotTypes.map((t) => [t.name, t]));
  const byShape = new Map<string, Array<{ intent: ShapedIntent; index: number }>>();
  const conflicts: ShapeConflict[] = [];
  for (const intent of intents) {
    intent.sampleUtterances.forEach((utterance, index) => {
      const shape = utteranceShape(utterance);
      if (!shape.includes(SLOT_GAP)) return; // identical words without slots are duplicates, an error of their own
      const earlier = byShape.get(shape) ?? [];
      const other = earlier.find((e) => e.intent.name !== intent.name && slotsOverlap(intent, utterance, e.intent, e.intent.sampleUtterances[e.index] ?? '', types));
      if (other !== undefined) conflicts.push({ intent: intent.name, index, otherIntent: other.intent.name, otherIndex: other.index });
      earlier.push({ intent, index });
      byShape.set(shape, earlier);
    });
  }
  return conflicts;
}

/** Shapes that sample utterances of more than one intent have, with those intents (sorted). */
export function sharedShapes(intents: readonly ShapedIntent[], slotTypes: readonly SlotTypeDefinition[]): Map<string, string[]> {
  const shared = new Map<string, string[]>();
  for (const c of shapeConflicts(intents, slotTypes)) {
    const intent = intents.find((i) => i.name === c.intent);
    const shape = utteranceShape(intent?.sampleUtterances[c.index] ?? '');
    const names = new Set(shared.get(shape) ?? []);
    names.add(c.intent).add(c.otherIntent);
    shared.set(shape, [...names].sort());
  }
  return shared;
}

function slotsOverlap(a: ShapedIntent, utteranceA: string, b: ShapedIntent, utteranceB: string, types: ReadonlyMap<string, SlotTypeDefinition>): boolean {
  const typeOf = (intent: ShapedIntent, slot: string): string => intent.slots.find((s) => s.name === slot)?.slotTypeName ?? slot;
  const slotsA = slotNamesOf(utteranceA);
  const slotsB = slotNamesOf(utteranceB);
  return slotsA.every((slot, i) => {
    const other = slotsB[i];
    return other !== undefined && typesOverlap(typeOf(a, slot), typeOf(b, other), types);
  });
}

/**
 * Whether two slot types could take the same value. Distinct built-ins (a number, a date) and a
 * built-in against a list that takes only its own values are told apart; two such lists are when
 * they share no value or synonym. A list that takes other values too (Lex's ORIGINAL_VALUE) can
 * hold anything.
 */
function typesOverlap(nameA: string, nameB: string, types: ReadonlyMap<string, SlotTypeDefinition>): boolean {
  if (nameA === nameB) return true;
  const a = types.get(nameA);
  const b = types.get(nameB);
  if (a === undefined && b === undefined) return false;
  if (a === undefined || b === undefined) return !isClosed(a ?? b);
  if (!isClosed(a) || !isClosed(b)) return true;
  const words = new Set(phrasesOf(a));
  return phrasesOf(b).some((p) => words.has(p));
}

/** A list that resolves to its own values only; a pattern's language is not compared, so a regex type is open here. */
function isClosed(type: SlotTypeDefinition | undefined): boolean {
  return type !== undefined && type.resolutionStrategy === 'TOP_RESOLUTION' && type.regexPattern === undefined;
}

function phrasesOf(type: SlotTypeDefinition): string[] {
  return type.values.flatMap((v) => [v.value, ...v.synonyms]).map((p) => normalizeUtterance(p));
}
