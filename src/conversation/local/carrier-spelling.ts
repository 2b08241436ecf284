/**
 * Typo tolerance for the words around slots: "plan an album by ..." is read as "play an album by
 * ...". A word the recognizer does not know is replaced by the bot's carrier word (a word its
 * sample utterances use outside {slot} placeholders) one edit away, the most used one when several
 * are. Only words of MIN_CARRIER_LENGTH or more letters take part on either side: one edit turns
 * most shorter words into other words. Listed slot values are known words, so they stay as
 * written (they have their own typo tolerance in slot-type-matcher.ts); an unlisted value's new
 * word one edit from a carrier word ("print" for "point") is read as the carrier too: that cost is
 * what cross-validation on train measures (docs/conversation.md).
 */
import { deletions, oneEditApart } from './fuzzy-words.js';

export const MIN_CARRIER_LENGTH = 4;
/** A carrier word used fewer times is too rare to be what a typo meant. */
export const MIN_CARRIER_USES = 2;
const LETTERS = /^[a-z']+$/;

export class CarrierSpelling {
  private readonly uses = new Map<string, number>();
  /** A carrier word and each of its one-letter deletions -> the carrier words they come from. */
  private readonly byKey = new Map<string, string[]>();

  /** @param carrierWords every carrier word of every sample utterance, repeats included */
  constructor(carrierWords: Iterable<string>) {
    const counts = new Map<string, number>();
    for (const w of carrierWords) if (w.length >= MIN_CARRIER_LENGTH && LETTERS.test(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
    for (const [word, count] of counts) {
      if (count < MIN_CARRIER_USES) continue;
      this.uses.set(word, count);
      for (const key of [word, ...deletions(word)]) {
        const list = this.byKey.get(key);
        if (list) list.push(word);
        else this.byKey.set(key, [word]);
      }
    }
  }

  /** The carrier word the unknown word most likely misspells, or undefined when none is one edit away. */
  correct(word: string): string | undefined {
    if (word.length < MIN_CARRIER_LENGTH || !LETTERS.test(word)) return undefined;
    let best: string | undefined;
    let bestUses = 0;
    for (const key of [word, ...deletions(word)]) {
      for (const candidate of this.byKey.get(key) ?? []) {
        const uses = this.uses.get(candidate) ?? 0;
        // Ties go to the alphabetically first word, so the reading does not depend on build order.
        if (uses > bestUses || (uses === bestUses && best !== undefined && candidate < best)) {
          if (!oneEditApart(word, candidate)) continue;
          best = candidate;
          bestUses = uses;
        }
      }
    }
    return best;
  }
}
