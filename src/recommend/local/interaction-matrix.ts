/**
 * Builds the user-item matrix the recipes train on: id maps, per-user histories sorted by time,
 * and the user-major and item-major CSR matrices (summed weights of repeated interactions).
 * Arrays live on SharedArrayBuffers so training workers read them without copying.
 */
import { IdMap } from './id-map.js';
import type { Csr, Interaction, UserEvent } from './types.js';

export interface InteractionData {
  users: IdMap;
  items: IdMap;
  /** histories[user] sorted by timestamp, oldest first. */
  histories: UserEvent[][];
}

/**
 * Groups interactions by user with dense indices; `items` may be pre-seeded with a catalogue, and
 * both maps with a stored model's id order. Every user of `users` gets a history (maybe empty).
 */
export function buildInteractionData(interactions: readonly Interaction[], items = new IdMap(), users = new IdMap()): InteractionData {
  const histories: UserEvent[][] = Array.from({ length: users.size }, () => []);
  addInteractions(histories, interactions, 0, interactions.length, items, users);
  sortHistories(histories, 0, histories.length);
  return { users, items, histories };
}

/** Lets timers and I/O run between two slices of work. */
export type YieldToEventLoop = () => Promise<void>;

export const yieldWithSetImmediate: YieldToEventLoop = () => new Promise((resolve) => setImmediate(resolve));

/**
 * The same as buildInteractionData, in slices of `sliceRows` interactions (and of users for the
 * sort) with `pause` between them: a running service rebuilds a model without stalling requests.
 * The interactions must not change until it resolves.
 */
export async function buildInteractionDataInSlices(
  interactions: readonly Interaction[],
  items = new IdMap(),
  users = new IdMap(),
  pause: YieldToEventLoop = yieldWithSetImmediate,
  sliceRows = 5_000,
): Promise<InteractionData> {
  const histories: UserEvent[][] = Array.from({ length: users.size }, () => []);
  for (let start = 0; start < interactions.length; start += sliceRows) {
    addInteractions(histories, interactions, start, Math.min(interactions.length, start + sliceRows), items, users);
    await pause();
  }
  // Users per slice so that each sorts about sliceRows events.
  const usersPerSlice = Math.max(1, Math.floor((sliceRows * histories.length) / Math.max(1, interactions.length)));
  for (let start = 0; start < histories.length; start += usersPerSlice) {
    sortHistories(histories, start, Math.min(histories.length, start + usersPerSlice));
    await pause();
  }
  return { users, items, histories };
}

function addInteractions(histories: UserEvent[][], interactions: readonly Interaction[], start: number, end: number, items: IdMap, users: IdMap): void {
  for (let i = start; i < end; i++) {
    const row = interactions[i]!;
    const user = users.intern(row.userId);
    const item = items.intern(row.itemId);
    const event: UserEvent = { item, timestamp: row.timestamp, eventType: row.eventType ?? '' };
    if (row.eventValue !== undefined) event.value = row.eventValue;
    (histories[user] ??= []).push(event);
  }
}

function sortHistories(histories: UserEvent[][], start: number, end: number): void {
  // Stable sort keeps the file order for equal timestamps; users interned last may have no history yet.
  for (let u = start; u < end; u++) (histories[u] ??= []).sort((a, b) => a.timestamp - b.timestamp);
}

function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Math.max(1, length) * 4), 0, length);
}

function sharedFloat32(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(Math.max(1, length) * 4), 0, length);
}

/** User-major CSR of summed weights; repeated (user, item) pairs are merged. */
export function buildUserMatrix(
  histories: readonly (readonly UserEvent[])[],
  itemCount: number,
  weight: (event: UserEvent) => number = () => 1,
): Csr {
  const rowMaps = histories.map((history) => {
    const row = new Map<number, number>();
    for (const event of history) row.set(event.item, (row.get(event.item) ?? 0) + weight(event));
    return row;
  });
  const indptr = sharedInt32(histories.length + 1);
  for (let u = 0; u < rowMaps.length; u++) indptr[u + 1] = (indptr[u] ?? 0) + (rowMaps[u]?.size ?? 0);
  const nnz = indptr[histories.length] ?? 0;
  const indices = sharedInt32(nnz);
  const values = sharedFloat32(nnz);
  rowMaps.forEach((row, u) => {
    const entries = [...row.entries()].sort((a, b) => a[0] - b[0]);
    let at = indptr[u] ?? 0;
    for (const [item, value] of entries) {
      indices[at] = item;
      values[at] = value;
      at++;
    }
  });
  return { rows: histories.length, cols: itemCount, indptr, indices, values };
}

/** The transpose (item-major view) of a CSR matrix. */
export function transpose(matrix: Csr): Csr {
  const indptr = sharedInt32(matrix.cols + 1);
  const nnz = matrix.indices.length;
  for (let k = 0; k < nnz; k++) {
    const col = matrix.indices[k] ?? 0;
    indptr[col + 1] = (indptr[col + 1] ?? 0) + 1;
  }
  for (let c = 0; c < matrix.cols; c++) indptr[c + 1] = (indptr[c + 1] ?? 0) + (indptr[c] ?? 0);
  const fill = Int32Array.from(indptr.subarray(0, matrix.cols));
  const indices = sharedInt32(nnz);
  const values = sharedFloat32(nnz);
  for (let r = 0; r < matrix.rows; r++) {
    for (let k = matrix.indptr[r] ?? 0; k < (matrix.indptr[r + 1] ?? 0); k++) {
      const col = matrix.indices[k] ?? 0;
      const at = fill[col] ?? 0;
      indices[at] = r;
      values[at] = matrix.values[k] ?? 0;
      fill[col] = at + 1;
    }
  }
  return { rows: matrix.cols, cols: matrix.rows, indptr, indices, values };
}
