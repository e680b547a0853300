import type mysql from "mysql2/promise";
import type { MovieChange } from "@/lib/movies/changes";
import { LIST_SEPARATOR, rowToMovie } from "@/lib/movies/row";
import type { Movie } from "@/lib/movies/types";
import { Catalog, type CatalogRow } from "./catalog";

/**
 * Everything the in-memory catalog holds of the catalog's rows, streamed from MySQL in one pass
 * (a table scan, in id order). API rows are left to `allApiChanges`, applied on top of every
 * load, as they are on top of a build's snapshot: both ways give the same catalog.
 */
const CATALOG_SQL = `SELECT id, title, original_title, release_date, release_year, vote_average, vote_count, popularity, runtime,
  genres, poster_path, original_language, adult, keywords, production_companies, origin, deleted_at IS NOT NULL AS deleted FROM movies`;
const TIME_FORMAT = "'%Y-%m-%d %H:%i:%s.%f'";
const API_ROWS_SQL = `SELECT *, deleted_at IS NOT NULL AS deleted,
  DATE_FORMAT(updated_at, '%Y-%m-%d %H:%i:%s.%f') AS updated_at_text FROM movies WHERE origin = 'api'`;
/** Re-read a little behind the newest change seen: a slow transaction may commit an older timestamp. */
const CATCH_UP_OVERLAP_MS = 5000;

/** What the catalog keeps of a movie (the rest, overview and all, stays in MySQL). */
export function catalogRowOf(m: Movie): CatalogRow {
  return {
    id: m.id,
    title: m.title,
    original_title: m.original_title,
    release_date: m.release_date,
    release_year: m.release_year,
    vote_average: m.vote_average,
    vote_count: m.vote_count,
    popularity: m.popularity,
    runtime: m.runtime,
    genres: m.genres.join(LIST_SEPARATOR),
    poster_path: m.poster_path,
    original_language: m.original_language,
    adult: m.adult,
    keywords: m.keywords.join(LIST_SEPARATOR),
    production_companies: m.production_companies.join(LIST_SEPARATOR),
  };
}

async function dbNow(pool: mysql.Pool): Promise<string> {
  const [[now]] = (await pool.query(`SELECT DATE_FORMAT(NOW(3), ${TIME_FORMAT}) AS t`)) as unknown as [[{ t: string }]];
  return now.t.slice(0, 23);
}

/**
 * The DB time now, and the newest `updated_at` of the catalog's rows (an index lookup): a refresh
 * stamps the rows it loads, so this names the load the live rows come from.
 */
export async function catalogStamp(pool: mysql.Pool): Promise<{ now: string; stamp: string | null }> {
  const [[row]] = (await pool.query(
    `SELECT DATE_FORMAT(NOW(3), ${TIME_FORMAT}) AS now,
      (SELECT DATE_FORMAT(MAX(updated_at), ${TIME_FORMAT}) FROM movies WHERE origin = 'catalog') AS stamp`,
  )) as unknown as [[{ now: string; stamp: string | null }]];
  return { now: row.now.slice(0, 23), stamp: row.stamp?.slice(0, 23) ?? null };
}

/**
 * Streams every live catalog row (API rows aside) into a new catalog. `since` is the DB time the
 * read began: writes after it are the catch-up poll's (the stream itself sees the ones before).
 */
export async function loadCatalog(pool: mysql.Pool, expectedSize: number): Promise<{ catalog: Catalog; since: string }> {
  const since = await dbNow(pool);
  const catalog = new Catalog(Math.max(1 << 16, expectedSize));
  const stream = pool.pool.query(CATALOG_SQL).stream({ highWaterMark: 5000 });
  for await (const row of stream as AsyncIterable<CatalogRow & { deleted: number; origin: string }>)
    if (!row.deleted && row.origin === "catalog") catalog.load(row);
  catalog.finishLoad();
  return { catalog, since };
}

function changeOf(row: mysql.RowDataPacket): MovieChange {
  return row.deleted ? { kind: "delete", id: row.id } : { kind: "upsert", movie: rowToMovie(row as never) };
}

/** One write (this process's, or another replica's from the poll) applied to a catalog. */
export function applyChange(catalog: Catalog, change: MovieChange): void {
  if (change.kind === "delete") catalog.remove(change.id);
  else catalog.upsert(catalogRowOf(change.movie));
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
