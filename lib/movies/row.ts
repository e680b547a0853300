import { getTableColumns } from "drizzle-orm";
import { movies, type MovieRow } from "@/db/schema";
import { LIST_COLUMNS, type ListColumn, type Movie } from "./types";

type WrittenColumn = Exclude<keyof MovieRow, "deleted_at">;

/** Columns the ETL writes: every column of `movies` (db/schema.ts) but deleted_at, in the table's order. */
export const MOVIE_COLUMNS = Object.keys(getTableColumns(movies)).filter((c) => c !== "deleted_at") as WrittenColumn[];

export const LIST_SEPARATOR = ", ";

type Bookkeeping = { origin: "catalog" | "api"; timestamp: string };
const isListColumn = (c: string): c is ListColumn => (LIST_COLUMNS as readonly string[]).includes(c);

/** How each written column's value comes from a movie, decided once per column rather than per row. */
const VALUE_OF = MOVIE_COLUMNS.map((c): ((m: Movie, b: Bookkeeping) => unknown) => {
  if (c === "origin") return (_, b) => b.origin;
  if (c === "created_at" || c === "updated_at") return (_, b) => b.timestamp;
  if (c === "adult") return (m) => (m.adult ? 1 : 0);
  if (isListColumn(c)) return (m) => m[c].join(LIST_SEPARATOR);
  return (m) => m[c];
});

/** A movie as the values of one multi-row INSERT, in MOVIE_COLUMNS' order. */
export function movieToRow(m: Movie, origin: "catalog" | "api", timestamp: string): unknown[] {
  const b = { origin, timestamp };
  return VALUE_OF.map((value) => value(m, b));
}

export function splitStoredList(value: string | null | undefined): string[] {
  return value ? value.split(LIST_SEPARATOR).filter(Boolean) : [];
}

/** A database row as the domain's Movie (list columns split back into arrays). */
export function rowToMovie(r: Pick<MovieRow, keyof Movie>): Movie {
  return {
    id: r.id,
    title: r.title,
    original_title: r.original_title,
    overview: r.overview,
    tagline: r.tagline,
    release_date: r.release_date,
    release_year: r.release_year,
    status: r.status,
    runtime: r.runtime,
    budget: Number(r.budget),
    revenue: Number(r.revenue),
    vote_average: r.vote_average,
    vote_count: r.vote_count,
    popularity: r.popularity,
    adult: Boolean(r.adult),
    imdb_id: r.imdb_id,
    original_language: r.original_language,
    homepage: r.homepage,
    poster_path: r.poster_path,
    backdrop_path: r.backdrop_path,
    genres: splitStoredList(r.genres),
    production_companies: splitStoredList(r.production_companies),
    production_countries: splitStoredList(r.production_countries),
    spoken_languages: splitStoredList(r.spoken_languages),
    keywords: splitStoredList(r.keywords),
  };
}
