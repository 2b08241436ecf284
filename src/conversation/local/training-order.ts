/**
 * One order for everything training reads, so that a bot trains the same whichever way it was
 * read. A bot folder lists its intents, slots and slot types in folder-name order; a bot built in
 * code or from examples lists them as they came. Training draws its samples and shuffles its
 * examples in list order, so the same bot in two orders scored differently (2 of SNIPS dev's 700
 * lines). Sample utterances and slot values keep the order the author gave them: it is part of
 * the bot (slot values are drawn partly by rank, see slot-samples.ts).
 */
import type { BotLocaleDefinition, IntentDefinition, SlotTypeDefinition } from './bot-model.js';
import { repeatedByCount } from './utterance-counts.js';

/** What the classifier and the slot tagger train on: the locale in training order, each sample utterance as often as it is said. */
export function trainingView(locale: BotLocaleDefinition): BotLocaleDefinition {
  return repeatedByCount(inTrainingOrder(locale));
}

/** The locale with intents, each intent's slots and the slot types sorted by name (code-unit order). */
export function inTrainingOrder(locale: BotLocaleDefinition): BotLocaleDefinition {
  const intents = [...locale.intents].sort(byName).map((intent): IntentDefinition => ({ ...intent, slots: [...intent.slots].sort(byName) }));
  return { ...locale, intents, slotTypes: slotTypesInTrainingOrder(locale.slotTypes) };
}

export function slotTypesInTrainingOrder(slotTypes: readonly SlotTypeDefinition[]): SlotTypeDefinition[] {
  return [...slotTypes].sort(byName);
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
