/**
 * Texts a freshly trained engine says to itself before it serves: its own sample utterances with
 * each {slot} filled by one of the slot type's sample values. The first turns through each path
 * of a JavaScript engine run cold (the code is not yet compiled for them) and cost several times
 * a warm turn; taking them at load time keeps them off the first customers' turns.
 */
import type { BotLocaleDefinition } from './bot-model.js';
import { sampleValuesFor } from './slot-samples.js';
import type { SlotTypeRegistry } from './slot-type-registry.js';
import { parseTemplate } from './utterance-templates.js';

/**
 * Up to `count` texts, taken from the intents in turn (every intent's first sample utterance,
 * then every intent's second, ...), values chosen by position so the list is the same each time.
 */
export function warmUpTexts(locale: BotLocaleDefinition, registry: SlotTypeRegistry, count: number): string[] {
  const texts: string[] = [];
  const longest = Math.max(0, ...locale.intents.map((intent) => intent.sampleUtterances.length));
  for (let round = 0; round < longest && texts.length < count; round += 1) {
    for (const intent of locale.intents) {
      const source = intent.sampleUtterances[round];
      if (source === undefined) continue;
      const slotTypes = new Map(intent.slots.map((slot) => [slot.name, slot.slotTypeName]));
      const words = parseTemplate(source).parts.map((part, at) => {
        if (part.kind === 'words') return part.words.join(' ');
        const samples = sampleValuesFor(slotTypes.get(part.slotName) ?? 'AMAZON.FreeFormInput', registry);
        return samples.length === 0 ? '' : (samples[(round + at) % samples.length] as string);
      });
      texts.push(words.filter((w) => w !== '').join(' '));
      if (texts.length >= count) break;
    }
  }
  return texts;
}
