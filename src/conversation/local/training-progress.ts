/**
 * How a bot's training reports itself while it runs (loading SNIPS takes half a minute): the phase,
 * and its steps done of its total. Steps are training texts for the classifier's features (seconds
 * of work in a large bot before its first epoch), epochs for the learners and turns for the warm-up.
 */
export type TrainingPhase = 'features' | 'intents' | 'slots' | 'warm-up';

export type TrainingProgress = (phase: TrainingPhase, done: number, total: number) => void;
