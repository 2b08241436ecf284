/**
 * Lex built-ins the local engine understands. A slot whose type is neither a custom slot type of
 * its locale nor listed here is an error, so a bot never loads with a slot nothing can fill.
 */
export const SUPPORTED_BUILT_IN_SLOT_TYPES: readonly string[] = [
  'AMAZON.Number',
  'AMAZON.AlphaNumeric',
  'AMAZON.Date',
  'AMAZON.Time',
  'AMAZON.Confirmation',
  'AMAZON.FirstName',
  'AMAZON.Country',
  'AMAZON.City',
  'AMAZON.FreeFormInput',
];

/** The built-in intent Lex chooses below the locale's NLU confidence threshold. */
export const FALLBACK_INTENT_SIGNATURE = 'AMAZON.FallbackIntent';

/** Lex accepts a free-form slot only when elicited: never in intent or slot sample utterances. */
export const FREE_FORM_SLOT_TYPE = 'AMAZON.FreeFormInput';

export function isSupportedBuiltInSlotType(name: string): boolean {
  return SUPPORTED_BUILT_IN_SLOT_TYPES.includes(name);
}
