/**
 * A recognizer hears a spelled code as separate words ("p s seven four one eight five two"), while
 * the bot's slot types match the code as written ("PS741852"). Joins such runs back into one
 * written token before the text engine reads the transcript.
 */
const DIGIT_WORDS: ReadonlyMap<string, string> = new Map(
  ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'].map((word, digit) => [word, String(digit)]),
);
// "oh" is how people read a 0 inside a code; only taken inside a run that already holds digits.
const ZERO_SPOKEN_AS_LETTER = 'oh';
/** Fewer spelled digits than this is ordinary speech ("a two piece", "size nine"), not a code. */
const MIN_CODE_DIGITS = 3;

const isLetter = (word: string): boolean => /^[a-z]$/.test(word);

/** The transcript with each run of letter names and digit words holding 3+ digits joined ("PS741852"). */
export function joinSpelledCodes(transcript: string): string {
  const words = transcript.split(/\s+/).filter((w) => w.length > 0);
  const out: string[] = [];
  let i = 0;
  while (i < words.length) {
    let end = i;
    let digits = 0;
    while (end < words.length) {
      const word = (words[end] as string).toLowerCase();
      if (DIGIT_WORDS.has(word)) digits += 1;
      else if (!(isLetter(word) || (word === ZERO_SPOKEN_AS_LETTER && digits > 0))) break;
      end += 1;
    }
    if (digits < MIN_CODE_DIGITS) {
      out.push(words[i] as string);
      i += 1;
      continue;
    }
    // Letter names beside the digits are the code's letters ("p s" in "p s seven four one").
    const code = words.slice(i, end).map((w) => {
      const word = w.toLowerCase();
      if (word === ZERO_SPOKEN_AS_LETTER) return '0';
      return DIGIT_WORDS.get(word) ?? word.toUpperCase();
    });
    out.push(code.join(''));
    i = end;
  }
  return out.join(' ');
}
