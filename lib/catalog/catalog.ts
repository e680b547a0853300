import { TitleIndex, type TitleEntry, type TitleMatch } from "@/lib/search/title-index";
import { CardColumns, type CardRow, type MovieCard } from "./cards";
import { CatalogFacts } from "./facts";

/** One movie as the in-memory catalog takes it (a stored row, list columns joined). */
export type CatalogRow = CardRow & TitleEntry;

/**
 * The in-memory catalog: filter facts and sorted views, cards and the title index, one slot per
 * movie. Built from MySQL at boot, then changed only by `upsert`/`remove` (local writes and the
 * catch-up poll).
 */
export class Catalog {
  readonly facts: CatalogFacts;
  readonly cards = new CardColumns();
  readonly titles: TitleIndex;

  constructor(expectedSize = 1024) {
    this.facts = new CatalogFacts(expectedSize);
    this.titles = new TitleIndex(expectedSize);
  }

  get size(): number {
    return this.facts.size;
  }

  /** Adds a row during a bulk load; `finishLoad` then builds what spans the whole catalog. */
  load(row: CatalogRow): void {
    const slot = this.facts.upsert({ ...row, adult: Boolean(row.adult) });
    this.cards.set(slot, row);
    this.titles.add(row);
  }

  finishLoad(): void {
    // Build the search structures now, not on the first search request.
    this.titles.build();
    this.facts.finishLoad();
  }

  upsert(row: CatalogRow): void {
    this.load(row);
  }

  remove(id: number): void {
    this.facts.remove(id);
    this.titles.remove(id);
  }

  card(id: number): MovieCard | undefined {
    const slot = this.facts.slotOfId(id);
    return slot === undefined ? undefined : this.cards.get(slot, id);
  }

  /** Cards of the live movies among `ids`, keyed by id. */
  cardsOf(ids: readonly number[]): Map<number, MovieCard> {
    const out = new Map<number, MovieCard>();
    for (const id of ids) {
      const c = this.card(id);
      if (c) out.set(id, c);
    }
    return out;
  }

  searchTitles(q: string, limit: number): TitleMatch[] {
    return this.titles.search(q, limit);
  }
}
