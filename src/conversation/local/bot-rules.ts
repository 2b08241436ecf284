import { FALLBACK_INTENT_SIGNATURE, FREE_FORM_SLOT_TYPE, isSupportedBuiltInSlotType } from './bot-builtins.js';
import type { BotDiagnostics } from './bot-diagnostics.js';
import type { LocatedLocale } from './bot-export-parser.js';
import type { LocatedIntent } from './bot-intent-parser.js';
import { describeQuotaFinding, quotaFindings } from './bot-quotas.js';
import { normalizeUtterance, utteranceSlotRefs } from './bot-utterance-refs.js';
import { shapeConflicts } from './shared-shapes.js';

/**
 * Rules that need more than one file: slot references in utterances, slot types a slot names,
 * duplicate names and utterances within a locale, utterances two intents share but for their
 * slots, the fallback intent, and Lex's build quotas.
 */
export function checkLocale(locale: LocatedLocale, diagnostics: BotDiagnostics): void {
  const customTypes = new Set<string>();
  for (const type of locale.slotTypes) {
    if (customTypes.has(type.def.name)) diagnostics.error(type.file, 'name', `slot type "${type.def.name}" is defined twice in this locale`);
    customTypes.add(type.def.name);
  }
  const intentNames = new Set<string>();
  for (const intent of locale.intents) {
    if (intentNames.has(intent.def.name)) diagnostics.error(intent.file, 'name', `intent "${intent.def.name}" is defined twice in this locale`);
    intentNames.add(intent.def.name);
    checkSlots(intent, customTypes, diagnostics);
    checkUtteranceRefs(intent, diagnostics);
  }
  checkDuplicateUtterances(locale, diagnostics);
  checkSharedShapes(locale, diagnostics);
  checkFallback(locale, diagnostics);
  checkQuotas(locale, diagnostics);
}

function checkSlots(intent: LocatedIntent, customTypes: Set<string>, diagnostics: BotDiagnostics): void {
  const names = new Set<string>();
  for (const slot of intent.slots) {
    const { name, slotTypeName } = slot.def;
    if (names.has(name)) diagnostics.error(slot.file, 'name', `slot "${name}" appears twice in intent ${intent.def.name}`);
    names.add(name);
    if (!customTypes.has(slotTypeName) && !isSupportedBuiltInSlotType(slotTypeName)) {
      diagnostics.error(slot.file, slot.slotTypeField, `slot type "${slotTypeName}" is neither a slot type of this locale nor a supported built-in`);
    }
  }
}

function checkUtteranceRefs(intent: LocatedIntent, diagnostics: BotDiagnostics): void {
  const slotTypes = new Map(intent.slots.map((s) => [s.def.name, s.def.slotTypeName]));
  const check = (file: string, field: string, utterance: string): void => {
    const { refs, problem } = utteranceSlotRefs(utterance);
    if (problem !== undefined) diagnostics.error(file, field, problem);
    for (const ref of refs) {
      const type = slotTypes.get(ref);
      if (type === undefined) diagnostics.error(file, field, `{${ref}} is not a slot of intent ${intent.def.name}`);
      else if (type === FREE_FORM_SLOT_TYPE) diagnostics.error(file, field, `{${ref}} is an ${FREE_FORM_SLOT_TYPE} slot, which Lex does not allow in sample utterances`);
    }
  };
  intent.def.sampleUtterances.forEach((u, i) => check(intent.file, intent.utteranceFields[i] ?? '', u));
  for (const slot of intent.slots) {
    slot.def.sampleUtterances.forEach((u, i) => check(slot.file, slot.utteranceFields[i] ?? '', u));
  }
}

/** Lex refuses to build a locale where one utterance appears twice, in one intent or in two. */
function checkDuplicateUtterances(locale: LocatedLocale, diagnostics: BotDiagnostics): void {
  const seen = new Map<string, { intent: string; file: string; field: string }>();
  for (const intent of locale.intents) {
    intent.def.sampleUtterances.forEach((utterance, i) => {
      const field = intent.utteranceFields[i] ?? '';
      const key = normalizeUtterance(utterance);
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, { intent: intent.def.name, file: intent.file, field });
      } else if (first.intent === intent.def.name) {
        diagnostics.error(intent.file, field, `duplicate sample utterance "${utterance}" (same as ${first.field})`);
      } else {
        diagnostics.error(intent.file, field, `sample utterance "${utterance}" is also in intent ${first.intent} (${first.file}: ${first.field})`);
      }
    });
  }
}

/** A warning, not an error: Lex builds such a bot, but confuses the two intents on those phrasings. */
function checkSharedShapes(locale: LocatedLocale, diagnostics: BotDiagnostics): void {
  const intents = locale.intents.map((i) => i.def);
  const located = new Map(locale.intents.map((i) => [i.def.name, i]));
  for (const c of shapeConflicts(intents, locale.slotTypes.map((t) => t.def))) {
    const intent = located.get(c.intent);
    const other = located.get(c.otherIntent);
    if (intent === undefined || other === undefined) continue;
    diagnostics.warning(
      intent.file,
      intent.utteranceFields[c.index] ?? '',
      `sample utterance "${intent.def.sampleUtterances[c.index] ?? ''}" has the words of "${other.def.sampleUtterances[c.otherIndex] ?? ''}" in intent ${c.otherIntent} (${other.file}: ${other.utteranceFields[c.otherIndex] ?? '$'}); only the slot values can tell the two intents apart`,
    );
  }
}

function checkFallback(locale: LocatedLocale, diagnostics: BotDiagnostics): void {
  const fallbacks = locale.intents.filter((i) => i.def.parentIntentSignature === FALLBACK_INTENT_SIGNATURE);
  if (fallbacks.length === 0) {
    diagnostics.warning(locale.file, '$', `locale ${locale.def.localeId} has no fallback intent (parentIntentSignature ${FALLBACK_INTENT_SIGNATURE})`);
  }
  for (const intent of locale.intents) {
    const parent = intent.def.parentIntentSignature;
    if (parent === FALLBACK_INTENT_SIGNATURE && intent.def.sampleUtterances.length > 0) {
      diagnostics.warning(intent.file, 'sampleUtterances', 'a fallback intent has no sample utterances in Lex; these are ignored');
    } else if (parent !== undefined && parent !== FALLBACK_INTENT_SIGNATURE) {
      diagnostics.warning(intent.file, 'parentIntentSignature', `built-in intent ${parent} is not supported by the local engine`);
    }
  }
}

/** Each count over a Lex build quota, reported at the file that holds what was counted. */
function checkQuotas(locale: LocatedLocale, diagnostics: BotDiagnostics): void {
  const findings = quotaFindings({
    localeId: locale.def.localeId,
    intents: locale.intents.map((i) => i.def),
    slotTypes: locale.slotTypes.map((t) => t.def),
  });
  for (const finding of findings) {
    const { scope } = finding;
    // The field is the first entry over the quota where there is one to point at.
    let file = locale.file;
    let field = '$';
    if (scope.kind === 'intent') {
      const intent = locale.intents.find((i) => i.def.name === scope.intent);
      file = intent?.file ?? file;
      if (finding.key === 'sampleUtterancesPerIntent') field = intent?.utteranceFields[finding.limit] ?? 'sampleUtterances';
    } else if (scope.kind === 'slot') {
      const slot = locale.intents.find((i) => i.def.name === scope.intent)?.slots.find((s) => s.def.name === scope.slot);
      file = slot?.file ?? file;
      field = slot?.utteranceFields[finding.limit] ?? '$';
    } else if (scope.kind === 'slotType') {
      file = locale.slotTypes.find((t) => t.def.name === scope.slotType)?.file ?? file;
      field = 'slotTypeValues';
    }
    if (finding.adjustable) diagnostics.warning(file, field, describeQuotaFinding(finding));
    else diagnostics.error(file, field, describeQuotaFinding(finding));
  }
}
