import "server-only";
import { and, desc, eq, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { movieGenres, movies } from "@/db/schema";
import type { ListQuery, MovieSummary } from "@/lib/api/schemas";
import { ApiError } from "@/lib/api/errors";
import { INT_MAX } from "./limits";
import { rowToMovie, splitStoredList } from "./row";
import type { Movie } from "./types";

const summaryColumns = {
  id: movies.id,
  title: movies.title,
  release_date: movies.release_date,
  vote_average: movies.vote_average,
  vote_count: movies.vote_count,
  popularity: movies.popularity,
  genres: movies.genres,
  poster_path: movies.poster_path,
  original_language: movies.original_language,
  adult: movies.adult,
};
type SummaryRow = { [K in keyof typeof summaryColumns]: (typeof movies.$inferSelect)[K] };

function toSummary(r: SummaryRow): MovieSummary {
  return { ...r, adult: Boolean(r.adult), genres: splitStoredList(r.genres) };
}

export async function getMovie(id: number): Promise<Movie | undefined> {
  const [row] = await getDb()
    .select()
    .from(movies)
    .where(and(eq(movies.id, id), isNull(movies.deleted_at)))
    .limit(1);
  return row ? rowToMovie(row) : undefined;
}

/** Full rows for a set of ids (live ones only), keyed by id. */
export async function getMoviesByIds(ids: readonly number[]): Promise<Map<number, Movie>> {
  if (!ids.length) return new Map();
  const rows = await getDb()
    .select()
    .from(movies)
    .where(and(inArray(movies.id, [...ids]), isNull(movies.deleted_at)));
  return new Map(rows.map((r) => [r.id, rowToMovie(r)]));
}

/** Live movies by IMDb id (one indexed query), keyed by IMDb id. */
export async function idsByImdbId(imdbIds: readonly string[]): Promise<Map<string, number>> {
  if (!imdbIds.length) return new Map();
  const rows = await getDb()
    .select({ id: movies.id, imdb_id: movies.imdb_id })
    .from(movies)
    .where(and(inArray(movies.imdb_id, [...new Set(imdbIds)]), isNull(movies.deleted_at)));
  return new Map(rows.flatMap((r) => (r.imdb_id ? [[r.imdb_id, r.id] as [string, number]] : [])));
}

interface Cursor {
  popularity: number;
  id: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.popularity}:${c.id}`).toString("base64url");
}

export function decodeCursor(s: string): Cursor {
  const m = /^(\d+(?:\.\d+)?(?:e[-+]?\d+)?):(\d+)$/i.exec(Buffer.from(s, "base64url").toString());
  const cursor = m && { popularity: Number(m[1]), id: Number(m[2]) };
  // The pattern admits "1e999:1", which is Infinity: only what a real row holds may reach SQL.
  if (!cursor || !Number.isFinite(cursor.popularity) || !Number.isSafeInteger(cursor.id) || cursor.id > INT_MAX)
    throw new ApiError("bad_request", "invalid cursor", [{ path: "cursor", message: "not a cursor from this API" }]);
  return cursor;
}

export interface CatalogPage {
  data: MovieSummary[];
  nextCursor: string | null;
}

/**
 * One catalog page, most popular first. Keyset pagination on (popularity, id) so the last page
 * of a million rows costs what the first does. `matchIds` restricts to title-search matches.
 */
export async function listMovies(query: Omit<ListQuery, "q">, matchIds?: readonly number[]): Promise<CatalogPage> {
  const where: (SQL | undefined)[] = [isNull(movies.deleted_at), eq(movies.adult, false)];
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    where.push(or(lt(movies.popularity, c.popularity), and(eq(movies.popularity, c.popularity), lt(movies.id, c.id))));
  }
  if (query.year !== undefined) where.push(eq(movies.release_year, query.year));
  if (query.lang) where.push(eq(movies.original_language, query.lang.toLowerCase()));
  if (query.genre)
    where.push(
      sql`EXISTS (SELECT 1 FROM ${movieGenres} WHERE ${movieGenres.movie_id} = ${movies.id} AND ${movieGenres.genre} = ${query.genre})`,
    );
  if (matchIds) {
    if (!matchIds.length) return { data: [], nextCursor: null };
    where.push(inArray(movies.id, [...matchIds]));
  }
  const rows = await getDb()
    .select(summaryColumns)
    .from(movies)
    .where(and(...where))
    .orderBy(desc(movies.popularity), desc(movies.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(toSummary),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ popularity: last.popularity, id: last.id }) : null,
  };
}

/** Genres present in the catalog, for the filter menus. */
export async function listGenres(): Promise<string[]> {
  const rows = await getDb().selectDistinct({ genre: movieGenres.genre }).from(movieGenres).orderBy(movieGenres.genre);
  return rows.map((r) => r.genre);
}

export async function pingDatabase(): Promise<boolean> {
  try {
    await getDb().execute(sql`SELECT 1`);
    return true;
  } catch {
    return false;
  }
}
