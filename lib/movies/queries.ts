import "server-only";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { movies } from "@/db/schema";
import { readDb } from "./read-your-writes";
import { rowToMovie } from "./row";
import type { Movie } from "./types";

export async function getMovie(id: number): Promise<Movie | undefined> {
  const [row] = await readDb((db) =>
    db
      .select()
      .from(movies)
      .where(and(eq(movies.id, id), isNull(movies.deleted_at)))
      .limit(1),
  );
  return row ? rowToMovie(row) : undefined;
}

/** Full rows for a set of ids (live ones only), keyed by id. */
export async function getMoviesByIds(ids: readonly number[]): Promise<Map<number, Movie>> {
  if (!ids.length) return new Map();
  const rows = await readDb((db) =>
    db
      .select()
      .from(movies)
      .where(and(inArray(movies.id, [...ids]), isNull(movies.deleted_at))),
  );
  return new Map(rows.map((r) => [r.id, rowToMovie(r)]));
}

/** Live movies by IMDb id (one indexed query), keyed by IMDb id. */
export async function idsByImdbId(imdbIds: readonly string[]): Promise<Map<string, number>> {
  if (!imdbIds.length) return new Map();
  const rows = await readDb((db) =>
    db
      .select({ id: movies.id, imdb_id: movies.imdb_id })
      .from(movies)
      .where(and(inArray(movies.imdb_id, [...new Set(imdbIds)]), isNull(movies.deleted_at))),
  );
  return new Map(rows.flatMap((r) => (r.imdb_id ? [[r.imdb_id, r.id] as [string, number]] : [])));
}

export async function pingDatabase(): Promise<boolean> {
  try {
    await getDb().execute(sql`SELECT 1`);
    return true;
  } catch {
    return false;
  }
}
