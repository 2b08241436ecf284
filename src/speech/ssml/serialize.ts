import { escapeXml } from './escape.js';
import type { SsmlElement, SsmlNode } from './tree.js';

export function openTag(element: Pick<SsmlElement, 'name' | 'attributes'>): string {
  const attributes = element.attributes.map((a) => ` ${a.name}="${escapeXml(a.value)}"`).join('');
  return `<${element.name}${attributes}>`;
}

export function closeTag(element: Pick<SsmlElement, 'name'>): string {
  return `</${element.name}>`;
}

/** Writes a subtree back as SSML; empty elements are written self-closed. */
export function serializeNode(node: SsmlNode): string {
  if (node.kind === 'text') return escapeXml(node.text);
  if (node.children.length === 0) return `${openTag(node).slice(0, -1)}/>`;
  return `${openTag(node)}${node.children.map(serializeNode).join('')}${closeTag(node)}`;
}
