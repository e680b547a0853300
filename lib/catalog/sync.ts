import type mysql from "mysql2/promise";
import type { MovieChange } from "@/lib/movies/changes";
import { LIST_SEPARATOR, rowToMovie } from "@/lib/movies/row";
import type { Movie } from "@/lib/movies/types";
import { Catalog, type CatalogRow } from "./catalog";

/** Everything the in-memory catalog holds, streamed from MySQL in one pass. */
const CATALOG_SQL = `SELECT id, title, original_title, release_date, release_year, vote_average, vote_count, popularity, runtime,
  genres, poster_path, original_language, adult, keywords, production_companies, deleted_at IS NOT NULL AS deleted FROM movies`;
const API_ROWS_SQL = `SELECT *, deleted_at IS NOT NULL AS deleted,
  DATE_FORMAT(updated_at, '%Y-%m-%d %H:%i:%s.%f') AS updated_at_text FROM movies WHERE origin = 'api'`;
/** Re-read a little behind the newest change seen: a slow transaction may commit an older timestamp. */
const CATCH_UP_OVERLAP_MS = 5000;

export function catalogRowOf(movie: Movie): CatalogRow {
  return {
    ...movie,
    genres: movie.genres.join(LIST_SEPARATOR),
    keywords: movie.keywords.join(LIST_SEPARATOR),
    production_companies: movie.production_companies.join(LIST_SEPARATOR),
  };
}

async function dbNow(pool: mysql.Pool): Promise<string> {
  const [[now]] = (await pool.query("SELECT DATE_FORMAT(NOW(3), '%Y-%m-%d %H:%i:%s.%f') AS t")) as unknown as [[{ t: string }]];
  return now.t.slice(0, 23);
}

/**
 * Streams every live movie into a new catalog. `since` is the DB time the read began: writes after
 * it are the catch-up poll's (the stream itself sees the ones before).
 */
export async function loadCatalog(pool: mysql.Pool, expectedSize: number): Promise<{ catalog: Catalog; since: string }> {
  const since = await dbNow(pool);
  const catalog = new Catalog(Math.max(1 << 16, expectedSize));
  const stream = pool.pool.query(CATALOG_SQL).stream({ highWaterMark: 5000 });
  for await (const row of stream as AsyncIterable<CatalogRow & { deleted: number }>) if (!row.deleted) catalog.load(row);
  catalog.finishLoad();
  return { catalog, since };
}

function changeOf(row: mysql.RowDataPacket): MovieChange {
  return row.deleted ? { kind: "delete", id: row.id } : { kind: "upsert", movie: rowToMovie(row as never) };
}

/** Every movie created, edited or deleted through the API (they outlive refreshes), oldest first. */
export async function allApiChanges(pool: mysql.Pool): Promise<MovieChange[]> {
  const [rows] = await pool.query<mysql.RowDataPacket[]>(`${API_ROWS_SQL} ORDER BY updated_at`);
  return rows.map(changeOf);
}

function shiftTimestamp(ts: string, ms: number): string {
  const d = new Date(`${ts.replace(" ", "T")}Z`);
  return new Date(d.getTime() + ms).toISOString().replace("T", " ").slice(0, 23);
}

interface TimedChange {
  change: MovieChange;
  /** The row's updated_at: with the id, it tells a re-read row from a new version. */
  updatedAt: string;
}

/** API writes through any replica since `since` (re-read a few seconds back), and the new `since`. */
export async function apiChangesSince(pool: mysql.Pool, since: string): Promise<{ changes: TimedChange[]; since: string }> {
  const [rows] = await pool.query<mysql.RowDataPacket[]>(`${API_ROWS_SQL} AND updated_at > ? ORDER BY updated_at LIMIT 5000`, [
    shiftTimestamp(since, -CATCH_UP_OVERLAP_MS),
  ]);
  let newest = since;
  const changes = rows.map((row) => {
    const updatedAt = String(row.updated_at_text).slice(0, 23);
    if (updatedAt > newest) newest = updatedAt;
    return { change: changeOf(row), updatedAt };
  });
  return { changes, since: newest };
}
