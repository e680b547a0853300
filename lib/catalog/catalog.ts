import { TitleIndex, type TitleEntry, type TitleIndexState, type TitleMatch } from "@/lib/search/title-index";
import { CardColumns, type CardRow, type CardsState, type MovieCard } from "./cards";
import { CatalogFacts, type FactsState } from "./facts";

/** One movie as the in-memory catalog takes it (a stored row, list columns joined). */
export type CatalogRow = CardRow & TitleEntry;

/** A loaded catalog as a snapshot saves it: typed arrays and packed strings, nothing to rebuild. */
export interface CatalogState {
  facts: FactsState;
  cards: CardsState;
  titles: TitleIndexState;
}

/**
 * The in-memory catalog: filter facts and sorted views, cards and the title index, one slot per
 * movie. Built from MySQL at boot, then changed only by `upsert`/`remove` (local writes and the
 * catch-up poll).
 */
export class Catalog {
  readonly facts: CatalogFacts;
  readonly cards: CardColumns;
  readonly titles: TitleIndex;

  /** `saved`: a state from `state()`, taken over as is (as loaded, then `finishLoad`). */
  constructor(expectedSize = 1024, saved?: CatalogState) {
    this.facts = new CatalogFacts(expectedSize, saved?.facts);
    this.cards = new CardColumns(this.facts, saved?.cards);
    this.titles = new TitleIndex(expectedSize, saved?.titles);
  }

  /** What a snapshot saves; call after `finishLoad`. Its arrays are the catalog's own: save them before it changes. */
  state(): CatalogState {
    return { facts: this.facts.state(), cards: this.cards.state(this.facts.slotCount()), titles: this.titles.state() };
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
    return slot === undefined ? undefined : this.cards.get(slot);
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
