/**
 * Out-of-scope input: how many of 80 requests outside every intent fall back (the recognizer's
 * top intent is the fallback, or its score is under the bot's threshold), and how many in-scope
 * utterances fall back, for the demo store bot (bots/ParleyStore, its sample utterances with slots
 * filled as in-scope) and for a bot built from SNIPS's train split (its dev split as in-scope).
 * Recognizers trained as the engine trains them. Prints the confidences the out-of-scope lines
 * were accepted with, so a change's effect on the threshold's meaning shows.
 *
 *   npx tsx bench/nlu-out-of-scope.ts [--no-snips]
 *
 * Progress on stderr; one JSON line on stdout.
 */
import { loadavg } from 'node:os';
import { buildBotFromExamples } from '../src/conversation/eval/index.js';
import type { BotLocaleDefinition } from '../src/conversation/local/bot-model.js';
import { loadBot } from '../src/conversation/local/bot-loader.js';
import { IntentRecognizer } from '../src/conversation/local/intent-recognizer.js';
import { SlotTypeRegistry } from '../src/conversation/local/slot-type-registry.js';
import { tokenize } from '../src/conversation/local/text-normalize.js';
import { OUT_OF_SCOPE_UTTERANCES } from './lib/out-of-scope-utterances.js';
import { readSnips } from './lib/snips-folds.js';

interface Score { falseAccepts: number; n: number; accepted: Array<{ text: string; intent: string; score: number }> }

function outOfScope(recognizer: IntentRecognizer): Score {
  const accepted: Score['accepted'] = [];
  for (const text of OUT_OF_SCOPE_UTTERANCES) {
    const r = recognizer.recognize(tokenize(text));
    if (!r.isFallback) accepted.push({ text, intent: r.intentName, score: r.ranked[0]?.score ?? 0 });
  }
  return { falseAccepts: accepted.length, n: OUT_OF_SCOPE_UTTERANCES.length, accepted };
}

/** In-scope lines that fall back. */
function falseRejects(recognizer: IntentRecognizer, texts: readonly string[]): { falseRejects: number; n: number } {
  return { falseRejects: texts.filter((t) => recognizer.recognize(tokenize(t)).isFallback).length, n: texts.length };
}

process.stderr.write(`load ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
const result: { [key: string]: unknown } = {};

const demo = (await loadBot('bots/ParleyStore')).locales[0] as BotLocaleDefinition;
const demoRecognizer = new IntentRecognizer(demo, new SlotTypeRegistry(demo), { seed: 'parley:en_US' });
// The demo bot's own sample utterances, each slot filled with its type's first listed value.
const registry = new SlotTypeRegistry(demo);
const demoInScope = demo.intents.flatMap((intent) => intent.sampleUtterances.map((u) => u.replace(/\{(\w+)\}/g, (_, name: string) => {
  const type = intent.slots.find((s) => s.name === name)?.slotTypeName;
  return (type === undefined ? undefined : registry.get(type)?.definition.values[0]?.value) ?? 'two';
})));
result['demo'] = { outOfScope: outOfScope(demoRecognizer), inScope: falseRejects(demoRecognizer, demoInScope) };
process.stderr.write('demo bot: done\n');

if (!process.argv.includes('--no-snips')) {
  const [train, dev] = await Promise.all([readSnips('train'), readSnips('dev')]);
  const snips = buildBotFromExamples(train).locales[0] as BotLocaleDefinition;
  const snipsRecognizer = new IntentRecognizer(snips, new SlotTypeRegistry(snips), { seed: 'parley:en_US' });
  result['snips'] = { outOfScope: outOfScope(snipsRecognizer), inScope: falseRejects(snipsRecognizer, dev.map((e) => e.text)) };
  process.stderr.write('SNIPS bot: done\n');
}
result['load'] = loadavg()[0];
console.log(JSON.stringify(result));
