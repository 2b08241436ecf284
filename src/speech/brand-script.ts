import { SPEECH_ERROR_CODES, speechError } from './errors.js';
import { renderTemplate, renderTemplateIfSupplied, templateVariables, type TemplateValue, type TemplateVariables } from './ssml/template.js';

/**
 * One way to say a reply: the arms a bandit chooses between. `wording`, `length` and `style` are
 * the features it learns from; `style` names the voice effects the template uses.
 */
export interface ScriptVariant {
  id: string;
  wording: string;
  length: 'short' | 'long';
  style: string;
  /** SSML with `{{variable}}` placeholders (see renderTemplate). */
  template: string;
}

/** A reply script for one intent (ssml/scripts/<Intent>.json). */
export interface BrandScript {
  intent: string;
  /**
   * Each variable with an example value, used by `parley ssml check` and the tests. `personal`:
   * its values are personal data (a name, an order number, what the customer said), so audio
   * holding them is never written to the shared cache tiers.
   */
  variables: Record<string, { description: string; example: TemplateValue; personal?: boolean }>;
  variants: ScriptVariant[];
}

/** Checks a parsed script file; throws PARLEY_SPEECH_INVALID_SCRIPT listing every problem. */
export function parseBrandScript(value: unknown): BrandScript {
  const problems: string[] = [];
  if (!isRecord(value)) throw speechError(SPEECH_ERROR_CODES.invalidScript, 'a script must be a JSON object');
  const intent = typeof value.intent === 'string' && value.intent !== '' ? value.intent : '';
  if (intent === '') problems.push('intent must be a non-empty string');
  const variables = isRecord(value.variables) ? value.variables : {};
  for (const [name, variable] of Object.entries(variables)) {
    if (!isRecord(variable) || variable.example === undefined) problems.push(`variable ${name} needs an example`);
    else if (variable.personal !== undefined && typeof variable.personal !== 'boolean') problems.push(`variable ${name}: personal must be true or false`);
  }
  const variants = Array.isArray(value.variants) ? value.variants : [];
  if (variants.length === 0) problems.push('variants must be a non-empty list');
  const ids = new Set<string>();
  variants.forEach((variant, index) => checkVariant(variant, index, Object.keys(variables), ids, problems));
  if (problems.length > 0) throw speechError(SPEECH_ERROR_CODES.invalidScript, `invalid script ${intent}: ${problems.join('; ')}`, { problems });
  return value as unknown as BrandScript;
}

function checkVariant(variant: unknown, index: number, declared: string[], ids: Set<string>, problems: string[]): void {
  if (!isRecord(variant)) {
    problems.push(`variants[${index}] must be an object`);
    return;
  }
  for (const key of ['id', 'wording', 'style', 'template']) {
    if (typeof variant[key] !== 'string' || variant[key] === '') problems.push(`variants[${index}].${key} must be a non-empty string`);
  }
  if (variant.length !== 'short' && variant.length !== 'long') problems.push(`variants[${index}].length must be short or long`);
  if (typeof variant.id === 'string') {
    if (ids.has(variant.id)) problems.push(`variant id ${variant.id} repeats`);
    ids.add(variant.id);
  }
  if (typeof variant.template !== 'string') return;
  try {
    for (const name of templateVariables(variant.template)) {
      if (!declared.includes(name)) problems.push(`variants[${index}] uses undeclared variable ${name}`);
    }
  } catch (error) {
    problems.push(`variants[${index}].template: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The example values of a script's variables. */
export function exampleVariables(script: BrandScript): TemplateVariables {
  return Object.fromEntries(Object.entries(script.variables).map(([name, variable]) => [name, variable.example]));
}

/** The variables whose values are personal data (declared `"personal": true`). */
export function personalVariables(script: BrandScript): string[] {
  return Object.entries(script.variables).filter(([, variable]) => variable.personal === true).map(([name]) => name);
}

/** Renders one variant: every inserted value is XML-escaped. */
export function renderVariant(variant: ScriptVariant, variables: TemplateVariables): string {
  return renderTemplate(variant.template, variables);
}

/** Renders one variant, or undefined when a variable it uses is not supplied (nothing is thrown for that). */
export function renderVariantIfSupplied(variant: ScriptVariant, variables: TemplateVariables): string | undefined {
  return renderTemplateIfSupplied(variant.template, variables);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
