/**
 * Builds a Lex V2-shaped bot from labelled examples, the way a bot author would write it: one
 * intent per label, each example's slot spans replaced by {slot} placeholders as a sample
 * utterance, and custom slot types whose values are the labelled values (ORIGINAL_VALUE, so values
 * outside the list are still taken). Examples labelled FallbackIntent (out of scope) are left out.
 *
 * Slot types: one per slot name, except where a slot name is a small, closed vocabulary that the
 * intents use differently ("object_type" is book/novel in one intent, movie schedule in another,
 * song/tv show in a third). An author would give such intents their own types, and a shared list
 * would teach the classifier that the words deciding the intent are interchangeable. The rule:
 * a slot whose labelled values repeat (on average at least CLOSED_VALUE_REPEATS occurrences per
 * distinct value) gets one type per group of intents, intents joining a group when their value
 * sets overlap (Jaccard) by at least SHARED_VALUES_JACCARD; open vocabularies (names, titles,
 * places: mostly distinct values, a sample of one large population) keep one shared type.
 */
import type { BotDefinition, IntentDefinition, SlotDefinition, SlotTypeDefinition } from '../local/bot-model.js';
import { MAX_UTTERANCE_CHARS } from '../local/bot-names.js';
import { normalizeUtterance } from '../local/bot-utterance-refs.js';
import { ValidationError } from '../../shared/errors.js';
import type { NluExample } from './nlu-examples.js';

export interface BotFromExamplesOptions {
  name?: string;
  localeId?: string;
  nluConfidenceThreshold?: number;
  /** Give intents that use a closed-vocabulary slot differently their own slot types (default true). */
  splitSlotTypes?: boolean;
  /** Names the examples' file in errors. */
  source?: string;
  /** Told of each sample utterance the examples label with more than one intent. */
  onConflict?: (conflict: UtteranceConflict) => void;
  /** Told once of the examples labelled with the fallback intent, which the bot leaves out. */
  onOutOfScope?: (examples: OutOfScopeExamples) => void;
  /**
   * Keep how many examples gave each sample utterance (default true), which Lex cannot hold but
   * the local engine trains on; false builds the bot as Lex alone would hold it.
   */
  utteranceCounts?: boolean;
}

/** Examples labelled FALLBACK_INTENT_NAME: out-of-scope text, which no Lex intent can hold. */
export interface OutOfScopeExamples {
  count: number;
  lines: number[];
}

/**
 * The name of the built bot's fallback intent (Lex's own name for it). Examples labelled with it
 * are out of scope: Lex's AMAZON.FallbackIntent takes no sample utterances, and another intent of
 * that name would be a second intent called FallbackIntent, so the bot leaves them out. In a test
 * file the label means the utterance should fall back.
 */
export const FALLBACK_INTENT_NAME = 'FallbackIntent';

/** One sample utterance (as a template) that examples give to two or more intents. */
export interface UtteranceConflict {
  utterance: string;
  /** The intent the bot keeps it in: the label given most often, the first seen on a tie. */
  keptIntent: string;
  /** Every label given, in first-seen order, with how often and on which lines. */
  labels: Array<{ intent: string; count: number; lines: number[] }>;
}

/** Occurrences per distinct value from which a slot is treated as a closed vocabulary. */
export const CLOSED_VALUE_REPEATS = 3;
/** Value-set overlap from which two intents share one slot type. */
export const SHARED_VALUES_JACCARD = 0.5;

/** The slot type behind slot `name` of a built bot (`intent` when the slot's type was split). */
export const slotTypeNameFor = (slotName: string, intent?: string): string =>
  // A Lex name may end in _ or -, but may not have two in a row: "city-" gives "city_values".
  [slotName, ...(intent === undefined ? [] : [intent]), 'values'].map((part) => part.replace(/[_-]$/, '')).join('_');

/** The example as a sample utterance: its slot spans as {slot} placeholders, spaces collapsed. */
export function sampleUtteranceOf(example: NluExample, source = 'examples'): string {
  let out = '';
  let last = 0;
  const carrier = (text: string): string => {
    // Braces in a sample utterance are slot references to Lex: a literal one makes the bot invalid.
    if (/[{}]/.test(text)) unusable(example, source, 'its text has "{" or "}" outside the slots, which a Lex sample utterance cannot hold');
    return text;
  };
  for (const slot of example.slots) {
    out += `${carrier(example.text.slice(last, slot.start))}{${slot.name}}`;
    last = slot.end;
  }
  const utterance = (out + carrier(example.text.slice(last))).replace(/\s+/g, ' ').trim();
  if (utterance.length > MAX_UTTERANCE_CHARS) unusable(example, source, `as a sample utterance it has ${utterance.length} characters, over Lex's ${MAX_UTTERANCE_CHARS}`);
  return utterance;
}

function unusable(example: NluExample, source: string, why: string): never {
  throw new ValidationError('PARLEY_NLU_EVAL_INVALID_LINE', `${source}:${example.line ?? '?'}: ${why}`, { details: { source, line: example.line } });
}

/** Values (lower case -> as first written) of one slot name, per intent, in first-seen order. */
type ValuesByIntent = Map<string, Map<string, string>>;

export function buildBotFromExamples(examples: readonly NluExample[], options: BotFromExamplesOptions = {}): BotDefinition {
  const intents = new Map<string, { utterances: Map<string, string>; slots: Map<string, boolean> }>();
  const values = new Map<string, ValuesByIntent>();
  const occurrences = new Map<string, number>();
  const labels = new Map<string, Map<string, { count: number; lines: number[] }>>();
  const outOfScope: OutOfScopeExamples = { count: 0, lines: [] };
  for (const example of examples) {
    if (example.intent === FALLBACK_INTENT_NAME) {
      outOfScope.count += 1;
      if (example.line !== undefined) outOfScope.lines.push(example.line);
      continue;
    }
    let intent = intents.get(example.intent);
    if (!intent) {
      intent = { utterances: new Map(), slots: new Map() };
      intents.set(example.intent, intent);
    }
    // Lex rejects duplicate sample utterances (compared as bot check compares them), so repeats collapse into one.
    const utterance = sampleUtteranceOf(example, options.source);
    const key = normalizeUtterance(utterance);
    if (!intent.utterances.has(key)) intent.utterances.set(key, utterance);
    const byIntent = labels.get(key) ?? new Map<string, { count: number; lines: number[] }>();
    const label = byIntent.get(example.intent) ?? { count: 0, lines: [] };
    label.count += 1;
    if (example.line !== undefined) label.lines.push(example.line);
    byIntent.set(example.intent, label);
    labels.set(key, byIntent);
    const counts = new Map<string, number>();
    for (const slot of example.slots) {
      counts.set(slot.name, (counts.get(slot.name) ?? 0) + 1);
      intent.slots.set(slot.name, (intent.slots.get(slot.name) ?? false) || (counts.get(slot.name) ?? 0) > 1);
      occurrences.set(slot.name, (occurrences.get(slot.name) ?? 0) + 1);
      const byIntent = values.get(slot.name) ?? new Map<string, Map<string, string>>();
      const list = byIntent.get(example.intent) ?? new Map<string, string>();
      const value = slot.value.trim();
      if (!list.has(value.toLowerCase())) list.set(value.toLowerCase(), value);
      byIntent.set(example.intent, list);
      values.set(slot.name, byIntent);
    }
  }
  if (outOfScope.count > 0) options.onOutOfScope?.(outOfScope);
  if (intents.size === 0) {
    throw new ValidationError('PARLEY_NLU_EVAL_NO_INTENTS', `every example is labelled ${FALLBACK_INTENT_NAME}: a bot needs at least one intent with sample utterances`);
  }
  keepEachUtteranceInOneIntent(intents, labels, options.onConflict);
  const typeOf = new Map<string, string>();
  const slotTypes: SlotTypeDefinition[] = [];
  const used = new Set<string>();
  for (const [slotName, byIntent] of values) {
    const groups = options.splitSlotTypes === false ? [[...byIntent.keys()]] : typeGroups(byIntent, occurrences.get(slotName) ?? 0);
    for (const group of groups) {
      const typeName = uniqueTypeName(groups.length === 1 ? slotTypeNameFor(slotName) : slotTypeNameFor(slotName, group[0]), used);
      const merged = new Map<string, string>();
      for (const intentName of group) {
        typeOf.set(`${intentName}\u0000${slotName}`, typeName);
        for (const [key, value] of byIntent.get(intentName) ?? []) if (!merged.has(key)) merged.set(key, value);
      }
      slotTypes.push({ name: typeName, values: [...merged.values()].map((value) => ({ value, synonyms: [] })), resolutionStrategy: 'ORIGINAL_VALUE' });
    }
  }
  const intentDefinitions: IntentDefinition[] = [...intents].map(([name, intent]) => ({
    name,
    sampleUtterances: [...intent.utterances.values()],
    ...(options.utteranceCounts === false ? {} : countsOf(name, [...intent.utterances.keys()], labels)),
    slots: [...intent.slots].map(([slotName, multiple], index): SlotDefinition => ({
      name: slotName, slotTypeName: typeOf.get(`${name}\u0000${slotName}`) ?? slotTypeNameFor(slotName), required: false, sampleUtterances: [], allowMultipleValues: multiple, priority: index + 1,
    })),
    fulfillmentCodeHook: false,
  }));
  intentDefinitions.push({ name: FALLBACK_INTENT_NAME, parentIntentSignature: 'AMAZON.FallbackIntent', sampleUtterances: [], slots: [], fulfillmentCodeHook: false });
  return {
    name: options.name ?? 'EvalBot',
    idleSessionTtlSeconds: 300,
    source: 'examples',
    locales: [{ localeId: options.localeId ?? 'en_US', nluConfidenceThreshold: options.nluConfidenceThreshold ?? 0.4, intents: intentDefinitions, slotTypes }],
  };
}

/** How many examples gave each kept utterance to this intent, when any gave one more than once. */
function countsOf(intent: string, keys: readonly string[], labels: ReadonlyMap<string, ReadonlyMap<string, { count: number }>>): { sampleUtteranceCounts?: number[] } {
  const counts = keys.map((key) => labels.get(key)?.get(intent)?.count ?? 1);
  return counts.some((c) => c > 1) ? { sampleUtteranceCounts: counts } : {};
}

/**
 * Lex refuses a locale where one utterance belongs to two intents, so a template labelled
 * differently by different examples (label noise, or two intents no text can tell apart) stays
 * only with the label given most often. Its slot values are kept everywhere.
 */
function keepEachUtteranceInOneIntent(
  intents: Map<string, { utterances: Map<string, string> }>,
  labels: Map<string, Map<string, { count: number; lines: number[] }>>,
  onConflict: ((conflict: UtteranceConflict) => void) | undefined,
): void {
  for (const [key, byIntent] of labels) {
    if (byIntent.size < 2) continue;
    let keptIntent = '';
    let best = 0;
    for (const [intent, { count }] of byIntent) {
      if (count > best) [keptIntent, best] = [intent, count];
    }
    const utterance = intents.get(keptIntent)?.utterances.get(key) ?? key;
    for (const intent of byIntent.keys()) if (intent !== keptIntent) intents.get(intent)?.utterances.delete(key);
    onConflict?.({ utterance, keptIntent, labels: [...byIntent].map(([intent, { count, lines }]) => ({ intent, count, lines })) });
  }
}

/** One line for a person: which labels an utterance had, where, and which one the bot keeps. */
export function describeUtteranceConflict(conflict: UtteranceConflict): string {
  const labels = conflict.labels.map((l) => `${l.intent} ${l.count === 1 ? 'once' : `${l.count.toLocaleString('en-US')} times`}${whereLines(l.lines)}`);
  return `sample utterance "${conflict.utterance}" is labelled ${labels.slice(0, -1).join(', ')} and ${labels.at(-1) ?? ''}; Lex takes an utterance in one intent only, so the bot keeps it in ${conflict.keptIntent}`;
}

/** One line for a person: how many examples were out of scope, where, and why the bot leaves them out. */
export function describeOutOfScopeExamples(examples: OutOfScopeExamples): string {
  const count = examples.count === 1 ? '1 example is' : `${examples.count.toLocaleString('en-US')} examples are`;
  return `${count} labelled ${FALLBACK_INTENT_NAME}${whereLines(examples.lines)}; Lex's fallback intent takes no sample utterances, so the bot leaves them out (in a test file the label means the utterance should fall back)`;
}

/** " (lines 1, 3, ...)": the first five line numbers, or nothing when none are known. */
function whereLines(lines: readonly number[]): string {
  if (lines.length === 0) return '';
  const shown = lines.slice(0, 5).join(', ');
  return ` (line${lines.length > 1 ? 's' : ''} ${shown}${lines.length > 5 ? ', ...' : ''})`;
}

/** Lex caps names at 100 characters; a name taken by another slot's type gets a number. */
function uniqueTypeName(wanted: string, used: Set<string>): string {
  const base = wanted.length <= 100 ? wanted : wanted.slice(0, 90).replace(/[_-]+$/, '');
  let name = base;
  for (let n = 2; used.has(name.toLowerCase()); n += 1) name = `${base.slice(0, 94).replace(/[_-]+$/, '')}_${n}`;
  used.add(name.toLowerCase());
  return name;
}

/** Intents sharing one slot type, in first-seen order (see the rule at the top of the file). */
function typeGroups(byIntent: ValuesByIntent, occurrences: number): string[][] {
  const intentNames = [...byIntent.keys()];
  const distinct = new Set([...byIntent.values()].flatMap((list) => [...list.keys()])).size;
  if (intentNames.length < 2 || occurrences < CLOSED_VALUE_REPEATS * distinct) return [intentNames];
  const groups: Array<{ intents: string[]; values: Set<string> }> = [];
  for (const name of intentNames) {
    const own = new Set((byIntent.get(name) ?? new Map<string, string>()).keys());
    const group = groups.find((g) => jaccard(g.values, own) >= SHARED_VALUES_JACCARD);
    if (group) {
      group.intents.push(name);
      own.forEach((v) => group.values.add(v));
    } else groups.push({ intents: [name], values: own });
  }
  return groups.map((g) => g.intents);
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const v of a) if (b.has(v)) shared += 1;
  const union = a.size + b.size - shared;
  return union === 0 ? 1 : shared / union;
}
