import { getTableColumns, type Column } from "drizzle-orm";
import { movieGenres, movies } from "@/db/schema";
import { LIST_SEPARATOR } from "./row";
import { distinctItems } from "./text";
import { LIST_COLUMNS, type ListColumn, type Movie } from "./types";

/**
 * What each string column of `movies` holds, read from db/schema.ts so validation and the ETL
 * follow the schema: varchar(N) counts characters, TEXT 65,535 bytes (utf8mb4: 1-4 a character).
 * The API refuses a value that does not fit (400); the ETL shortens it and counts it.
 */
export interface ColumnLimit {
  unit: "chars" | "bytes";
  max: number;
}

const TEXT_BYTES = 65_535;
export const INT_MAX = 2_147_483_647;

function limitOf(column: Column): ColumnLimit | undefined {
  if (column.columnType === "MySqlVarChar") return { unit: "chars", max: (column as Column & { length: number }).length };
  if (column.columnType === "MySqlText") return { unit: "bytes", max: TEXT_BYTES };
  return undefined;
}

type StringField = { [K in keyof Movie]: Movie[K] extends string | null | string[] ? K : never }[keyof Movie];

const movieColumns = getTableColumns(movies);
/** The movie's varchar and TEXT columns, in the schema's order. */
const STRING_FIELDS = (Object.keys(movieColumns) as (keyof typeof movieColumns)[]).filter(
  (f): f is StringField => limitOf(movieColumns[f]) !== undefined,
);
export const COLUMN_LIMITS = Object.fromEntries(STRING_FIELDS.map((f) => [f, limitOf(movieColumns[f])!])) as Record<
  StringField,
  ColumnLimit
>;
/** One genre as `movie_genres.genre` stores it. */
export const GENRE_LIMIT = limitOf(getTableColumns(movieGenres).genre)!;

export function fits(value: string, limit: ColumnLimit): boolean {
  // Fast paths: a UTF-16 unit is at most one character and at most 3 UTF-8 bytes.
  if (limit.unit === "chars") return value.length <= limit.max || [...value].length <= limit.max;
  return value.length * 3 <= limit.max || Buffer.byteLength(value) <= limit.max;
}

/** The longest prefix that fits, cut at a character boundary. */
function clip(value: string, limit: ColumnLimit): string {
  if (fits(value, limit)) return value;
  const chars = [...value];
  if (limit.unit === "chars") return chars.slice(0, limit.max).join("");
  let bytes = 0;
  let n = 0;
  while (n < chars.length && bytes + Buffer.byteLength(chars[n]) <= limit.max) bytes += Buffer.byteLength(chars[n++]);
  return chars.slice(0, n).join("");
}

export function joinList(items: readonly string[]): string {
  return items.join(LIST_SEPARATOR);
}

/** Fields of a cleaned movie its columns cannot hold (the API answers 400 naming them). */
export function oversizedFields(m: Omit<Movie, "id">): string[] {
  const bad: string[] = [];
  for (const f of STRING_FIELDS) {
    const v = m[f];
    if (v !== null && !fits(Array.isArray(v) ? joinList(v) : v, COLUMN_LIMITS[f])) bad.push(f);
  }
  if (m.genres.some((g) => !fits(g, GENRE_LIMIT))) bad.push("genres");
  return [...new Set(bad)];
}

// Identifiers and links cut short would point at something else: they are emptied instead.
const EMPTIED_WHEN_TOO_LONG = ["imdb_id", "homepage", "poster_path", "backdrop_path"] as const;
const CLIPPED_TEXT = ["title", "original_title", "overview", "tagline", "status", "original_language"] as const;

/** The whole items that fit the column when joined (a keyword cut in half is another keyword). */
function fitList(items: string[], column: ListColumn): string[] {
  const limit = COLUMN_LIMITS[column];
  if (fits(joinList(items), limit)) return items;
  const kept: string[] = [];
  for (const item of items) if (fits(joinList([...kept, item]), limit)) kept.push(item);
  return kept;
}

/**
 * Makes a cleaned CSV movie fit its columns, in place: text is clipped, identifiers and links
 * that do not fit are emptied, list items that do not fit are left out, numbers are held to their
 * column's range. Returns the fields it changed, for the ETL report.
 */
export function fitMovieToColumns(m: Movie): string[] {
  const changed: string[] = [];
  for (const f of CLIPPED_TEXT) {
    if (!fits(m[f], COLUMN_LIMITS[f])) {
      m[f] = clip(m[f], COLUMN_LIMITS[f]);
      changed.push(f);
    }
  }
  for (const f of EMPTIED_WHEN_TOO_LONG) {
    const v = m[f];
    if (v !== null && !fits(v, COLUMN_LIMITS[f])) {
      if (f === "imdb_id") m.imdb_id = null;
      else m[f] = "";
      changed.push(f);
    }
  }
  if (m.genres.some((g) => !fits(g, GENRE_LIMIT))) {
    m.genres = distinctItems(m.genres.map((g) => clip(g, GENRE_LIMIT).trim()));
    changed.push("genres");
  }
  for (const f of LIST_COLUMNS) {
    const kept = fitList(m[f], f);
    if (kept.length !== m[f].length) {
      m[f] = kept;
      if (!changed.includes(f)) changed.push(f);
    }
  }
  for (const f of ["runtime", "vote_count"] as const) {
    if (m[f] > INT_MAX) {
      m[f] = INT_MAX;
      changed.push(f);
    }
  }
  for (const f of ["budget", "revenue"] as const) {
    if (m[f] > Number.MAX_SAFE_INTEGER) {
      m[f] = Number.MAX_SAFE_INTEGER;
      changed.push(f);
    }
  }
  return changed;
}
