import type { MovieSummary } from "@/lib/movies/schema";
import { splitStoredList } from "@/lib/movies/row";

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

/**
 * Every movie's card, by catalog slot, in plain columns: what the hot routes show without a
 * MySQL round trip. Lists stay joined until a card is read (a page reads tens, not a million).
 */
export class CardColumns {
  private readonly title: string[] = [];
  private readonly releaseDate: string[] = [];
  private readonly releaseYear: number[] = [];
  private readonly voteAverage: number[] = [];
  private readonly voteCount: number[] = [];
  private readonly popularity: number[] = [];
  private readonly runtime: number[] = [];
  private readonly genres: string[] = [];
  private readonly posterPath: string[] = [];
  private readonly language: string[] = [];
  private readonly adult: boolean[] = [];
  private readonly keywords: string[] = [];
  private readonly companies: string[] = [];
  /** One string per distinct genre list or language: a million rows share a few thousand. */
  private readonly shared = new Map<string, string>();

  private intern(s: string): string {
    let v = this.shared.get(s);
    if (v === undefined) {
      v = s;
      this.shared.set(s, v);
    }
    return v;
  }

  set(slot: number, row: CardRow): void {
    this.title[slot] = row.title;
    this.releaseDate[slot] = row.release_date;
    this.releaseYear[slot] = row.release_year;
    this.voteAverage[slot] = row.vote_average;
    this.voteCount[slot] = row.vote_count;
    this.popularity[slot] = row.popularity;
    this.runtime[slot] = row.runtime;
    this.genres[slot] = this.intern(row.genres);
    this.posterPath[slot] = row.poster_path;
    this.language[slot] = this.intern(row.original_language);
    this.adult[slot] = Boolean(row.adult);
    this.keywords[slot] = row.keywords;
    this.companies[slot] = row.production_companies;
  }

  get(slot: number, id: number): MovieCard {
    return {
      id,
      title: this.title[slot],
      release_date: this.releaseDate[slot],
      vote_average: this.voteAverage[slot],
      vote_count: this.voteCount[slot],
      popularity: this.popularity[slot],
      runtime: this.runtime[slot],
      genres: splitStoredList(this.genres[slot]),
      poster_path: this.posterPath[slot],
      original_language: this.language[slot],
      adult: this.adult[slot],
      keywords: splitStoredList(this.keywords[slot]),
      production_companies: splitStoredList(this.companies[slot]),
      release_year: this.releaseYear[slot],
    };
  }
}
