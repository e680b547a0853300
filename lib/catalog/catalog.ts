import { TitleIndex, type TitleEntry, type TitleMatch } from "@/lib/search/title-index";
import { CardColumns, type CardRow, type MovieCard } from "./cards";
import { CatalogFacts } from "./facts";
import { PopularTop, type Ranked } from "./popular";

/** The catalog's first page is at most this long (the API's page limit). */
export const FIRST_PAGE_MAX = 100;

/** One movie as the in-memory catalog takes it (a stored row, list columns joined). */
export type CatalogRow = CardRow & TitleEntry;

/**
 * The in-memory catalog: filter facts, cards and the title index, one slot per movie. Built from
 * MySQL at boot, then changed only by `apply`/`remove` (local writes and the catch-up poll).
 */
export class Catalog {
  readonly facts: CatalogFacts;
  readonly cards = new CardColumns();
  readonly titles: TitleIndex;
  /** One more than a page, so the first page knows whether a second exists. */
  private readonly popular = new PopularTop(FIRST_PAGE_MAX + 1, () => this.ranked());

  constructor(expectedSize = 1024) {
    this.facts = new CatalogFacts(expectedSize);
    this.titles = new TitleIndex(expectedSize);
  }

  private *ranked(): Generator<Ranked> {
    for (const slot of this.facts.select({})) {
      const id = this.facts.idAt(slot);
      yield { id, popularity: this.cards.get(slot, id).popularity };
    }
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
    this.popular.rebuild();
  }

  upsert(row: CatalogRow): void {
    this.load(row);
    this.popular.update(row, !row.adult);
  }

  remove(id: number): void {
    this.facts.remove(id);
    this.titles.remove(id);
    this.popular.update({ id, popularity: 0 }, false);
  }

  /** The first `limit` cards of the default order (most popular first), and whether more follow. */
  firstPage(limit: number): { cards: MovieCard[]; more: boolean } {
    const top = this.popular.list();
    const cards = top.slice(0, limit).flatMap((r) => this.card(r.id) ?? []);
    return { cards, more: top.length > limit };
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
