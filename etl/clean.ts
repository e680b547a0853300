import type { Movie, RawMovie } from "@/lib/movies/types";
import { isApiId } from "@/lib/movies/ids";
import { fitMovieToColumns } from "@/lib/movies/limits";
import { cleanListItem, cleanText, cleanTitle, distinctItems } from "@/lib/movies/text";

/** Every reason a row is dropped, in the order the rules are applied (a row counts once). */
export const DROP_REASONS = [
  "malformed_line",
  "invalid_id",
  "reserved_id",
  "missing_title",
  "missing_original_title",
  "missing_release_date",
  "invalid_release_date",
  "future_release",
  "not_released",
  "empty_title",
  "untitled_title",
  "zero_title",
  "one_char_title_no_votes",
  "duplicate_id",
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** `clipped` names the fields shortened to fit their column (counted in the ETL report). */
export type CleanResult = { ok: true; movie: Movie; clipped: string[] } | { ok: false; reason: DropReason };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function num(value: string): number {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

function int(value: string): number {
  return Math.max(0, Math.round(num(value)));
}

function splitList(value: string): string[] {
  if (!value) return [];
  return distinctItems(value.split(",").map(cleanListItem));
}

function validDate(value: string): { date: string; year: number } | undefined {
  const m = DATE_RE.exec(value.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return undefined;
  return { date: m[0], year: y };
}

/**
 * Applies DESIGN.md's cleaning rules to one CSV record. Pure: the caller handles duplicates
 * (the most voted row of an id wins) because that needs the whole file. An incremental refresh
 * reuses the outcome of lines it has seen: a change of these rules must bump VERSION in
 * etl/incremental/digest.ts.
 */
export function cleanMovie(raw: RawMovie, currentYear = new Date().getUTCFullYear()): CleanResult {
  const id = Number(raw.id);
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return { ok: false, reason: "invalid_id" };
  // The API's own id range: a CSV row there would overwrite a movie created through the API.
  if (isApiId(id)) return { ok: false, reason: "reserved_id" };
  if (!raw.title?.trim()) return { ok: false, reason: "missing_title" };
  if (!raw.original_title?.trim()) return { ok: false, reason: "missing_original_title" };
  if (!raw.release_date?.trim()) return { ok: false, reason: "missing_release_date" };
  const released = validDate(raw.release_date);
  if (!released) return { ok: false, reason: "invalid_release_date" };
  if (released.year > currentYear) return { ok: false, reason: "future_release" };
  if (raw.status.trim() !== "Released") return { ok: false, reason: "not_released" };

  const title = cleanTitle(raw.title);
  const voteCount = int(raw.vote_count);
  if (!title) return { ok: false, reason: "empty_title" };
  if (title.toLowerCase() === "untitled") return { ok: false, reason: "untitled_title" };
  if (title === "0") return { ok: false, reason: "zero_title" };
  // The original dropped every one-character title; real films ("9", "X") have votes.
  if ([...title].length === 1 && voteCount === 0) return { ok: false, reason: "one_char_title_no_votes" };

  const imdb = raw.imdb_id.trim();
  const movie: Movie = {
    id,
    title,
    original_title: cleanTitle(raw.original_title) || title,
    overview: cleanText(raw.overview),
    tagline: cleanText(raw.tagline),
    release_date: released.date,
    release_year: released.year,
    status: "Released",
    runtime: int(raw.runtime),
    budget: int(raw.budget),
    revenue: int(raw.revenue),
    vote_average: Math.min(10, Math.max(0, num(raw.vote_average))),
    vote_count: voteCount,
    popularity: Math.max(0, num(raw.popularity)),
    adult: raw.adult.trim().toLowerCase() === "true",
    imdb_id: /^tt\d+$/.test(imdb) ? imdb : null,
    original_language: raw.original_language.trim().toLowerCase(),
    homepage: /^https?:\/\//i.test(raw.homepage.trim()) ? raw.homepage.trim() : "",
    poster_path: raw.poster_path.trim(),
    backdrop_path: raw.backdrop_path.trim(),
    genres: splitList(raw.genres),
    production_companies: splitList(raw.production_companies),
    production_countries: splitList(raw.production_countries),
    spoken_languages: splitList(raw.spoken_languages),
    keywords: splitList(raw.keywords),
  };
  return { ok: true, movie, clipped: fitMovieToColumns(movie) };
}
