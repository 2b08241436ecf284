/** English word tables for the built-in slot types (numbers, dates, times, confirmation). */

export const UNIT_WORDS: Readonly<Record<string, number>> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16,
  seventeen: 17, eighteen: 18, nineteen: 19,
};

export const TENS_WORDS: Readonly<Record<string, number>> = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};

export const SCALE_WORDS: Readonly<Record<string, number>> = { hundred: 100, thousand: 1000, million: 1_000_000 };

const ORDINAL_UNITS: Readonly<Record<string, number>> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9,
  tenth: 10, eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15,
  sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30,
};

/** "first" .. "thirty first" as token sequences joined by a space. */
export const ORDINAL_PHRASES: ReadonlyMap<string, number> = buildOrdinals();

function buildOrdinals(): Map<string, number> {
  const map = new Map<string, number>(Object.entries(ORDINAL_UNITS));
  for (const [tens, base] of [['twenty', 20], ['thirty', 30]] as const) {
    for (const [unit, value] of Object.entries(ORDINAL_UNITS)) {
      if (value < 10 && base + value <= 31) map.set(`${tens} ${unit}`, base + value);
    }
  }
  return map;
}

export const MONTHS: readonly string[] = [
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
];

export const MONTH_ABBREVIATIONS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

/** Index 0 = Sunday, as Date.getUTCDay(). */
export const WEEKDAYS: readonly string[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** Confirmation phrases, longest first matters: "i don't know" must not read as "no". */
export const CONFIRMATION_PHRASES: ReadonlyArray<readonly [string, 'Yes' | 'No' | 'Maybe' | "Don't know"]> = [
  ["i don't know", "Don't know"], ['i do not know', "Don't know"], ["don't know", "Don't know"], ['dunno', "Don't know"],
  ['not sure', "Don't know"], ['no idea', "Don't know"],
  ['not really', 'No'], ['no thanks', 'No'], ['no thank you', 'No'], ['do not', 'No'], ["don't", 'No'],
  ['nope', 'No'], ['nah', 'No'], ['no', 'No'], ['negative', 'No'], ['cancel', 'No'], ['wrong', 'No'], ['incorrect', 'No'],
  ['maybe', 'Maybe'], ['perhaps', 'Maybe'], ['possibly', 'Maybe'], ['might', 'Maybe'],
  ['yes please', 'Yes'], ['sounds good', 'Yes'], ['go ahead', 'Yes'], ['do it', 'Yes'], ['of course', 'Yes'],
  ['that is right', 'Yes'], ["that's right", 'Yes'], ['yes', 'Yes'], ['yeah', 'Yes'], ['yep', 'Yes'], ['yup', 'Yes'],
  ['ya', 'Yes'], ['sure', 'Yes'], ['ok', 'Yes'], ['okay', 'Yes'], ['correct', 'Yes'], ['right', 'Yes'],
  ['affirmative', 'Yes'], ['absolutely', 'Yes'], ['definitely', 'Yes'], ['confirm', 'Yes'], ['please do', 'Yes'],
];

/**
 * Words that, before or after a number, mark an upper price bound or a currency. The slot filler
 * treats a template cue as standing for its whole group, so a slot sampled as "under {MaxPrice}"
 * also accepts "below 100" and "100 bucks".
 */
export const NUMBER_CUE_GROUPS: ReadonlyArray<readonly string[]> = [
  ['under', 'below', 'less than', 'max', 'maximum', 'up to', 'cheaper than', 'at most', 'no more than', 'budget', 'within'],
  ['dollars', 'dollar', 'bucks', 'usd', '$', 'euros', 'pounds'],
  ['over', 'above', 'more than', 'at least', 'min', 'minimum'],
];
