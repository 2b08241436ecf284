/**
 * Token features for the slot tagger, as 32-bit hashes (the tagger mixes in the tag). Words and
 * their neighbours carry the carrier phrase ("by {artist}"); shape and affixes generalize to
 * unseen names and numbers; gazetteer flags say a token lies inside a listed value of a slot type,
 * which is how the bot's value lists help without limiting the tagger to them.
 */
import { hashString } from './seeded-random.js';
import type { SlotTypeRegistry } from './slot-type-registry.js';
import type { Token } from './text-normalize.js';

/** One token's feature hashes. */
export type TokenFeatures = Int32Array;

/** Per token, the gazetteer flags ("B:type" / "I:type") of listed values covering it. */
export type Gazetteer = string[][];

export function gazetteerOf(tokens: readonly Token[], registry: SlotTypeRegistry): Gazetteer {
  const flags: Gazetteer = tokens.map(() => []);
  // One scan for all open lists; each type's findAll below (and the slot extractors' after it) reads it.
  registry.listed.primeMatchers(tokens);
  for (const type of registry.all()) {
    if (type.matcher.isEmpty) continue;
    const name = type.definition.name;
    for (const m of type.matcher.findAll(tokens)) {
      // BILU positions: where a listed value starts and ends is what the tagger most needs to learn.
      const last = m.endToken - 1;
      for (let i = m.startToken; i <= last; i += 1) {
        const position = m.startToken === last ? 'U' : i === m.startToken ? 'B' : i === last ? 'L' : 'I';
        flags[i]?.push(`${position}:${name}`);
      }
    }
  }
  return flags;
}

/** "Xxxx" -> "Xx", "2026" -> "d", "ps-12" -> "x-d": a compressed character-class pattern. */
export function wordShape(text: string): string {
  let shape = '';
  let last = '';
  for (const ch of text) {
    const c = shapeClass(ch);
    if (c !== last) shape += c;
    last = c;
  }
  return shape;
}

function shapeClass(ch: string): string {
  const code = ch.charCodeAt(0);
  // ASCII first: the Unicode property tests are slow and most tokens are ASCII.
  if (code >= 97 && code <= 122) return 'x';
  if (code >= 65 && code <= 90) return 'X';
  if (code >= 48 && code <= 57) return 'd';
  if (code < 128) return ch;
  return /\p{Lu}/u.test(ch) ? 'X' : /\p{L}/u.test(ch) ? 'x' : /\p{N}/u.test(ch) ? 'd' : ch;
}

/** FNV-1a continues over concatenations: the hash of prefix + text without building the string. */
const cont = (seed: number, text: string): number => hashString(text, seed);
const P = {
  w: hashString('w:'), wm1: hashString('w-1:'), wm2: hashString('w-2:'), wp1: hashString('w+1:'), wp2: hashString('w+2:'),
  bm: hashString('b-:'), bp: hashString('b+:'), c: hashString('c:'), t: hashString('t:'), shape: hashString('shape:'),
  p3: hashString('p3:'), s3: hashString('s3:'), s2: hashString('s2:'), len: hashString('len:'), int: hashString('int:'),
  intW: hashString('int-w:'), intWm1: hashString('int-w-1:'), intWp1: hashString('int-w+1:'),
  g: hashString('g:'), intG: hashString('int-g:'), gm1: hashString('g-1:'), gp1: hashString('g+1:'),
};
const BIAS = hashString('bias');
const LENGTHS = Array.from({ length: 9 }, (_, n) => cont(P.len, String(n)));
const BASE_FEATURES = 19;

/** The hash of prefix + text.slice(from, to), without the slice. */
function contRange(seed: number, text: string, from: number, to: number): number {
  let hash = seed >>> 0;
  for (let i = Math.max(0, from); i < Math.min(to, text.length); i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * Features of every token of an utterance. `useGazetteer[i] === false` hides token i's gazetteer
 * flags: training drops them on some slot values so the tagger also learns the context.
 * Feature names ("w:play", "b-:to|my", "int-w:AddToPlaylist|my", ...) are hashed as they are
 * chained, with no string built per feature: this runs on every turn.
 */
export function sentenceFeatures(
  tokens: readonly Token[],
  intentName: string,
  gazetteer: Gazetteer,
  useGazetteer?: readonly boolean[],
): TokenFeatures[] {
  const n = tokens.length;
  const at = (i: number): string => (i < 0 ? '<s>' : i >= n ? '</s>' : (tokens[i] as Token).norm);
  const intent = cont(P.int, intentName);
  const intW = cont(cont(P.intW, intentName), '|');
  const intWm1 = cont(cont(P.intWm1, intentName), '|');
  const intWp1 = cont(cont(P.intWp1, intentName), '|');
  const intG = cont(cont(P.intG, intentName), '|');
  const out: TokenFeatures[] = new Array<TokenFeatures>(n);
  for (let i = 0; i < n; i += 1) {
    const token = tokens[i] as Token;
    const w = at(i);
    const m1 = at(i - 1);
    const m2 = at(i - 2);
    const p1 = at(i + 1);
    const p2 = at(i + 2);
    // Affixes come from the word as typed, so that they survive its replacement by <unk>.
    const lower = token.text.toLowerCase();
    const gazetteerOn = useGazetteer?.[i] !== false;
    const here = gazetteerOn ? (gazetteer[i] ?? []) : [];
    const before = gazetteerOn ? (gazetteer[i - 1] ?? []) : [];
    const after = gazetteerOn ? (gazetteer[i + 1] ?? []) : [];
    const f = new Int32Array(BASE_FEATURES + 2 * here.length + before.length + after.length);
    f[0] = BIAS | 0;
    f[1] = cont(P.w, w) | 0;
    f[2] = cont(P.wm1, m1) | 0;
    f[3] = cont(P.wm2, m2) | 0;
    f[4] = cont(P.wp1, p1) | 0;
    f[5] = cont(P.wp2, p2) | 0;
    f[6] = cont(cont(cont(P.bm, m1), '|'), w) | 0;
    f[7] = cont(cont(cont(P.bp, w), '|'), p1) | 0;
    f[8] = cont(cont(cont(P.c, m1), '|'), p1) | 0;
    f[9] = cont(P.shape, wordShape(token.text)) | 0;
    f[10] = contRange(P.p3, lower, 0, 3) | 0;
    f[11] = contRange(P.s3, lower, lower.length - 3, lower.length) | 0;
    f[12] = contRange(P.s2, lower, lower.length - 2, lower.length) | 0;
    f[13] = (LENGTHS[Math.min(lower.length, 8)] as number) | 0;
    f[14] = intent | 0;
    f[15] = cont(intW, w) | 0;
    f[16] = cont(intWm1, m1) | 0;
    f[17] = cont(intWp1, p1) | 0;
    f[18] = cont(cont(cont(cont(cont(P.t, m1), '|'), w), '|'), p1) | 0;
    // No "not listed" feature: in training it would only ever mean O, yet unseen values are unlisted.
    let k = BASE_FEATURES;
    for (const flag of here) {
      f[k] = cont(P.g, flag) | 0;
      f[k + 1] = cont(intG, flag) | 0;
      k += 2;
    }
    for (const flag of before) f[k++] = cont(P.gm1, flag) | 0;
    for (const flag of after) f[k++] = cont(P.gp1, flag) | 0;
    out[i] = f;
  }
  return out;
}
