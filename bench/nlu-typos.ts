/**
 * Intent accuracy when customers mistype: SNIPS's dev split with one typo in one carrier word of
 * each utterance (a word outside the labelled slots, of four or more letters: one letter replaced,
 * dropped, added, or two neighbours swapped, chosen by a seeded generator), scored by the intent
 * recognizer trained on train as the engine trains it, with and without the carrier spelling
 * correction (src/conversation/local/carrier-spelling.ts). Never the test split.
 *
 *   npx tsx bench/nlu-typos.ts [--seed typos]
 *
 * Progress on stderr; one JSON line on stdout.
 */
import { loadavg } from 'node:os';
import { buildBotFromExamples, type NluExample } from '../src/conversation/eval/index.js';
import type { BotLocaleDefinition } from '../src/conversation/local/bot-model.js';
import { IntentRecognizer } from '../src/conversation/local/intent-recognizer.js';
import { SeededRandom } from '../src/conversation/local/seeded-random.js';
import { SlotTypeRegistry } from '../src/conversation/local/slot-type-registry.js';
import { tokenize } from '../src/conversation/local/text-normalize.js';
import { cliArg, readSnips } from './lib/snips-folds.js';

const random = new SeededRandom(cliArg('--seed') ?? 'typos');
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** The word with one random edit. */
function mistype(word: string): string {
  const i = random.int(word.length);
  const letter = LETTERS[random.int(LETTERS.length)] as string;
  switch (random.int(4)) {
    case 0: return word.slice(0, i) + (letter === word[i] ? LETTERS[(LETTERS.indexOf(letter) + 1) % 26] : letter) + word.slice(i + 1);
    case 1: return word.slice(0, i) + word.slice(i + 1);
    case 2: return word.slice(0, i) + letter + word.slice(i);
    default: {
      const j = Math.min(i, word.length - 2);
      return word.slice(0, j) + (word[j + 1] as string) + (word[j] as string) + word.slice(j + 2);
    }
  }
}

/** The example with one carrier word mistyped, or null when it has no carrier word long enough. */
function withTypo(example: NluExample): string | null {
  const carriers = [...example.text.matchAll(/[a-z]{4,}/g)].filter((m) => !example.slots.some((s) => m.index < s.end && m.index + m[0].length > s.start));
  if (carriers.length === 0) return null;
  const m = carriers[random.int(carriers.length)] as RegExpExecArray;
  let typo = mistype(m[0]);
  // A swap of two equal letters changes nothing: mistype again.
  while (typo === m[0]) typo = mistype(m[0]);
  return example.text.slice(0, m.index) + typo + example.text.slice(m.index + m[0].length);
}

process.stderr.write(`load ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
const [train, dev] = await Promise.all([readSnips('train'), readSnips('dev')]);
const cases = dev.flatMap((e) => {
  const typo = withTypo(e);
  return typo === null ? [] : [{ gold: e.intent, clean: e.text, typo }];
});
const locale = buildBotFromExamples(train).locales[0] as BotLocaleDefinition;
const registry = new SlotTypeRegistry(locale);
const result: { [key: string]: unknown } = { n: cases.length, of: dev.length };
for (const spellCarriers of [false, true]) {
  const recognizer = new IntentRecognizer(locale, registry, { seed: 'parley:en_US', spellCarriers });
  const errors = (field: 'clean' | 'typo'): number => cases.filter((c) => recognizer.recognize(tokenize(c[field])).intentName !== c.gold).length;
  result[spellCarriers ? 'withSpelling' : 'withoutSpelling'] = { cleanErrors: errors('clean'), typoErrors: errors('typo') };
  process.stderr.write(`spelling ${spellCarriers ? 'on' : 'off'}: done\n`);
}
result['load'] = loadavg()[0];
console.log(JSON.stringify(result));
