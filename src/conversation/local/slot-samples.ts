/**
 * Representative values used to expand {Slot} placeholders in sample utterances before training,
 * so the classifier sees realistic text ("show me trainers under 80 dollars") rather than
 * placeholders.
 */
import { gazetteerValues } from './gazetteer/gazetteer.js';
import type { CompiledSlotType, SlotTypeRegistry } from './slot-type-registry.js';

/** A spread of a long list (names, places) small enough to keep training fast. */
function everyNth(values: readonly string[], n: number): string[] {
  return values.filter((_, i) => i % n === 0);
}

const BUILT_IN_SAMPLES: Readonly<Record<string, readonly string[]>> = {
  'AMAZON.Number': ['1', '2', '5', '10', '25', '50', '80', '100', '150', '250', '99.99', 'twenty', 'fifty', 'a hundred'],
  'AMAZON.Date': ['today', 'tomorrow', 'friday', 'next monday', 'march 3rd', 'december 1', '2026-12-01', 'the 5th of june'],
  'AMAZON.Time': ['3pm', '10 am', 'noon', '15:30', '6:45 pm', 'midnight', 'in two hours'],
  'AMAZON.Duration': ['ten minutes', 'two hours', 'three days', 'a week'],
  'AMAZON.Confirmation': ['yes', 'no', 'sure', 'nope'],
  'AMAZON.AlphaNumeric': ['ab123', 'x7k2p9', '123456', 'ps-482913', 'zx81', 'PS-204918', 'ps104233'],
  'AMAZON.FirstName': everyNth(gazetteerValues('AMAZON.FirstName'), 12),
  'AMAZON.LastName': ['smith', 'garcia', 'chen', 'okafor'],
  'AMAZON.City': everyNth(gazetteerValues('AMAZON.City'), 12),
  'AMAZON.Country': everyNth(gazetteerValues('AMAZON.Country'), 6),
  'AMAZON.State': ['texas', 'ohio', 'california', 'oregon'],
  'AMAZON.EmailAddress': ['alex@example.com', 'sam.lee@mail.com'],
  'AMAZON.PhoneNumber': ['555 123 4567', '206-555-0100'],
};

/** For free text (AMAZON.FreeFormInput and types with nothing better): short product-like phrases. */
const FREE_TEXT_SAMPLES: readonly string[] = [
  'trail runner 2', 'summit boot', 'blue rain jacket', 'glide pro', 'classic crew tee', 'aero buds',
  'the red one', 'velocity max', 'ultra light pack',
];

/** Computed once per compiled type: training asks for the samples of every placeholder it expands. */
const cache = new WeakMap<CompiledSlotType, readonly string[]>();

export function sampleValuesFor(slotTypeName: string, registry: SlotTypeRegistry): readonly string[] {
  const compiled = registry.get(slotTypeName);
  if (!compiled) return BUILT_IN_SAMPLES[slotTypeName] ?? FREE_TEXT_SAMPLES;
  let samples = cache.get(compiled);
  if (!samples) {
    samples = customSamples(compiled);
    cache.set(compiled, samples);
  }
  return samples;
}

function customSamples(compiled: CompiledSlotType): readonly string[] {
  const phrases = compiled.definition.values.flatMap((v) => [v.value, ...v.synonyms]);
  const parentSamples = BUILT_IN_SAMPLES[compiled.baseType] ?? [];
  const regex = compiled.regex;
  if (!regex) return phrases.length > 0 ? phrases : parentSamples.length > 0 ? parentSamples : FREE_TEXT_SAMPLES;
  // A regex-restricted type keeps only samples its pattern accepts (in any letter case).
  const accepted = [...phrases, ...parentSamples].filter((s) => regex.test(s) || regex.test(s.toUpperCase()));
  return accepted;
}

/** Zipf CDFs (weight 1 / rank) per sample list, built once per list. */
const zipfCdfs = new WeakMap<readonly string[], Float64Array>();

/**
 * One value of a sample list: with probability `headShare` by rank (weight 1 / rank, the Zipf
 * shape of how often values are said), else uniformly. Lex slot types carry no value frequencies,
 * but lists keep their order, and lists built from examples put common values first (first seen),
 * so the head of a list stands for the values users say most ("my" playlists, not "hillary's").
 */
export function pickSample(values: readonly string[], random: { next(): number }, headShare: number): string {
  const n = values.length;
  if (n === 0) throw new RangeError('pick from an empty sample list');
  if (headShare <= 0 || random.next() >= headShare) return values[Math.floor(random.next() * n)] as string;
  let cdf = zipfCdfs.get(values);
  if (!cdf) {
    cdf = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i += 1) cdf[i] = sum += 1 / (i + 1);
    zipfCdfs.set(values, cdf);
  }
  const target = random.next() * (cdf[n - 1] as number);
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cdf[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return values[lo] as string;
}
