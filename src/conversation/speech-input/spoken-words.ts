/**
 * Text as a recognizer hears it: lower-case words, digits spelled out ("400" -> "four hundred"),
 * punctuation dropped, apostrophes inside words kept (cmudict spells "o'clock", "i'm").
 */
const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** 0-999,999 as words; longer digit runs are read digit by digit, as people read codes. */
export function numberWords(digits: string): string[] {
  const value = Number(digits);
  if (digits.length > 6 || (digits.length > 1 && digits.startsWith('0'))) return [...digits].map((d) => ONES[Number(d)] as string);
  return below1e6(value);
}

function below1e6(value: number): string[] {
  if (value >= 1000) {
    const rest = value % 1000;
    return [...below1000(Math.floor(value / 1000)), 'thousand', ...(rest === 0 ? [] : below1000(rest))];
  }
  return below1000(value);
}

function below1000(value: number): string[] {
  if (value >= 100) {
    const rest = value % 100;
    return [ONES[Math.floor(value / 100)] as string, 'hundred', ...(rest === 0 ? [] : below100(rest))];
  }
  return below100(value);
}

function below100(value: number): string[] {
  if (value < 20) return [ONES[value] as string];
  const unit = value % 10;
  return [TENS[Math.floor(value / 10)] as string, ...(unit === 0 ? [] : [ONES[unit] as string])];
}

/** The words of `text` as spoken. Hyphens separate words ("t-shirts" -> "t shirts"). */
export function spokenWords(text: string): string[] {
  const words: string[] = [];
  // Letters and digits split apart too: "gps2" -> "gps two".
  for (const token of text.toLowerCase().match(/[\p{L}]+(?:'[\p{L}]+)*|\d+/gu) ?? []) {
    if (/^\d+$/.test(token)) words.push(...numberWords(token));
    else words.push(token);
  }
  return words;
}
