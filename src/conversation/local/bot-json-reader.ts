import type { BotDiagnostics } from './bot-diagnostics.js';

/**
 * Typed, tolerant access to one parsed JSON file of a bot export. Lex exports write `null` for
 * absent fields and the docs and real exports spell some keys differently, so every lookup takes
 * alternative keys, treats null as absent, and reports wrong types against the JSON path of the
 * key actually used. Unknown keys are simply never looked at.
 */
export interface JsonNode {
  readonly value: unknown;
  /** JSON path from the file's root; '' is the root itself. */
  readonly path: string;
}

export interface FieldOptions {
  required?: boolean;
}

export interface NumberOptions extends FieldOptions {
  min?: number;
  max?: number;
  integer?: boolean;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function joinKey(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

export class JsonFileReader {
  constructor(
    readonly file: string,
    private readonly diagnostics: BotDiagnostics,
  ) {}

  root(value: unknown): JsonNode {
    return { value, path: '' };
  }

  /** The first of `keys` present with a non-null value; absent nodes carry the first key's path. */
  child(node: JsonNode, ...keys: string[]): JsonNode {
    const first = keys[0] ?? '';
    if (!isPlainObject(node.value)) return { value: undefined, path: joinKey(node.path, first) };
    for (const key of keys) {
      const value = node.value[key];
      if (value !== undefined && value !== null) return { value, path: joinKey(node.path, key) };
    }
    return { value: undefined, path: joinKey(node.path, first) };
  }

  isPresent(node: JsonNode): boolean {
    return node.value !== undefined && node.value !== null;
  }

  object(node: JsonNode, options: FieldOptions = {}): boolean {
    if (!this.checkPresent(node, options)) return false;
    if (isPlainObject(node.value)) return true;
    this.error(node, `expected an object, got ${describe(node.value)}`);
    return false;
  }

  string(node: JsonNode, options: FieldOptions = {}): string | undefined {
    if (!this.checkPresent(node, options)) return undefined;
    if (typeof node.value === 'string') return node.value;
    this.error(node, `expected a string, got ${describe(node.value)}`);
    return undefined;
  }

  boolean(node: JsonNode, options: FieldOptions = {}): boolean | undefined {
    if (!this.checkPresent(node, options)) return undefined;
    if (typeof node.value === 'boolean') return node.value;
    this.error(node, `expected true or false, got ${describe(node.value)}`);
    return undefined;
  }

  number(node: JsonNode, options: NumberOptions = {}): number | undefined {
    if (!this.checkPresent(node, options)) return undefined;
    const value = node.value;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.error(node, `expected a number, got ${describe(value)}`);
      return undefined;
    }
    if (options.integer === true && !Number.isInteger(value)) {
      this.error(node, `expected a whole number, got ${value}`);
      return undefined;
    }
    const { min, max } = options;
    if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
      this.error(node, `${value} is outside the allowed range ${min ?? '-inf'}-${max ?? 'inf'}`);
      return undefined;
    }
    return value;
  }

  /** Array items as nodes; an absent array is empty (exports write null for "none"). */
  array(node: JsonNode, options: FieldOptions = {}): JsonNode[] {
    if (!this.checkPresent(node, options)) return [];
    if (!Array.isArray(node.value)) {
      this.error(node, `expected an array, got ${describe(node.value)}`);
      return [];
    }
    return node.value.map((value: unknown, i) => ({ value, path: `${node.path}[${i}]` }));
  }

  /** A string that must be one of `allowed`; `aliases` maps other accepted spellings onto them. */
  oneOf<T extends string>(node: JsonNode, allowed: readonly T[], options: FieldOptions & { aliases?: Record<string, T> } = {}): T | undefined {
    const value = this.string(node, options);
    if (value === undefined) return undefined;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    const alias = options.aliases?.[value];
    if (alias !== undefined) return alias;
    this.error(node, `"${value}" is not one of ${allowed.join(', ')}`);
    return undefined;
  }

  error(node: JsonNode, message: string): void {
    this.diagnostics.error(this.file, node.path, message);
  }

  warning(node: JsonNode, message: string): void {
    this.diagnostics.warning(this.file, node.path, message);
  }

  private checkPresent(node: JsonNode, options: FieldOptions): boolean {
    if (this.isPresent(node)) return true;
    if (options.required === true) this.error(node, 'required field is missing');
    return false;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
