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
  for (const ch of text) {
    const c = /\p{Lu}/u.test(ch) ? 'X' : /\p{L}/u.test(ch) ? 'x' : /\p{N}/u.test(ch) ? 'd' : ch;
    if (!shape.endsWith(c)) shape += c;
  }
  return shape;
}

/**
 * Features of every token of an utterance. `useGazetteer[i] === false` hides token i's gazetteer
 * flags: training drops them on some slot values so the tagger also learns the context.
 */
export function sentenceFeatures(
  tokens: readonly Token[],
  intentName: string,
  gazetteer: Gazetteer,
  useGazetteer?: readonly boolean[],
): TokenFeatures[] {
  const words = tokens.map((t) => t.norm);
  const at = (i: number): string => (i < 0 ? '<s>' : i >= words.length ? '</s>' : (words[i] as string));
  return tokens.map((token, i) => {
    const w = at(i);
    // Affixes come from the word as typed, so that they survive its replacement by <unk>.
    const lower = token.text.toLowerCase();
    const names = [
      'bias', `w:${w}`, `w-1:${at(i - 1)}`, `w-2:${at(i - 2)}`, `w+1:${at(i + 1)}`, `w+2:${at(i + 2)}`,
      `b-:${at(i - 1)}|${w}`, `b+:${w}|${at(i + 1)}`, `c:${at(i - 1)}|${at(i + 1)}`,
      `shape:${wordShape(token.text)}`, `p3:${lower.slice(0, 3)}`, `s3:${lower.slice(-3)}`, `s2:${lower.slice(-2)}`,
      `len:${Math.min(lower.length, 8)}`, `int:${intentName}`, `int-w:${intentName}|${w}`, `int-w-1:${intentName}|${at(i - 1)}`,
      `int-w+1:${intentName}|${at(i + 1)}`, `t:${at(i - 1)}|${w}|${at(i + 1)}`,
    ];
    if (useGazetteer?.[i] !== false) {
      // No "not listed" feature: in training it would only ever mean O, yet unseen values are unlisted.
      for (const flag of gazetteer[i] ?? []) names.push(`g:${flag}`, `int-g:${intentName}|${flag}`);
      for (const flag of gazetteer[i - 1] ?? []) names.push(`g-1:${flag}`);
      for (const flag of gazetteer[i + 1] ?? []) names.push(`g+1:${flag}`);
    }
    return Int32Array.from(names, (n) => hashString(n) | 0);
  });
}
