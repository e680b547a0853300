import type { MovieSummary } from "@/lib/movies/schema";
import { splitStoredList } from "@/lib/movies/row";
import { grow } from "@/lib/search/typed-arrays";
import type { CatalogFacts } from "./facts";
import { CodedColumn, StringColumn, type CodedColumnState, type StringColumnState } from "./strings";

/** What a recommendation or search hit shows and explains: the summary plus what reasons compare. */
export type MovieCard = MovieSummary & { keywords: string[]; production_companies: string[]; release_year: number };

/** A card as stored: list columns in their ", "-joined form (as MySQL holds them). */
export interface CardRow {
  id: number;
  title: string;
  release_date: string;
  release_year: number;
  vote_average: number;
  vote_count: number;
  popularity: number;
  runtime: number;
  genres: string;
  poster_path: string;
  original_language: string;
  adult: boolean | number;
  keywords: string;
  production_companies: string;
}

/** The card columns as a snapshot saves them (what the filter facts do not hold already). */
export interface CardsState {
  posterPath: StringColumnState;
  keywords: StringColumnState;
  companies: StringColumnState;
  language: CodedColumnState;
  runtime: Int32Array<ArrayBuffer>;
}

/** YYYYMMDD as YYYY-MM-DD. */
function dateText(n: number): string {
  const day = n % 100;
  const month = Math.floor(n / 100) % 100;
  return `${String(Math.floor(n / 10_000)).padStart(4, "0")}-${month < 10 ? "0" : ""}${month}-${day < 10 ? "0" : ""}${day}`;
}

/**
 * Every movie's card, by catalog slot: what the hot routes show without a MySQL round trip. The
 * title, numbers, date and genres are the filter facts' own; the rest is kept here in columns. Lists stay
 * joined until a card is read (a page reads tens, not a million).
 */
export class CardColumns {
  private readonly posterPath: StringColumn;
  private readonly keywords: StringColumn;
  private readonly companies: StringColumn;
  /** As written (the facts keep it lowercased). */
  private readonly language: CodedColumn;
  /** Exact minutes (the facts clamp theirs to 16 bits). */
  private runtime: Int32Array<ArrayBuffer>;

  /** `saved`: a state from `state()`, taken over as is. */
  constructor(
    private readonly facts: CatalogFacts,
    saved?: CardsState,
  ) {
    if (saved && [saved.posterPath, saved.keywords, saved.companies, saved.language, saved.runtime].some((part) => !part))
      throw new RangeError("saved cards lack a column");
    this.posterPath = new StringColumn(saved?.posterPath);
    this.keywords = new StringColumn(saved?.keywords);
    this.companies = new StringColumn(saved?.companies);
    this.language = new CodedColumn(saved?.language);
    this.runtime = saved?.runtime ?? new Int32Array(1024);
  }

  state(count: number): CardsState {
    if (this.runtime.length < count) this.runtime = grow(this.runtime, count);
    return {
      posterPath: this.posterPath.state(count),
      keywords: this.keywords.state(count),
      companies: this.companies.state(count),
      language: this.language.state(count),
      runtime: this.runtime.subarray(0, count),
    };
  }

  /** After the facts took the row into `slot`. */
  set(slot: number, row: CardRow): void {
    this.posterPath.set(slot, row.poster_path);
    this.keywords.set(slot, row.keywords);
    this.companies.set(slot, row.production_companies);
    this.language.set(slot, row.original_language);
    if (slot >= this.runtime.length) this.runtime = grow(this.runtime, slot + 1);
    this.runtime[slot] = row.runtime;
  }

  get(slot: number): MovieCard {
    const f = this.facts;
    return {
      id: f.idAt(slot),
      title: f.titleAt(slot),
      release_date: dateText(f.dateAt(slot)),
      vote_average: f.ratingAt(slot),
      vote_count: f.votesAt(slot),
      popularity: f.popularityAt(slot),
      runtime: this.runtime[slot],
      genres: splitStoredList(f.genreTextAt(slot)),
      poster_path: this.posterPath.get(slot),
      original_language: this.language.get(slot),
      adult: f.adultAt(slot),
      keywords: splitStoredList(this.keywords.get(slot)),
      production_companies: splitStoredList(this.companies.get(slot)),
      release_year: f.yearAt(slot),
    };
  }
}
