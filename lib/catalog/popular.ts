/** A movie's place in the catalog's default order: most popular first, then newest id. */
export interface Ranked {
  id: number;
  popularity: number;
}

export function ranksBefore(a: Ranked, b: Ranked): boolean {
  return a.popularity > b.popularity || (a.popularity === b.popularity && a.id > b.id);
}

/**
 * The first `size` movies of the catalog's default order (non-adult ones), kept by the write
 * path so the catalog's first page is read from memory. An insert costs a comparison; losing a
 * member (deleted, demoted, turned adult) costs one rescan of the catalog.
 */
export class PopularTop {
  private items: Ranked[] = [];

  constructor(
    private readonly size: number,
    private readonly rescan: () => Iterable<Ranked>,
  ) {}

  list(): readonly Ranked[] {
    return this.items;
  }

  rebuild(): void {
    const top: Ranked[] = [];
    for (const r of this.rescan()) {
      if (top.length === this.size && !ranksBefore(r, top[top.length - 1])) continue;
      let i = Math.min(top.length, this.size - 1);
      while (i > 0 && ranksBefore(r, top[i - 1])) {
        top[i] = top[i - 1];
        i--;
      }
      top[i] = r;
    }
    this.items = top;
  }

  /** A movie stored (`eligible`: live and not adult) or removed (`eligible` false). */
  update(r: Ranked, eligible: boolean): void {
    const at = this.items.findIndex((x) => x.id === r.id);
    const last = this.items[this.items.length - 1];
    const belongs = eligible && (this.items.length < this.size || ranksBefore(r, last));
    if (at >= 0 && !belongs) return this.rebuild();
    if (!belongs) return;
    const kept = this.items.filter((x) => x.id !== r.id);
    let i = kept.findIndex((x) => ranksBefore(r, x));
    if (i < 0) i = kept.length;
    kept.splice(i, 0, r);
    this.items = kept.slice(0, this.size);
  }
}
