/**
 * A trained local model as data: what `parley rec train` stores and a running service loads.
 * It holds the expensive parts (ALS factors, similar-item neighbours) and the id order they were
 * trained with; popularity and users' histories are rebuilt from interactions when it is loaded.
 * `encodeSnapshot` / `decodeSnapshot` turn it into a JSON description plus named byte arrays
 * (little-endian, as every platform Node runs on), which the store keeps in chunks.
 */
import { ValidationError } from '../../shared/errors.js';
import type { AlsParams } from './als-trainer.js';

export const SNAPSHOT_FORMAT = 1;

export interface ModelSnapshot {
  trainedAt: string;
  /** Interactions the model was trained on. */
  interactions: number;
  als: AlsParams;
  /** Item ids in factor-row order. */
  itemIds: string[];
  /** User ids in factor-row order. */
  userIds: string[];
  factors: number;
  itemFactors: Float32Array;
  userFactors: Float32Array;
  neighbors: number;
  neighborIds: Int32Array;
  neighborSims: Float32Array;
}

export interface EncodedSnapshot {
  metaJson: string;
  arrays: Array<{ name: string; bytes: Uint8Array }>;
}

interface SnapshotMeta {
  format: number;
  trainedAt: string;
  interactions: number;
  als: AlsParams;
  items: number;
  users: number;
  factors: number;
  neighbors: number;
}

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

export function encodeSnapshot(snapshot: ModelSnapshot): EncodedSnapshot {
  const meta: SnapshotMeta = {
    format: SNAPSHOT_FORMAT,
    trainedAt: snapshot.trainedAt,
    interactions: snapshot.interactions,
    als: snapshot.als,
    items: snapshot.itemIds.length,
    users: snapshot.userIds.length,
    factors: snapshot.factors,
    neighbors: snapshot.neighbors,
  };
  const text = new TextEncoder();
  return {
    metaJson: JSON.stringify(meta),
    arrays: [
      { name: 'itemIds', bytes: text.encode(JSON.stringify(snapshot.itemIds)) },
      { name: 'userIds', bytes: text.encode(JSON.stringify(snapshot.userIds)) },
      { name: 'itemFactors', bytes: bytesOf(snapshot.itemFactors) },
      { name: 'userFactors', bytes: bytesOf(snapshot.userFactors) },
      { name: 'neighborIds', bytes: bytesOf(snapshot.neighborIds) },
      { name: 'neighborSims', bytes: bytesOf(snapshot.neighborSims) },
    ],
  };
}

function corrupt(what: string): ValidationError {
  return new ValidationError('PARLEY_RECOMMEND_MODEL_CORRUPT', `the stored model is unusable: ${what}`);
}

/** The inverse of encodeSnapshot; every size is checked against the description. */
export function decodeSnapshot(encoded: EncodedSnapshot): ModelSnapshot {
  let meta: SnapshotMeta;
  try {
    meta = JSON.parse(encoded.metaJson) as SnapshotMeta;
  } catch {
    throw corrupt('its description is not JSON');
  }
  if (meta.format !== SNAPSHOT_FORMAT) throw corrupt(`format ${String(meta.format)} is not ${SNAPSHOT_FORMAT}`);
  const byName = new Map(encoded.arrays.map((a) => [a.name, a.bytes]));
  const bytes = (name: string, expected?: number): Uint8Array => {
    const found = byName.get(name);
    if (found === undefined) throw corrupt(`array ${name} is missing`);
    if (expected !== undefined && found.byteLength !== expected) throw corrupt(`array ${name} has ${found.byteLength} bytes, not ${expected}`);
    // A copy: chunks arrive at any offset, and typed arrays need an aligned buffer.
    return found.slice();
  };
  const ids = (name: string, count: number): string[] => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(bytes(name)));
    } catch {
      throw corrupt(`array ${name} is not a JSON list`);
    }
    if (!Array.isArray(parsed) || parsed.length !== count || !parsed.every((id) => typeof id === 'string')) throw corrupt(`array ${name} does not hold ${count} ids`);
    return parsed as string[];
  };
  const k = meta.factors;
  const m = meta.neighbors;
  return {
    trainedAt: meta.trainedAt,
    interactions: meta.interactions,
    als: meta.als,
    itemIds: ids('itemIds', meta.items),
    userIds: ids('userIds', meta.users),
    factors: k,
    itemFactors: new Float32Array(bytes('itemFactors', meta.items * k * 4).buffer),
    userFactors: new Float32Array(bytes('userFactors', meta.users * k * 4).buffer),
    neighbors: m,
    neighborIds: new Int32Array(bytes('neighborIds', meta.items * m * 4).buffer),
    neighborSims: new Float32Array(bytes('neighborSims', meta.items * m * 4).buffer),
  };
}
