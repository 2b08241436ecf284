import type { RankedAction } from './port.js';

/**
 * The ranking of a decision: the chosen action first, the other candidates by probability (ties in
 * request order), excluded actions last with probability 0. Small arrays only, no Map.
 */
export function rank(allIds: readonly string[], candidateIds: readonly string[], probabilities: Float64Array, chosen: number): RankedAction[] {
  const out: RankedAction[] = [{ id: candidateIds[chosen] ?? '', probability: probabilities[chosen] ?? 0 }];
  const order: number[] = [];
  for (let i = 0; i < candidateIds.length; i++) if (i !== chosen) order.push(i);
  order.sort((a, b) => (probabilities[b] as number) - (probabilities[a] as number) || a - b);
  for (const i of order) out.push({ id: candidateIds[i] as string, probability: probabilities[i] as number });
  if (allIds.length > candidateIds.length) {
    const seen = new Set(candidateIds);
    for (const id of allIds) if (!seen.has(id)) out.push({ id, probability: 0 });
  }
  return out;
}
