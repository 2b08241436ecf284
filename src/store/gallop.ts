/**
 * The highest n for which `exists(n)` holds, given that it holds exactly for 1..n (n may be 0):
 * probes 1, 2, 4, 8, ... until one is missing, then binary-searches between the last present and
 * the first missing. About 2·log2(n) + 1 probes, each an `_id` lookup that FerretDB pushes down to
 * SQLite, where a query on any other field would scan the collection (docs/storage.md).
 */
export async function lastPresent(exists: (n: number) => Promise<boolean>): Promise<number> {
  if (!(await exists(1))) return 0;
  let present = 1;
  let missing = 2;
  while (await exists(missing)) {
    present = missing;
    missing *= 2;
  }
  while (missing - present > 1) {
    const middle = Math.floor((present + missing) / 2);
    if (await exists(middle)) present = middle;
    else missing = middle;
  }
  return present;
}
