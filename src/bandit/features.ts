import type { BanditAction, FeatureSet } from './port.js';
import { configError, featureError } from './errors.js';

/** A sparse feature vector: parallel arrays of hashed indices (< 2^bits) and values. */
export interface SparseVector {
  index: Int32Array;
  value: Float64Array;
}

/**
 * One side of an example (the context, or one action) parsed and hashed, flat: namespace k holds
 * features start[k] .. start[k + 1] - 1, in first-appearance order, so the cross loops on the
 * decide path read typed arrays only (no per-namespace objects, no Map).
 */
export interface ParsedFeatures {
  names: string[];
  start: Int32Array;
  hashes: Int32Array;
  values: Float64Array;
}

/** Shared (context) part of an example, parsed once per decision and reused for every action. */
export type ParsedContext = ParsedFeatures;

/** A decision's chosen example as kept for learning (FeatureBatch.keep, Featurizer.keptVector). */
export interface KeptExample {
  readonly names: readonly string[];
  readonly start: readonly number[];
  /** The context's hashes, then its values. */
  readonly data: readonly number[];
  readonly action: ParsedFeatures;
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
const UNDERSCORE = 95;
const EQUALS = 61;

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

/** Receives each feature: `oneHot` is the string value of a one-hot feature, else undefined. */
interface FeatureSink {
  /** Index of the namespace (created on first sight). */
  namespace(name: string): number;
  add(ns: number, name: string, oneHot: string | undefined, value: number): void;
}

/**
 * Walks a feature set following Personalizer's rules: strings and booleans are one-hot
 * (`name=value`), numbers are values, arrays of numbers become `name[i]`, `_`-prefixed names are
 * ignored, null becomes the string "null". NaN/Infinity and other types throw
 * PARLEY_BANDIT_FEATURE_INVALID naming the path (never the value). Error paths are built only when
 * throwing, so the success path builds no strings.
 */
function walkFeatures(set: FeatureSet, where: string, sink: FeatureSink): void {
  if (!Array.isArray(set)) throw featureError(`${where} must be a list of feature objects`, { where });
  let defaultNs = -1;
  for (let i = 0; i < set.length; i++) {
    const object: unknown = set[i];
    if (object === null || typeof object !== 'object' || Array.isArray(object)) {
      throw featureError(`${where}[${i}] must be an object`, { where });
    }
    for (const key in object) {
      if (key.charCodeAt(0) === UNDERSCORE) continue;
      const value: unknown = (object as Record<string, unknown>)[key];
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        checkNamespaceName(key, where);
        const ns = sink.namespace(key);
        for (const name in value) {
          if (name.charCodeAt(0) === UNDERSCORE) continue;
          visitValue(sink, ns, name, (value as Record<string, unknown>)[name], where, i, key);
        }
      } else {
        if (defaultNs < 0) defaultNs = sink.namespace(DEFAULT_NAMESPACE);
        visitValue(sink, defaultNs, key, value, where, i, undefined);
      }
    }
  }
}

// eslint-disable-next-line no-control-regex
const BAD_NAMESPACE = /[\s:|\u0000-\u001f]/;

function checkNamespaceName(name: string, where: string): void {
  if (name.length === 0 || BAD_NAMESPACE.test(name)) {
    throw featureError(`${where}: namespace names may not contain spaces, ':', '|' or control characters`, { where });
  }
}

/**
 * Sets `list` to `items[0 .. count - 1]` in place. `length = 0` then push would drop and regrow
 * the array's storage on every decision; decisions usually repeat the same entries.
 */
function assignPrefix<T>(list: T[], items: readonly T[], count: number): void {
  for (let k = 0; k < count; k++) if (list[k] !== items[k]) list[k] = items[k] as T;
  if (list.length !== count) list.length = count;
}

function featurePath(where: string, i: number, ns: string | undefined, name: string): string {
  return ns === undefined ? `${where}[${i}].${name}` : `${where}[${i}].${ns}.${name}`;
}

function visitValue(sink: FeatureSink, ns: number, name: string, value: unknown, where: string, i: number, nsName: string | undefined): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      const path = featurePath(where, i, nsName, name);
      throw featureError(`${path} is not a finite number`, { path });
    }
    sink.add(ns, name, undefined, value);
  } else if (typeof value === 'string') {
    sink.add(ns, name, value, 1);
  } else if (typeof value === 'boolean') {
    sink.add(ns, name, value ? 'true' : 'false', 1);
  } else if (value === null) {
    sink.add(ns, name, 'null', 1);
  } else if (Array.isArray(value)) {
    for (let j = 0; j < value.length; j++) {
      const v: unknown = value[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        const path = featurePath(where, i, nsName, name);
        throw featureError(`${path}[${j}] must be a finite number`, { path });
      }
      sink.add(ns, `${name}[${j}]`, undefined, v);
    }
  } else {
    const path = featurePath(where, i, nsName, name);
    throw featureError(`${path} has an unsupported type (or nests deeper than one namespace)`, { path });
  }
}

/** The validated features by namespace, with one-hot names spelled `name=value`. */
export function flattenFeatures(set: FeatureSet, where: string): NamedFeatures {
  const out: NamedFeatures = new Map();
  const names: string[] = [];
  walkFeatures(set, where, {
    namespace(name) {
      names.push(name);
      return names.length - 1;
    },
    // Created on the first feature, so a namespace with none is left out.
    add(ns, name, oneHot, value) {
      const nsName = names[ns] as string;
      let list = out.get(nsName);
      if (list === undefined) {
        list = [];
        out.set(nsName, list);
      }
      list.push(oneHot === undefined ? [name, value] : [`${name}=${oneHot}`, 1]);
    },
  });
  return out;
}

/**
 * Collects hashed features into grow-only typed buffers, then groups them by namespace (stable):
 * a namespace may appear in several objects of a feature set and its features must end up
 * together, in visit order. FNV-1a is streaming, so hashing `value` after `name` and `=` equals
 * hashing `name=value`, without building the string.
 */
class FeatureCollector implements FeatureSink {
  /** Namespaces seen, names[0 .. namespaceCount - 1] (grow-only storage, reused). */
  private names: string[] = [];
  private namespaceCount = 0;
  private seeds: number[] = [];
  private ns = new Int32Array(64);
  private hashes = new Int32Array(64);
  private values = new Float64Array(64);
  private count = 0;

  reset(): void {
    this.namespaceCount = 0;
    this.count = 0;
  }

  namespace(name: string): number {
    const names = this.names;
    const count = this.namespaceCount;
    for (let k = 0; k < count; k++) if (names[k] === name) return k;
    if (names[count] !== name) {
      names[count] = name;
      this.seeds[count] = hashString(name);
    }
    return this.namespaceCount++;
  }

  add(ns: number, name: string, oneHot: string | undefined, value: number): void {
    let h = hashString(name, this.seeds[ns] as number);
    if (oneHot !== undefined) h = hashString(oneHot, Math.imul(h ^ EQUALS, FNV_PRIME) >>> 0);
    if (this.count === this.hashes.length) this.grow();
    this.ns[this.count] = ns;
    this.hashes[this.count] = h;
    this.values[this.count++] = value;
  }

  private grow(): void {
    const size = this.hashes.length * 2;
    const ns = new Int32Array(size);
    const hashes = new Int32Array(size);
    const values = new Float64Array(size);
    ns.set(this.ns);
    hashes.set(this.hashes);
    values.set(this.values);
    this.ns = ns;
    this.hashes = hashes;
    this.values = values;
  }

  /** Writes the grouped features into `into` (reusing its buffers when large enough) or a new one. */
  finish(into?: ParsedFeatures): ParsedFeatures {
    const namespaces = this.namespaceCount;
    const n = this.count;
    const out: ParsedFeatures =
      into !== undefined && into.start.length > namespaces && into.hashes.length >= n
        ? into
        : { names: [], start: new Int32Array(Math.max(namespaces + 1, into?.start.length ?? 0)), hashes: new Int32Array(Math.max(n, into?.hashes.length ?? 0)), values: new Float64Array(Math.max(n, into?.values.length ?? 0)) };
    assignPrefix(out.names, this.names, namespaces);
    const start = out.start;
    start.fill(0, 0, namespaces + 1);
    for (let i = 0; i < n; i++) start[(this.ns[i] as number) + 1] = (start[(this.ns[i] as number) + 1] as number) + 1;
    for (let k = 0; k < namespaces; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number);
    // start[k] now doubles as the write cursor of namespace k; it is restored below.
    for (let i = 0; i < n; i++) {
      const k = this.ns[i] as number;
      const at = start[k] as number;
      out.hashes[at] = this.hashes[i] as number;
      out.values[at] = this.values[i] as number;
      start[k] = at + 1;
    }
    for (let k = namespaces; k > 0; k--) start[k] = start[k - 1] as number;
    start[0] = 0;
    return out;
  }
}

/** Exact-size copy, for parses kept past the collector's next use. */
function owned(p: ParsedFeatures): ParsedFeatures {
  const namespaces = p.names.length;
  const n = p.start[namespaces] as number;
  return { names: p.names.slice(), start: p.start.slice(0, namespaces + 1), hashes: p.hashes.slice(0, n), values: p.values.slice(0, n) };
}

function featureCount(p: ParsedFeatures): number {
  return p.start[p.names.length] as number;
}

/**
 * The candidate actions of one decision, featurized lazily: `dot` scores a linear model over the
 * full example (constant, context, action, crosses) without writing the crossed vector out, which
 * is what the decide path of every linear policy needs; `vectors` and `vector` materialize it for
 * policies that need x itself (LinUCB's x' A^-1 x) and for learning.
 *
 * A batch from Featurizer.batch() reuses the featurizer's buffers: it is valid until the next
 * batch() call on the same featurizer.
 */
export class FeatureBatch {
  /** Cross pairs per action: pairs of (context ns, action ns), from pairStart[a] to pairStart[a + 1]. */
  private pairList = new Int32Array(64);
  private pairStart = new Int32Array(2);
  private views: SparseVector[] | undefined;
  /**
   * Context hashes premultiplied for crossing and masked (imul(h, FNV prime) & mask), once per
   * decision: a cross's index is then seed ^ (action hash & mask), masking distributing over xor.
   */
  private crossSeeds = new Int32Array(64);
  private viewIndex = new Int32Array(0);
  private viewValue = new Float64Array(0);
  /**
   * The action set's plan (every namespace crossed): its distinct masked action hashes (`slotHash`)
   * and, for each action's features from featureStart[a], the slot and value. Actions of a set share
   * most features (a layout, a length, numeric features hash by name alone), so the crosses are
   * summed once per distinct hash, not once per action. Rebuilt only when the parsed actions
   * differ from the previous batch's (action parses are cached per action object).
   */
  private planActions: ParsedFeatures[] = [];
  private slotHash = new Int32Array(64);
  private slotCount = 0;
  private slotScore = new Float64Array(64);
  private featureSlot = new Int32Array(128);
  private featureValue = new Float64Array(128);
  private featureStart = new Int32Array(2);
  /** Open-addressing table (masked hash -> slot + 1) used while a plan is built. */
  private slotTable = new Int32Array(256);
  /** Score buffers by action count, for the scratch distribution of the decide path. */
  private readonly scoreBuffers: Float64Array[] = [];
  context!: ParsedContext;
  actions: ParsedFeatures[] = [];

  constructor(
    private readonly featurizer: Featurizer,
    readonly mask: number,
    private readonly constantIndex: number,
    /** Every context namespace crossed with every action namespace (the default): no pair plan. */
    private readonly crossAll: boolean,
  ) {}

  get size(): number {
    return this.actions.length;
  }

  /** @internal Points the batch at a new decision. */
  reset(context: ParsedContext, actions: ParsedFeatures[]): void {
    this.context = context;
    this.actions = actions;
    this.views = undefined;
    const contextCount = featureCount(context);
    if (this.crossSeeds.length < contextCount) this.crossSeeds = new Int32Array(contextCount * 2);
    const mask = this.mask;
    for (let i = 0; i < contextCount; i++) this.crossSeeds[i] = Math.imul(context.hashes[i] as number, FNV_PRIME) & mask;
    if (this.crossAll) {
      if (!this.samePlan(actions)) this.plan(actions);
      return;
    }
    if (this.pairStart.length <= actions.length) this.pairStart = new Int32Array(actions.length * 2 + 1);
    const needed = this.featurizer.pairsPlan(context, actions, this.pairList, this.pairStart);
    if (needed > 0) {
      this.pairList = new Int32Array(needed * 2);
      this.featurizer.pairsPlan(context, actions, this.pairList, this.pairStart);
    }
  }

  private samePlan(actions: readonly ParsedFeatures[]): boolean {
    const planned = this.planActions;
    if (planned.length !== actions.length) return false;
    for (let a = 0; a < actions.length; a++) if (planned[a] !== actions[a]) return false;
    return true;
  }

  /** Builds the action set's plan: distinct masked hashes, and each action feature's slot. */
  private plan(actions: readonly ParsedFeatures[]): void {
    const mask = this.mask;
    let total = 0;
    for (let a = 0; a < actions.length; a++) total += featureCount(actions[a] as ParsedFeatures);
    if (this.featureSlot.length < total) {
      this.featureSlot = new Int32Array(total * 2);
      this.featureValue = new Float64Array(total * 2);
    }
    if (this.featureStart.length <= actions.length) this.featureStart = new Int32Array(actions.length * 2 + 1);
    if (this.slotHash.length < total) {
      this.slotHash = new Int32Array(total * 2);
      this.slotScore = new Float64Array(total * 2);
    }
    let tableSize = this.slotTable.length;
    while (tableSize < total * 2) tableSize *= 2;
    if (tableSize !== this.slotTable.length) this.slotTable = new Int32Array(tableSize);
    const table = this.slotTable;
    table.fill(0);
    const tableMask = tableSize - 1;
    let slots = 0;
    let n = 0;
    for (let a = 0; a < actions.length; a++) {
      this.featureStart[a] = n;
      const act = actions[a] as ParsedFeatures;
      const count = featureCount(act);
      for (let j = 0; j < count; j++) {
        const h = (act.hashes[j] as number) & mask;
        let at = Math.imul(h, FNV_PRIME) & tableMask;
        // Linear probing; the table is at least twice the feature count, so a free entry exists.
        while ((table[at] as number) !== 0 && (this.slotHash[(table[at] as number) - 1] as number) !== h) at = (at + 1) & tableMask;
        if ((table[at] as number) === 0) {
          this.slotHash[slots] = h;
          table[at] = ++slots;
        }
        this.featureSlot[n] = (table[at] as number) - 1;
        this.featureValue[n++] = act.values[j] as number;
      }
    }
    this.featureStart[actions.length] = n;
    this.slotCount = slots;
    this.planActions = actions.slice();
  }

  /**
   * A score buffer of `size` entries owned by the batch (reused by every decision with as many
   * actions): the decide path's scores and distribution are written there instead of allocating.
   */
  scores(): Float64Array {
    const k = this.actions.length;
    return (this.scoreBuffers[k] ??= new Float64Array(k));
  }

  /**
   * out[a] = w . x_a for every action: the constant and context terms once for all actions, then
   * each action's own terms and crosses. Reads `weights` at hashed indices only; nothing is
   * allocated. With every namespace crossed (the default) the crosses are summed once per distinct
   * action hash over all context features (see `plan`), so the sum is the materialized vector's
   * dot product grouped differently: equal up to rounding (relative 1e-15), not bit for bit. With
   * chosen pairs it is summed in the vector's order, bit-identical.
   */
  dot(weights: Float64Array, out: Float64Array): Float64Array {
    if (this.crossAll) return this.dotCrossAll(weights, out);
    const mask = this.mask;
    const ctx = this.context;
    const ch = ctx.hashes;
    const cv = ctx.values;
    const cs = ctx.start;
    const shared = this.sharedScore(weights);
    const pairList = this.pairList;
    const pairStart = this.pairStart;
    for (let a = 0; a < this.actions.length; a++) {
      const act = this.actions[a] as ParsedFeatures;
      const ah = act.hashes;
      const av = act.values;
      const as = act.start;
      const actionCount = featureCount(act);
      let sum = shared;
      for (let j = 0; j < actionCount; j++) sum += (weights[(ah[j] as number) & mask] as number) * (av[j] as number);
      const pairEnd = pairStart[a + 1] as number;
      for (let p = pairStart[a] as number; p < pairEnd; p += 2) {
        const c = pairList[p] as number;
        const k = pairList[p + 1] as number;
        const cEnd = cs[c + 1] as number;
        const aStart = as[k] as number;
        const aEnd = as[k + 1] as number;
        for (let i = cs[c] as number; i < cEnd; i++) {
          const hc = Math.imul(ch[i] as number, FNV_PRIME);
          const vc = cv[i] as number;
          for (let j = aStart; j < aEnd; j++) sum += (weights[(hc ^ (ah[j] as number)) & mask] as number) * (vc * (av[j] as number));
        }
      }
      out[a] = sum;
    }
    return out;
  }

  /** The terms every action shares: the constant and the context's own features. */
  private sharedScore(weights: Float64Array): number {
    const mask = this.mask;
    const { hashes, values } = this.context;
    const count = featureCount(this.context);
    let shared = weights[this.constantIndex] as number;
    for (let i = 0; i < count; i++) shared += (weights[(hashes[i] as number) & mask] as number) * (values[i] as number);
    return shared;
  }

  /**
   * dot() when every namespace pair is crossed: x_a . w = shared + sum_j v_j (w[h_j] + sum_i c_i
   * w[s_i ^ h_j]), and the bracket depends on the action feature's hash only, so it is computed
   * once per slot of the plan. Small functions with typed-array reads V8 compiles tightly.
   */
  private dotCrossAll(weights: Float64Array, out: Float64Array): Float64Array {
    const ctx = this.context;
    const cv = ctx.values;
    const seeds = this.crossSeeds;
    const contextCount = featureCount(ctx);
    const shared = this.sharedScore(weights);
    const slotHash = this.slotHash;
    const slotScore = this.slotScore;
    const slots = this.slotCount;
    for (let s = 0; s < slots; s++) {
      const h = slotHash[s] as number;
      // Two partial sums: the adds of one chain wait on each other, two chains overlap.
      let even = 0;
      let odd = 0;
      let i = 0;
      for (; i + 1 < contextCount; i += 2) {
        even += (weights[(seeds[i] as number) ^ h] as number) * (cv[i] as number);
        odd += (weights[(seeds[i + 1] as number) ^ h] as number) * (cv[i + 1] as number);
      }
      if (i < contextCount) even += (weights[(seeds[i] as number) ^ h] as number) * (cv[i] as number);
      slotScore[s] = (weights[h] as number) + (even + odd);
    }
    const featureSlot = this.featureSlot;
    const featureValue = this.featureValue;
    const featureStart = this.featureStart;
    for (let a = 0; a < this.actions.length; a++) {
      const end = featureStart[a + 1] as number;
      let sum = 0;
      for (let j = featureStart[a] as number; j < end; j++) sum += (featureValue[j] as number) * (slotScore[featureSlot[j] as number] as number);
      out[a] = shared + sum;
    }
    return out;
  }

  /**
   * What learning from action a needs, kept past this batch without materializing its vector: the
   * context parse copied into plain arrays (on the V8 heap: a typed array of more than 64 bytes has
   * its memory allocated outside it, which costs microseconds and drives collections), and the
   * action's parse, which is already owned. Featurizer.keptVector() turns it into the vector.
   */
  keep(a: number): KeptExample {
    const ctx = this.context;
    const namespaces = ctx.names.length;
    const n = featureCount(ctx);
    const start = new Array<number>(namespaces + 1);
    for (let k = 0; k <= namespaces; k++) start[k] = ctx.start[k] as number;
    // Hashes and values in one array of doubles (int32 hashes are exact in a double).
    const data = new Array<number>(2 * n);
    for (let i = 0; i < n; i++) {
      data[i] = ctx.hashes[i] as number;
      data[n + i] = ctx.values[i] as number;
    }
    return { names: this.featurizer.sharedNames(ctx.names), start, data, action: this.actions[a] as ParsedFeatures };
  }

  /** Number of entries of action a's vector (duplicated indices included). */
  vectorSize(a: number): number {
    const ctx = this.context;
    const act = this.actions[a] as ParsedFeatures;
    let size = 1 + featureCount(ctx) + featureCount(act);
    if (this.crossAll) return size + featureCount(ctx) * featureCount(act);
    const end = this.pairStart[a + 1] as number;
    for (let p = this.pairStart[a] as number; p < end; p += 2) {
      const c = this.pairList[p] as number;
      const k = this.pairList[p + 1] as number;
      size += ((ctx.start[c + 1] as number) - (ctx.start[c] as number)) * ((act.start[k + 1] as number) - (act.start[k] as number));
    }
    return size;
  }

  /** Action a's vector, in memory it owns (kept for learning after the batch is reused). */
  vector(a: number): SparseVector {
    const size = this.vectorSize(a);
    const x = { index: new Int32Array(size), value: new Float64Array(size) };
    this.fill(a, x.index, x.value);
    return x;
  }

  /**
   * Every action's vector as views into buffers the batch reuses (valid until the batch is reset):
   * typed arrays of this size live off the V8 heap, so one pair of buffers beats two per action.
   */
  vectors(): SparseVector[] {
    if (this.views !== undefined) return this.views;
    let total = 0;
    for (let a = 0; a < this.actions.length; a++) total += this.vectorSize(a);
    if (this.viewIndex.length < total) {
      this.viewIndex = new Int32Array(total * 2);
      this.viewValue = new Float64Array(total * 2);
    }
    const views: SparseVector[] = [];
    let offset = 0;
    for (let a = 0; a < this.actions.length; a++) {
      const size = this.vectorSize(a);
      const index = this.viewIndex.subarray(offset, offset + size);
      const value = this.viewValue.subarray(offset, offset + size);
      this.fill(a, index, value);
      views.push({ index, value });
      offset += size;
    }
    this.views = views;
    return views;
  }

  /** Writes action a's vector: constant, context, action (id included), then the chosen crosses. */
  private fill(a: number, index: Int32Array, value: Float64Array): void {
    const mask = this.mask;
    const ctx = this.context;
    const act = this.actions[a] as ParsedFeatures;
    index[0] = this.constantIndex;
    value[0] = 1;
    let n = 1;
    const contextCount = featureCount(ctx);
    for (let i = 0; i < contextCount; i++) {
      index[n] = (ctx.hashes[i] as number) & mask;
      value[n++] = ctx.values[i] as number;
    }
    const actionCount = featureCount(act);
    for (let j = 0; j < actionCount; j++) {
      index[n] = (act.hashes[j] as number) & mask;
      value[n++] = act.values[j] as number;
    }
    if (this.crossAll) {
      // The order dot() sums in: action feature by action feature, over every context feature.
      const seeds = this.crossSeeds;
      for (let j = 0; j < actionCount; j++) {
        const ha = (act.hashes[j] as number) & mask;
        const va = act.values[j] as number;
        for (let i = 0; i < contextCount; i++) {
          index[n] = (seeds[i] as number) ^ ha;
          value[n++] = (ctx.values[i] as number) * va;
        }
      }
      return;
    }
    const end = this.pairStart[a + 1] as number;
    for (let p = this.pairStart[a] as number; p < end; p += 2) {
      const c = this.pairList[p] as number;
      const k = this.pairList[p + 1] as number;
      const cEnd = ctx.start[c + 1] as number;
      const aStart = act.start[k] as number;
      const aEnd = act.start[k + 1] as number;
      for (let i = ctx.start[c] as number; i < cEnd; i++) {
        const hc = Math.imul(ctx.hashes[i] as number, FNV_PRIME);
        const vc = ctx.values[i] as number;
        for (let j = aStart; j < aEnd; j++) {
          index[n] = (hc ^ (act.hashes[j] as number)) & mask;
          value[n++] = vc * (act.values[j] as number);
        }
      }
    }
  }
}

/** Turns context + action features into hashed sparse vectors with chosen quadratic interactions. */
export class Featurizer {
  readonly bits: number;
  readonly interactions: readonly (readonly [string, string])[];
  private readonly mask: number;
  private readonly constantIndex: number;
  private readonly crossAll: boolean;
  private readonly actionCache = new WeakMap<BanditAction, { id: string; parsed: ParsedFeatures }>();
  private readonly collector = new FeatureCollector();
  /** The decide path's context parse and batch, reused: no allocation per decision once warm. */
  private scratchContext: ParsedFeatures | undefined;
  private readonly scratchBatch: FeatureBatch;
  private readonly scratchActions: ParsedFeatures[] = [];
  private readonly scratchActionRefs: BanditAction[] = [];
  private readonly scratchActionIds: string[] = [];
  /** Learning from kept examples: a context parse and a batch of its own, reused. */
  private readonly learnContext: ParsedFeatures = { names: [], start: new Int32Array(8), hashes: new Int32Array(64), values: new Float64Array(64) };
  private readonly learnBatch: FeatureBatch;
  private readonly learnActions: ParsedFeatures[] = [];
  /** The namespace list last kept: decisions usually repeat it, so kept examples share one copy. */
  private keptNames: readonly string[] = [];

  constructor(options: FeaturizerOptions = {}) {
    this.bits = options.bits ?? 18;
    if (!Number.isInteger(this.bits) || this.bits < 1 || this.bits > MAX_BITS) {
      throw configError(`featurizer bits must be an integer in 1..${MAX_BITS}`);
    }
    this.interactions = options.interactions ?? [['*', '*']];
    this.mask = (1 << this.bits) - 1;
    this.constantIndex = hashString('#constant') & this.mask;
    this.crossAll = this.interactions.length === 1 && this.interactions[0]?.[0] === '*' && this.interactions[0][1] === '*';
    this.scratchBatch = new FeatureBatch(this, this.mask, this.constantIndex, this.crossAll);
    this.learnBatch = new FeatureBatch(this, this.mask, this.constantIndex, this.crossAll);
  }

  /** @internal A frozen copy of `names`, shared with the previous kept example when equal. */
  sharedNames(names: readonly string[]): readonly string[] {
    const kept = this.keptNames;
    if (kept.length === names.length) {
      let same = true;
      for (let k = 0; k < names.length && same; k++) same = kept[k] === names[k];
      if (same) return kept;
    }
    this.keptNames = Object.freeze(names.slice());
    return this.keptNames;
  }

  /**
   * The vector of a kept example, exactly as FeatureBatch.vector() gave it at decide time; a view
   * into buffers reused by the next call (learners read it at once and keep nothing).
   */
  keptVector(kept: KeptExample): SparseVector {
    const ctx = this.learnContext;
    const namespaces = kept.names.length;
    const n = kept.data.length / 2;
    if (ctx.start.length <= namespaces) ctx.start = new Int32Array(namespaces * 2 + 1);
    if (ctx.hashes.length < n) {
      ctx.hashes = new Int32Array(n * 2);
      ctx.values = new Float64Array(n * 2);
    }
    assignPrefix(ctx.names, kept.names, namespaces);
    for (let k = 0; k <= namespaces; k++) ctx.start[k] = kept.start[k] as number;
    for (let i = 0; i < n; i++) {
      ctx.hashes[i] = kept.data[i] as number;
      ctx.values[i] = kept.data[n + i] as number;
    }
    this.learnActions[0] = kept.action;
    this.learnBatch.reset(ctx, this.learnActions);
    return this.learnBatch.vectors()[0] as SparseVector;
  }

  parseContext(context: FeatureSet): ParsedContext {
    return owned(this.parseInto(context, 'contextFeatures', undefined));
  }

  private parseInto(set: FeatureSet, where: string, actionId: string | undefined, into?: ParsedFeatures): ParsedFeatures {
    const collector = this.collector;
    collector.reset();
    walkFeatures(set, where, collector);
    if (actionId !== undefined) collector.add(collector.namespace(ACTION_ID_NAMESPACE), actionId, undefined, 1);
    return collector.finish(into);
  }

  /**
   * Actions usually come from a fixed set of response variants, so their parse is cached per action
   * object (actions are treated as immutable once passed in).
   */
  private parseAction(action: BanditAction, where: string, i: number): ParsedFeatures {
    const cached = this.actionCache.get(action);
    if (cached !== undefined && cached.id === action.id) return cached.parsed;
    const parsed = owned(this.parseInto(action.features, `${where}[${i}].features`, action.id));
    this.actionCache.set(action, { id: action.id, parsed });
    return parsed;
  }

  /**
   * The decide path: parses the context once into reused buffers and points the featurizer's one
   * batch at it and the (cached) action parses. Valid until the next batch() or vectors().
   */
  batch(context: FeatureSet, actions: readonly BanditAction[], where = 'actions'): FeatureBatch {
    const parsed = this.parseInto(context, 'contextFeatures', undefined, this.scratchContext);
    this.scratchContext = parsed;
    return this.batchOf(parsed, actions, where);
  }

  private batchOf(context: ParsedContext, actions: readonly BanditAction[], where: string): FeatureBatch {
    const list = this.scratchActions;
    const refs = this.scratchActionRefs;
    if (list.length !== actions.length) {
      list.length = actions.length;
      refs.length = actions.length;
    }
    for (let i = 0; i < actions.length; i++) {
      const action = actions[i] as BanditAction;
      // The same action object as the previous decision's i-th, with the same id: its parse is
      // already in place (the usual case), without a WeakMap lookup.
      if (refs[i] === action && this.scratchActionIds[i] === action.id) continue;
      list[i] = this.parseAction(action, where, i);
      refs[i] = action;
      this.scratchActionIds[i] = action.id;
    }
    this.scratchBatch.reset(context, list);
    return this.scratchBatch;
  }

  /** The vector for one action: constant, context, action, id, and the chosen crosses. */
  vector(context: ParsedContext, action: BanditAction, where = 'actions'): SparseVector {
    return this.vectors(context, [action], where)[0] as SparseVector;
  }

  /** Vectors for all actions of a decision, each in memory it owns. */
  vectors(context: ParsedContext, actions: readonly BanditAction[], where = 'actions'): SparseVector[] {
    const batch = this.batchOf(context, actions, where);
    const out: SparseVector[] = [];
    for (let a = 0; a < batch.size; a++) out.push(batch.vector(a));
    return out;
  }

  /**
   * @internal Writes the cross pairs (context ns, action ns) of each action into `list` (pairs from
   * start[a] to start[a + 1]), in the order the vectors hold them. Returns 0, or the length `list`
   * needs when it is too small (the caller grows it and calls again).
   */
  pairsPlan(context: ParsedContext, actions: readonly ParsedFeatures[], list: Int32Array, start: Int32Array): number {
    let n = 0;
    const contextNs = context.names.length;
    for (let a = 0; a < actions.length; a++) {
      start[a] = n;
      const names = (actions[a] as ParsedFeatures).names;
      if (this.crossAll) {
        for (let c = 0; c < contextNs; c++) {
          for (let k = 0; k < names.length; k++) {
            if (n + 2 <= list.length) {
              list[n] = c;
              list[n + 1] = k;
            }
            n += 2;
          }
        }
      } else {
        for (const [left, right] of this.interactions) {
          for (let c = 0; c < contextNs; c++) {
            if (left !== '*' && left !== context.names[c]) continue;
            for (let k = 0; k < names.length; k++) {
              if (right !== '*' && right !== names[k]) continue;
              if (n + 2 <= list.length) {
                list[n] = c;
                list[n + 1] = k;
              }
              n += 2;
            }
          }
        }
      }
    }
    start[actions.length] = n;
    return n > list.length ? n : 0;
  }
}
