import type { MovieRow } from "@/db/schema";
import { LIST_COLUMNS, type Movie } from "./types";

/** Columns the ETL writes, in the order of `movieToRow`'s values. */
export const MOVIE_COLUMNS = [
  "id",
  "title",
  "original_title",
  "overview",
  "tagline",
  "release_date",
  "release_year",
  "status",
  "runtime",
  "budget",
  "revenue",
  "vote_average",
  "vote_count",
  "popularity",
  "adult",
  "imdb_id",
  "original_language",
  "homepage",
  "poster_path",
  "backdrop_path",
  ...LIST_COLUMNS,
  "origin",
  "created_at",
  "updated_at",
] as const;

export const LIST_SEPARATOR = ", ";

export function movieToRow(m: Movie, origin: "catalog" | "api", timestamp: string): unknown[] {
  return [
    m.id,
    m.title,
    m.original_title,
    m.overview,
    m.tagline,
    m.release_date,
    m.release_year,
    m.status,
    m.runtime,
    m.budget,
    m.revenue,
    m.vote_average,
    m.vote_count,
    m.popularity,
    m.adult ? 1 : 0,
    m.imdb_id,
    m.original_language,
    m.homepage,
    m.poster_path,
    m.backdrop_path,
    ...LIST_COLUMNS.map((c) => m[c].join(LIST_SEPARATOR)),
    origin,
    timestamp,
    timestamp,
  ];
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
