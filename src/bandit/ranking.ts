import type { RankedAction } from './port.js';

/**
 * The ranking of a decision: the chosen action first, the other candidates by probability (ties in
 * request order), excluded actions last with probability 0. Small arrays only, no Map; on every
 * decision, so the candidates are insertion-sorted in place (Array.prototype.sort copies its
 * elements and calls a closure per comparison).
 */
export function rank(allIds: readonly string[], candidateIds: readonly string[], probabilities: Float64Array, chosen: number): RankedAction[] {
  // Sized once: pushing would regrow the array's storage a few times per decision.
  const out = new Array<RankedAction>(allIds.length);
  out[0] = { id: candidateIds[chosen] ?? '', probability: probabilities[chosen] ?? 0 };
  let n = 1;
  for (let i = 0; i < candidateIds.length; i++) {
    if (i === chosen) continue;
    const entry: RankedAction = { id: candidateIds[i] as string, probability: probabilities[i] as number };
    // Stable: an entry moves only past lower probabilities, so ties keep request order.
    let at = n++;
    while (at > 1 && (out[at - 1] as RankedAction).probability < entry.probability) {
      out[at] = out[at - 1] as RankedAction;
      at--;
    }
    out[at] = entry;
  }
  if (allIds.length > candidateIds.length) {
    const seen = new Set(candidateIds);
    for (const id of allIds) if (!seen.has(id)) out[n++] = { id, probability: 0 };
  }
  // A candidate id missing from allIds (not from LocalBandit or LoggedBandit) would leave holes.
  if (n !== out.length) out.length = n;
  return out;
}
