import type { MovieRow } from "@/db/schema";

/** The movie's list columns: comma-separated in the CSV and in MySQL, arrays in a Movie. */
export const LIST_COLUMNS = [
  "genres",
  "production_companies",
  "production_countries",
  "spoken_languages",
  "keywords",
] as const;
export type ListColumn = (typeof LIST_COLUMNS)[number];

/** The TMDB CSV's columns, in the file's order (the list columns come last). */
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
  ...LIST_COLUMNS,
] as const;

type TmdbColumn = (typeof TMDB_COLUMNS)[number];
/** A raw CSV record: every column as the string the file holds. */
export type RawMovie = Record<TmdbColumn, string>;

/** Columns of `movies` that are bookkeeping of the stored row, not part of the movie. */
type RowBookkeeping = "origin" | "created_at" | "updated_at" | "deleted_at";

/**
 * A movie after cleaning: what the database stores and the recommender vectorises. Read from the
 * table in db/schema.ts (release_date is YYYY-MM-DD), with the list columns as arrays.
 */
export type Movie = Omit<MovieRow, RowBookkeeping | ListColumn> & Record<ListColumn, string[]>;
