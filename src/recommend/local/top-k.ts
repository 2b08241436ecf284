/**
 * Top-k selection with a bounded min-heap: O(n log k), no full sort on the request path.
 * Ties are broken by the lower index so results are deterministic.
 */
export function topK(scores: ArrayLike<number>, k: number, accept?: (index: number) => boolean): number[] {
  if (k <= 0) return [];
  const heap: number[] = [];
  const worse = (a: number, b: number): boolean => {
    const sa = scores[a] as number;
    const sb = scores[b] as number;
    return sa < sb || (sa === sb && a > b);
  };
  // The heap's weakest score, kept in a local: most items lose to it with one comparison.
  let floor = Number.NEGATIVE_INFINITY;
  const n = scores.length;
  for (let i = 0; i < n; i++) {
    const score = scores[i] as number;
    // NaN (excluded items) fails every comparison and is skipped here too.
    if (!(score >= floor)) continue;
    // The filter is the costly test: run it only for items that would enter the heap.
    if (heap.length >= k && !worse(heap[0] as number, i)) continue;
    if (accept && !accept(i)) continue;
    if (heap.length < k) {
      heap.push(i);
      siftUp(heap, heap.length - 1, worse);
    } else {
      heap[0] = i;
      siftDown(heap, 0, worse);
    }
    if (heap.length >= k) floor = scores[heap[0] as number] as number;
  }
  return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}

function siftUp(heap: number[], at: number, worse: (a: number, b: number) => boolean): void {
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (!worse(heap[at] as number, heap[parent] as number)) return;
    [heap[at], heap[parent]] = [heap[parent] as number, heap[at] as number];
    at = parent;
  }
}

function siftDown(heap: number[], at: number, worse: (a: number, b: number) => boolean): void {
  for (;;) {
    const left = 2 * at + 1;
    const right = left + 1;
    let smallest = at;
    if (left < heap.length && worse(heap[left] as number, heap[smallest] as number)) smallest = left;
    if (right < heap.length && worse(heap[right] as number, heap[smallest] as number)) smallest = right;
    if (smallest === at) return;
    [heap[at], heap[smallest]] = [heap[smallest] as number, heap[at] as number];
    at = smallest;
  }
}
