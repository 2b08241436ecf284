/**
 * What a bandit-worded reply is guaranteed to be: the text of one of its intent's script variants
 * (ssml/scripts), the one its decision names. Tests assert that instead of one wording, since the
 * bandit may pick any variant whose variables the handler supplied.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ScriptFile {
  intent: string;
  variants: Array<{ id: string; template: string }>;
}

const XML_ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };

export function scriptVariantIds(repoRoot: string, intent: string): string[] {
  return readScript(repoRoot, intent).variants.map((v) => v.id);
}

/**
 * A pattern for the words a text client gets for `variantId`: the template's fixed words in order,
 * any text where it inserts a value, a space wherever the voice pauses between sentences.
 */
export function variantTextPattern(repoRoot: string, intent: string, variantId: string): RegExp {
  const variant = readScript(repoRoot, intent).variants.find((v) => v.id === variantId);
  if (variant === undefined) throw new Error(`${intent} has no script variant ${variantId}`);
  const HOLE = '\u0000';
  const words = variant.template
    .replace(/<say-as\b[^>]*>.*?<\/say-as>/g, HOLE)
    .replace(/\{\{\s*\w+\s*\}\}/g, HOLE)
    .replace(/<\/(?:s|p)>|<break\b[^>]*\/>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&(?:amp|lt|gt|quot|apos);/g, (entity) => XML_ENTITIES[entity] ?? entity)
    .replace(/\s+/g, ' ')
    .trim();
  const source = words
    .split(HOLE)
    .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'))
    .join('.+?');
  return new RegExp(source);
}

function readScript(repoRoot: string, intent: string): ScriptFile {
  if (!/^[A-Za-z]+$/.test(intent)) throw new Error(`not an intent name: ${intent}`);
  return JSON.parse(readFileSync(path.join(repoRoot, 'ssml', 'scripts', `${intent}.json`), 'utf8')) as ScriptFile;
}
