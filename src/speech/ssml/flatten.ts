import { closeTag, openTag, serializeNode } from './serialize.js';
import { type SsmlElement, type SsmlNode, attributeValue, textOf } from './tree.js';

/**
 * A document as a flat run of leaves, each remembering the elements it sits in. Any contiguous
 * run can be written back as balanced SSML by reopening the leaf's ancestors, which is how split
 * and compile cut documents without breaking tags.
 */
export interface Leaf {
  /** A piece of text, or an element kept whole (its text must not be cut: sub, say-as, ...). */
  node: SsmlNode;
  /** Ancestors below the root, outermost first. */
  path: SsmlElement[];
  /** A sentence ends right after this leaf: Polly would pause here anyway. */
  endsSentence: boolean;
}

const ATOMIC = new Set(['sub', 'phoneme', 'say-as', 'w', 'break', 'mark', 'amazon:breath']);
const SENTENCE_CUT = /[.!?…]["'”’)\]]*\s+/g;

export function flattenSsml(root: SsmlElement): Leaf[] {
  const leaves: Leaf[] = [];
  const visit = (element: SsmlElement, path: SsmlElement[]): void => {
    for (const child of element.children) {
      if (child.kind === 'text') pushText(leaves, child.text, path, child.position);
      else if (ATOMIC.has(child.name) || child.children.length === 0) leaves.push({ node: child, path, endsSentence: isStrongBreak(child) });
      else visit(child, [...path, child]);
    }
    const last = leaves.at(-1);
    if (last !== undefined && (element.name === 's' || element.name === 'p')) last.endsSentence = true;
  };
  visit(root, []);
  return leaves;
}

function isStrongBreak(element: SsmlElement): boolean {
  return element.name === 'break' && ['strong', 'x-strong'].includes(attributeValue(element, 'strength') ?? '');
}

function pushText(leaves: Leaf[], text: string, path: SsmlElement[], position: SsmlNode['position']): void {
  let start = 0;
  for (const match of text.matchAll(SENTENCE_CUT)) {
    const end = (match.index ?? 0) + match[0].length;
    leaves.push({ node: { kind: 'text', text: text.slice(start, end), position }, path, endsSentence: true });
    start = end;
  }
  if (start < text.length) leaves.push({ node: { kind: 'text', text: text.slice(start), position }, path, endsSentence: false });
}

/** Maps an element to what should be written for it: itself, a changed copy, or nothing (unwrap). */
export type ElementView = (element: SsmlElement) => SsmlElement | undefined;

const identity: ElementView = (element) => element;

/**
 * Writes leaves as one `<speak>` document with balanced tags. `wrap` elements (default prosody)
 * enclose all content; elements the view removes are unwrapped, keeping their content.
 */
export function serializeLeaves(root: SsmlElement, leaves: readonly Leaf[], view: ElementView = identity, wrap: SsmlElement[] = []): string {
  const out: string[] = [openTag(root), ...wrap.map(openTag)];
  let open: Array<{ source: SsmlElement; shown: SsmlElement }> = [];
  for (const leaf of leaves) {
    const target = leaf.path.flatMap((source) => {
      const shown = view(source);
      return shown === undefined ? [] : [{ source, shown }];
    });
    let common = 0;
    while (common < open.length && common < target.length && open[common]?.source === target[common]?.source) common += 1;
    for (let i = open.length - 1; i >= common; i -= 1) out.push(closeTag(open[i]?.shown ?? root));
    for (const entry of target.slice(common)) out.push(openTag(entry.shown));
    open = target;
    out.push(writeLeaf(leaf.node, view));
  }
  for (let i = open.length - 1; i >= 0; i -= 1) out.push(closeTag(open[i]?.shown ?? root));
  for (let i = wrap.length - 1; i >= 0; i -= 1) out.push(closeTag(wrap[i] ?? root));
  out.push(closeTag(root));
  return out.join('');
}

function writeLeaf(node: SsmlNode, view: ElementView): string {
  if (node.kind === 'text') return serializeNode(node);
  const shown = view(node);
  return shown === undefined ? node.children.map(serializeNode).join('') : serializeNode(shown);
}

/** Characters Polly bills for these leaves: their text, without tags. */
export function billedLength(leaves: readonly Leaf[]): number {
  return leaves.reduce((sum, leaf) => sum + textOf(leaf.node).length, 0);
}
