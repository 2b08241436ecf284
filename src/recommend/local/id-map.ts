/** Two-way map between external string ids and dense indices 0..size-1 (insertion order). */
export class IdMap {
  private readonly indexById = new Map<string, number>();
  private readonly ids: string[] = [];

  static from(ids: Iterable<string>): IdMap {
    const map = new IdMap();
    for (const id of ids) map.intern(id);
    return map;
  }

  get size(): number {
    return this.ids.length;
  }

  /** The index of `id`, adding it when new. */
  intern(id: string): number {
    const known = this.indexById.get(id);
    if (known !== undefined) return known;
    const index = this.ids.length;
    this.ids.push(id);
    this.indexById.set(id, index);
    return index;
  }

  indexOf(id: string): number | undefined {
    return this.indexById.get(id);
  }

  idAt(index: number): string {
    const id = this.ids[index];
    if (id === undefined) throw new RangeError(`no id at index ${index}`);
    return id;
  }

  has(id: string): boolean {
    return this.indexById.has(id);
  }
}
