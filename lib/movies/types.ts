/** The TMDB CSV's columns, in the file's order. */
export const TMDB_COLUMNS = [
  "id",
  "title",
  "vote_average",
  "vote_count",
  "status",
  "release_date",
  "revenue",
  "runtime",
  "adult",
  "backdrop_path",
  "budget",
  "homepage",
  "imdb_id",
  "original_language",
  "original_title",
  "overview",
  "popularity",
  "poster_path",
  "tagline",
  "genres",
  "production_companies",
  "production_countries",
  "spoken_languages",
  "keywords",
] as const;

export type TmdbColumn = (typeof TMDB_COLUMNS)[number];
/** A raw CSV record: every column as the string the file holds. */
export type RawMovie = Record<TmdbColumn, string>;

export const LIST_COLUMNS = [
  "genres",
  "production_companies",
  "production_countries",
  "spoken_languages",
  "keywords",
] as const;
export type ListColumn = (typeof LIST_COLUMNS)[number];

/** A movie after cleaning: what the database stores and the recommender vectorises. */
export interface Movie {
  id: number;
  title: string;
  original_title: string;
  overview: string;
  tagline: string;
  /** YYYY-MM-DD */
  release_date: string;
  release_year: number;
  status: string;
  runtime: number;
  budget: number;
  revenue: number;
  vote_average: number;
  vote_count: number;
  popularity: number;
  adult: boolean;
  imdb_id: string | null;
  original_language: string;
  homepage: string;
  poster_path: string;
  backdrop_path: string;
  genres: string[];
  production_companies: string[];
  production_countries: string[];
  spoken_languages: string[];
  keywords: string[];
}
