/**
 * Sample utterances with {Slot} placeholders, parsed once. The classifier expands them; the slot
 * filler reads the words around each placeholder (carrier phrases) to place values.
 */
import { tokenize } from './text-normalize.js';

export type TemplatePart = { kind: 'words'; words: string[] } | { kind: 'slot'; slotName: string };

export interface UtteranceTemplate {
  source: string;
  parts: TemplatePart[];
}

const PLACEHOLDER = /\{([A-Za-z0-9_]+)\}/g;

export function parseTemplate(source: string): UtteranceTemplate {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of source.matchAll(PLACEHOLDER)) {
    pushWords(parts, source.slice(last, match.index));
    parts.push({ kind: 'slot', slotName: match[1] as string });
    last = match.index + match[0].length;
  }
  pushWords(parts, source.slice(last));
  return { source, parts };
}

function pushWords(parts: TemplatePart[], text: string): void {
  const words = tokenize(text).map((t) => t.norm);
  if (words.length > 0) parts.push({ kind: 'words', words });
}

export function templateSlots(template: UtteranceTemplate): string[] {
  return template.parts.flatMap((p) => (p.kind === 'slot' ? [p.slotName] : []));
}

export interface SlotContext {
  /** Up to `width` words right before the placeholder (nearest last). */
  before: string[];
  /** Up to `width` words right after it. */
  after: string[];
  /** All carrier words before the placeholder, for free-text location. */
  prefix: string[];
  /** Carrier words after the placeholder up to the next placeholder. */
  suffix: string[];
}

/** The carrier words around each occurrence of `slotName` in the templates. */
export function slotContexts(templates: readonly UtteranceTemplate[], slotName: string, width = 2): SlotContext[] {
  const contexts: SlotContext[] = [];
  for (const template of templates) {
    template.parts.forEach((part, index) => {
      if (part.kind !== 'slot' || part.slotName !== slotName) return;
      const previous = template.parts[index - 1];
      const next = template.parts[index + 1];
      const prefix = previous?.kind === 'words' ? previous.words : [];
      const suffix = next?.kind === 'words' ? next.words : [];
      contexts.push({ before: prefix.slice(-width), after: suffix.slice(0, width), prefix, suffix });
    });
  }
  return contexts;
}
