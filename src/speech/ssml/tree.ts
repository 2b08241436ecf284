/** The parsed SSML tree: elements keep their qualified names (`amazon:effect`) and positions. */

/** 1-based line and column of a character, plus its 0-based offset in the source. */
export interface SourcePosition {
  offset: number;
  line: number;
  column: number;
}

export interface SsmlAttribute {
  /** Qualified name as written, e.g. `xml:lang`, `amazon:max-duration`. */
  name: string;
  value: string;
  position: SourcePosition;
}

export interface SsmlElement {
  kind: 'element';
  name: string;
  attributes: SsmlAttribute[];
  children: SsmlNode[];
  position: SourcePosition;
}

export interface SsmlText {
  kind: 'text';
  /** Decoded text (entities resolved). */
  text: string;
  position: SourcePosition;
}

export type SsmlNode = SsmlElement | SsmlText;

export function attributeValue(element: SsmlElement, name: string): string | undefined {
  return element.attributes.find((attribute) => attribute.name === name)?.value;
}

export function hasAttribute(element: SsmlElement, name: string): boolean {
  return element.attributes.some((attribute) => attribute.name === name);
}

/** Decoded text of a subtree, without markup: what Polly bills and speaks. */
export function textOf(node: SsmlNode): string {
  if (node.kind === 'text') return node.text;
  return node.children.map(textOf).join('');
}

/** Depth-first walk; `visit` gets each element with its ancestors (root first). */
export function walkElements(root: SsmlElement, visit: (element: SsmlElement, ancestors: SsmlElement[]) => void): void {
  const stack: SsmlElement[] = [];
  const go = (element: SsmlElement): void => {
    visit(element, stack);
    stack.push(element);
    for (const child of element.children) if (child.kind === 'element') go(child);
    stack.pop();
  };
  go(root);
}
