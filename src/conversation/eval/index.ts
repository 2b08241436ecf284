/** Offline NLU evaluation: labelled JSONL examples, a bot built from them, span-level scores. */
export {
  buildBotFromExamples, describeOutOfScopeExamples, describeUtteranceConflict, FALLBACK_INTENT_NAME, sampleUtteranceOf, slotTypeNameFor,
  type BotFromExamplesOptions, type OutOfScopeExamples, type UtteranceConflict,
} from './bot-from-examples.js';
export { checkTestTexts, parseExamples, type ExampleSlot, type NluExample } from './nlu-examples.js';
export { evaluateNlu, slotSpans, type NluEvalReport, type NluPrediction, type SyncEngine } from './nlu-evaluator.js';
export { countSpans, spanScores, type Span, type SpanCounts, type SpanScores } from './span-metrics.js';
export { confusionCells, confusionPlot, reliabilityPlot, type ConfusionCell } from './nlu-plots.js';
