/**
 * What a worker thread runs to train one locale's slot tagger (see slot-tagger-training.ts): the
 * same training as in-process, from a structured clone of the locale, returning the weights to
 * transfer back. No side effects on import, so it can also be called directly.
 */
import type { BotLocaleDefinition } from './bot-model.js';
import { LocaleSlotTagger, type LocaleSlotTaggerOptions, type TrainedLocaleSlotTagger } from './slot-tagger-locale.js';
import { SlotTypeRegistry } from './slot-type-registry.js';

export interface SlotTaggerTrainingRequest {
  locale: BotLocaleDefinition;
  options: LocaleSlotTaggerOptions;
}

export function trainSlotTaggerForWorker(request: SlotTaggerTrainingRequest, onProgress?: (done: number, total: number) => void): TrainedLocaleSlotTagger {
  const tagger = new LocaleSlotTagger(request.locale, new SlotTypeRegistry(request.locale), request.options, undefined, onProgress);
  return tagger.exportTrained();
}
