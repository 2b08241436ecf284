import type { BanditAction, FeatureSet } from './port.js';
import { configError, featureError } from './errors.js';

/** A sparse feature vector: parallel arrays of hashed indices (< 2^bits) and values. */
export interface SparseVector {
  index: Int32Array;
  value: Float64Array;
}

/** One parsed namespace: feature names already hashed within the namespace. */
interface ParsedNamespace {
  name: string;
  /** Typed, so the cross loops on the decide path read monomorphic int32/float64 elements. */
  hashes: Int32Array;
  values: Float64Array;
}

export interface FeaturizerOptions {
  /** Hash space is 2^bits (default 18; LinUCB/Thompson use a small space, see learners/ridge.ts). */
  bits?: number;
  /**
   * Quadratic interactions as [context namespace, action namespace] pairs; `*` matches any.
   * The action id is namespace `#id`. Default [['*', '*']]: every context namespace crossed with
   * every action namespace, which is what lets one shared model score actions per context (ADF).
   */
  interactions?: readonly (readonly [string, string])[];
}

export const ACTION_ID_NAMESPACE = '#id';
export const DEFAULT_NAMESPACE = 'default';
const MAX_BITS = 24;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function hashString(text: string, seed = FNV_OFFSET): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** Flat, validated view of a feature set: namespace -> [feature name, numeric value]. */
export type NamedFeatures = Map<string, [string, number][]>;

/** Called once per feature: `oneHot` is the string value of a one-hot feature, else undefined. */
type FeatureVisitor = (ns: string, name: string, oneHot: string | undefined, value: number) => void;

/**
 * Walks a feature set following Personalizer's rules: strings and booleans are one-hot
 * (`name=value`), numbers are values, arrays of numbers become `name[i]`, `_`-prefixed names are
 * ignored, null becomes the string "null". NaN/Infinity and other types throw
 * PARLEY_BANDIT_FEATURE_INVALID naming the path (never the value).
 */
function walkFeatures(set: FeatureSet, where: string, visit: FeatureVisitor): void {
  if (!Array.isArray(set)) throw featureError(`${where} must be a list of feature objects`, { where });
  for (let i = 0; i < set.length; i++) {
    const object: unknown = set[i];
    if (object === null || typeof object !== 'object' || Array.isArray(object)) {
      throw featureError(`${where}[${i}] must be an object`, { where });
    }
    for (const key in object) {
      if (key.startsWith('_')) continue;
      const value: unknown = (object as Record<string, unknown>)[key];
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        checkNamespaceName(key, where);
        for (const name in value) {
          if (name.startsWith('_')) continue;
          visitValue(key, name, (value as Record<string, unknown>)[name], visit, () => `${where}[${i}].${key}.${name}`);
        }
      } else {
        visitValue(DEFAULT_NAMESPACE, key, value, visit, () => `${where}[${i}].${key}`);
      }
    }
  }
}

/** The validated features by namespace, with one-hot names spelled `name=value`. */
export function flattenFeatures(set: FeatureSet, where: string): NamedFeatures {
  const out: NamedFeatures = new Map();
  walkFeatures(set, where, (ns, name, oneHot, value) => {
    let list = out.get(ns);
    if (list === undefined) {
      list = [];
      out.set(ns, list);
    }
    list.push(oneHot === undefined ? [name, value] : [`${name}=${oneHot}`, 1]);
  });
  return out;
}

function checkNamespaceName(name: string, where: string): void {
  // eslint-disable-next-line no-control-regex
  if (name.length === 0 || /[\s:|\u0000-\u001f]/.test(name)) {
    throw featureError(`${where}: namespace names may not contain spaces, ':', '|' or control characters`, { where });
  }
}

/** `path` is a thunk so the success path builds no strings. */
function visitValue(ns: string, name: string, value: unknown, visit: FeatureVisitor, path: () => string): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw featureError(`${path()} is not a finite number`, { path: path() });
    visit(ns, name, undefined, value);
  } else if (typeof value === 'string' || typeof value === 'boolean' || value === null) {
    visit(ns, name, String(value), 1);
  } else if (Array.isArray(value)) {
    value.forEach((v: unknown, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw featureError(`${path()}[${j}] must be a finite number`, { path: path() });
      }
      visit(ns, `${name}[${j}]`, undefined, v);
    });
  } else {
    throw featureError(`${path()} has an unsupported type (or nests deeper than one namespace)`, { path: path() });
  }
}

/**
 * Hashes while walking. FNV-1a is streaming, so hashing `value` after `name` and `=` equals hashing
 * `name=value`, without building the string.
 */
function parse(set: FeatureSet, where: string, extra?: [string, string]): ParsedNamespace[] {
  const byName = new Map<string, { name: string; seed: number; hashes: number[]; values: number[] }>();
  const visit: FeatureVisitor = (ns, name, oneHot, value) => {
    let target = byName.get(ns);
    if (target === undefined) {
      target = { name: ns, seed: hashString(ns), hashes: [], values: [] };
      byName.set(ns, target);
    }
    const h = hashString(name, target.seed);
    target.hashes.push(oneHot === undefined ? h : hashString(oneHot, hashString('=', h)));
    target.values.push(value);
  };
  walkFeatures(set, where, visit);
  if (extra) visit(extra[0], extra[1], undefined, 1);
  return [...byName.values()].map((t) => ({ name: t.name, hashes: Int32Array.from(t.hashes), values: Float64Array.from(t.values) }));
}

/** Shared (context) part of an example, parsed once per decision and reused for every action. */
export interface ParsedContext {
  namespaces: ParsedNamespace[];
}

/** Turns context + action features into hashed sparse vectors with chosen quadratic interactions. */
export class Featurizer {
  readonly bits: number;
  readonly interactions: readonly (readonly [string, string])[];
  private readonly mask: number;
  private readonly constantIndex: number;
  private readonly actionCache = new WeakMap<BanditAction, { id: string; namespaces: ParsedNamespace[] }>();
  /** Grow-only buffers behind scratchVectors: no allocation per decision once warm. */
  private scratchIndex = new Int32Array(0);
  private scratchValue = new Float64Array(0);

  constructor(options: FeaturizerOptions = {}) {
    this.bits = options.bits ?? 18;
    if (!Number.isInteger(this.bits) || this.bits < 1 || this.bits > MAX_BITS) {
      throw configError(`featurizer bits must be an integer in 1..${MAX_BITS}`);
    }
    this.interactions = options.interactions ?? [['*', '*']];
    this.mask = (1 << this.bits) - 1;
    this.constantIndex = hashString('#constant') & this.mask;
  }

  parseContext(context: FeatureSet): ParsedContext {
    return { namespaces: parse(context, 'contextFeatures') };
  }

  /**
   * Actions usually come from a fixed set of response variants, so their parse is cached per action
   * object (actions are treated as immutable once passed in).
   */
  private parseAction(action: BanditAction, where: string): ParsedNamespace[] {
    const cached = this.actionCache.get(action);
    if (cached !== undefined && cached.id === action.id) return cached.namespaces;
    const namespaces = parse(action.features, `${where}.features`, [ACTION_ID_NAMESPACE, action.id]);
    this.actionCache.set(action, { id: action.id, namespaces });
    return namespaces;
  }

  /** The vector for one action: constant, context, action, id, and the chosen crosses. */
  vector(context: ParsedContext, action: BanditAction, where = 'actions'): SparseVector {
    return this.vectors(context, [action], where)[0] as SparseVector;
  }

  /**
   * Vectors for all actions of a decision. They share one backing buffer each for indices and
   * values: typed arrays of this size live off the V8 heap, and one allocation per decision instead
   * of two per action is most of the featurization cost.
   */
  vectors(context: ParsedContext, actions: readonly BanditAction[], where = 'actions'): SparseVector[] {
    return this.build(context, actions, where, false);
  }

  /**
   * As vectors(), but views into buffers this featurizer reuses: valid only until its next call.
   * For the decide path, which scores them at once and copies the one it keeps (copyVector).
   */
  scratchVectors(context: ParsedContext, actions: readonly BanditAction[], where = 'actions'): SparseVector[] {
    return this.build(context, actions, where, true);
  }

  private build(context: ParsedContext, actions: readonly BanditAction[], where: string, reuse: boolean): SparseVector[] {
    const parsed = actions.map((action, i) => this.parseAction(action, `${where}[${i}]`));
    let contextSize = 1;
    for (const ns of context.namespaces) contextSize += ns.hashes.length;
    const plans = parsed.map((actionNs) => {
      const pairs = this.pairs(context.namespaces, actionNs);
      let size = contextSize;
      for (const ns of actionNs) size += ns.hashes.length;
      for (const [c, a] of pairs) size += c.hashes.length * a.hashes.length;
      return { actionNs, pairs, size };
    });
    const total = plans.reduce((sum, plan) => sum + plan.size, 0);
    if (reuse && this.scratchIndex.length < total) {
      this.scratchIndex = new Int32Array(total * 2);
      this.scratchValue = new Float64Array(total * 2);
    }
    const indexBuffer = reuse ? this.scratchIndex : new Int32Array(total);
    const valueBuffer = reuse ? this.scratchValue : new Float64Array(total);
    const out: SparseVector[] = [];
    let offset = 0;
    for (const plan of plans) {
      const index = indexBuffer.subarray(offset, offset + plan.size);
      const value = valueBuffer.subarray(offset, offset + plan.size);
      this.fill(context.namespaces, plan.actionNs, plan.pairs, index, value);
      out.push({ index, value });
      offset += plan.size;
    }
    return out;
  }

  private fill(
    contextNs: ParsedNamespace[],
    actionNs: ParsedNamespace[],
    pairs: [ParsedNamespace, ParsedNamespace][],
    index: Int32Array,
    value: Float64Array,
  ): void {
    const mask = this.mask;
    index[0] = this.constantIndex;
    value[0] = 1;
    // Indexed loops only: no iterator or destructuring objects on the hottest path of decide.
    let n = copyNamespaces(contextNs, mask, index, value, 1);
    n = copyNamespaces(actionNs, mask, index, value, n);
    for (let p = 0; p < pairs.length; p++) {
      const pair = pairs[p] as [ParsedNamespace, ParsedNamespace];
      const ch = pair[0].hashes;
      const cv = pair[0].values;
      const ah = pair[1].hashes;
      const av = pair[1].values;
      for (let i = 0; i < ch.length; i++) {
        const hc = Math.imul(ch[i] as number, FNV_PRIME);
        const vc = cv[i] as number;
        for (let j = 0; j < ah.length; j++) {
          index[n] = (hc ^ (ah[j] as number)) & mask;
          value[n++] = vc * (av[j] as number);
        }
      }
    }
  }

  private pairs(context: ParsedNamespace[], action: ParsedNamespace[]): [ParsedNamespace, ParsedNamespace][] {
    if (this.interactions.length === 1 && this.interactions[0]?.[0] === '*' && this.interactions[0][1] === '*') {
      const all: [ParsedNamespace, ParsedNamespace][] = [];
      for (let i = 0; i < context.length; i++) for (let j = 0; j < action.length; j++) all.push([context[i] as ParsedNamespace, action[j] as ParsedNamespace]);
      return all;
    }
    const out: [ParsedNamespace, ParsedNamespace][] = [];
    for (const [left, right] of this.interactions) {
      for (const c of context) {
        if (left !== '*' && left !== c.name) continue;
        for (const a of action) if (right === '*' || right === a.name) out.push([c, a]);
      }
    }
    return out;
  }
}

function copyNamespaces(namespaces: ParsedNamespace[], mask: number, index: Int32Array, value: Float64Array, start: number): number {
  let n = start;
  for (let k = 0; k < namespaces.length; k++) {
    const ns = namespaces[k] as ParsedNamespace;
    const hashes = ns.hashes;
    const values = ns.values;
    for (let i = 0; i < hashes.length; i++) {
      index[n] = (hashes[i] as number) & mask;
      value[n++] = values[i] as number;
    }
  }
  return n;
}

/** A copy that owns its memory, for a vector kept past the featurizer's next call. */
export function copyVector(x: SparseVector): SparseVector {
  return { index: x.index.slice(), value: x.value.slice() };
}
