/**
 * Cost of the bundled gazetteer (AMAZON.Country, AMAZON.City, AMAZON.FirstName) per utterance:
 * Parley's token matcher against the usual JavaScript alternative measured in the same run, one
 * case-insensitive RegExp alternation of every phrase (longest first, word boundaries). Both
 * scan the same utterances; the figures are microseconds per utterance for all three types.
 *
 *   npx tsx bench/gazetteer-match.ts [--rounds 20000]
 */
import { findInGazetteer, gazetteerMatcher, type GazetteerType } from '../src/conversation/local/gazetteer/gazetteer.js';
import { CITY_LINES } from '../src/conversation/local/gazetteer/cities.js';
import { COUNTRY_LINES } from '../src/conversation/local/gazetteer/countries.js';
import { FIRST_NAMES } from '../src/conversation/local/gazetteer/first-names.js';
import { tokenize } from '../src/conversation/local/text-normalize.js';

const TYPES: GazetteerType[] = ['AMAZON.Country', 'AMAZON.City', 'AMAZON.FirstName'];
const UTTERANCES = [
  'do you ship to the united states of america',
  'is there a store in new york city or near san francisco',
  'my name is maria and i live in sao paulo brazil',
  'show me running shoes under 100 dollars',
  'can you deliver my order to Holland by friday',
  'i would like to book a fitting next friday at 3pm please',
  'any shops in Bombay',
  'call me Zebulon',
];
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1] ?? 20000) || 20000;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const phrases = [...COUNTRY_LINES, ...CITY_LINES].flatMap((l) => l.split('|')).concat(FIRST_NAMES);
const peer = new RegExp(`\\b(?:${[...new Set(phrases)].sort((a, b) => b.length - a.length).map(escape).join('|')})\\b`, 'giu');

function time(run: (text: string) => number): { usPerUtterance: number; p50Us: number; p99Us: number; found: number } {
  const samples: number[] = [];
  let found = 0;
  for (let r = 0; r < rounds; r += 1) {
    const text = UTTERANCES[r % UTTERANCES.length] as string;
    const start = process.hrtime.bigint();
    found += run(text);
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  const p50 = samples[Math.floor(samples.length / 2)] ?? 0;
  return { usPerUtterance: Number(mean.toFixed(2)), p50Us: Number(p50.toFixed(2)), p99Us: Number((samples[Math.floor(samples.length * 0.99)] ?? 0).toFixed(2)), found };
}

const buildStart = performance.now();
for (const type of TYPES) gazetteerMatcher(type);
const buildMs = performance.now() - buildStart;

// Warm both up before measuring.
for (let i = 0; i < 2000; i += 1) {
  const text = UTTERANCES[i % UTTERANCES.length] as string;
  for (const type of TYPES) findInGazetteer(type, tokenize(text), false);
  text.match(peer);
}

const parley = time((text) => {
  const tokens = tokenize(text);
  return TYPES.reduce((n, type) => n + findInGazetteer(type, tokens, false).length, 0);
});
const regex = time((text) => text.match(peer)?.length ?? 0);

process.stdout.write(
  `${JSON.stringify({
    phrases: phrases.length,
    rounds,
    parleyBuildMs: Number(buildMs.toFixed(1)),
    parley,
    regexAlternation: regex,
    p50Ratio: Number((parley.p50Us / regex.p50Us).toFixed(2)),
  })}\n`,
);
