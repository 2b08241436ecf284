/** The local conversation engine's public names. */
export { checkBot, loadBot, type LoadBotOptions } from './bot-loader.js';
export type { BotCheckResult, BotDiagnostic } from './bot-diagnostics.js';
export { describeQuotaFinding, LEX_QUOTAS, quotaFindings, type QuotaFinding } from './bot-quotas.js';
export { SUPPORTED_BUILT_IN_SLOT_TYPES } from './bot-builtins.js';
export { isFallbackIntent } from './nlu-training-data.js';
export { sharedShapes, utteranceShape } from './shared-shapes.js';
export { UTTERANCE_COUNTS_FILE } from './utterance-counts.js';
export type * from './bot-model.js';
export { LocalConversationEngine, type LocalConversationEngineOptions } from './local-conversation-engine.js';
export type { TrainingPhase, TrainingProgress } from './training-progress.js';
export { exportBotZip, type BotExportZip } from './bot-export-zip.js';
export { botFolderFiles, writeBotFolder } from './bot-folder-writer.js';
