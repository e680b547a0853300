import type mysql from "mysql2/promise";
import type { Movie } from "@/lib/movies/types";
import { movieToRow, MOVIE_COLUMNS } from "@/lib/movies/row";

/**
 * Bulk load into staging tables, then one atomic RENAME (swap.ts): readers see the old catalog or
 * the new one, never a mix. A crash before the RENAME leaves the live tables untouched (the
 * staging tables are dropped and recreated by the next run).
 */
export interface CatalogTables {
  movies: string;
  genres: string;
}
export const LIVE: CatalogTables = { movies: "movies", genres: "movie_genres" };
export const STAGING: CatalogTables = { movies: "movies_next", genres: "movie_genres_next" };
export const OLD: CatalogTables = { movies: "movies_old", genres: "movie_genres_old" };

/** One ETL (or index rebuild) at a time per database, across every machine that shares it. */
export const ETL_LOCK_SQL = "SELECT GET_LOCK(CONCAT('movies_etl:', DATABASE()), 0) AS got";

export async function acquireEtlLock(conn: mysql.Connection): Promise<boolean> {
  const [rows] = await conn.query<mysql.RowDataPacket[]>(ETL_LOCK_SQL);
  return rows[0]?.got === 1;
}

export async function dbNow(conn: mysql.Connection): Promise<string> {
  const [rows] = await conn.query<mysql.RowDataPacket[]>("SELECT DATE_FORMAT(NOW(3), '%Y-%m-%d %H:%i:%s.%f') AS now");
  return String(rows[0].now).slice(0, 23);
}

interface IndexDef {
  name: string;
  unique: boolean;
  columns: string[];
}

async function secondaryIndexes(conn: mysql.Connection, table: string): Promise<IndexDef[]> {
  const [rows] = await conn.query<mysql.RowDataPacket[]>(`SHOW INDEX FROM \`${table}\``);
  const byName = new Map<string, IndexDef>();
  for (const r of rows) {
    if (r.Key_name === "PRIMARY") continue;
    const def = byName.get(r.Key_name) ?? { name: r.Key_name, unique: r.Non_unique === 0, columns: [] };
    def.columns[r.Seq_in_index - 1] = r.Column_name;
    byName.set(r.Key_name, def);
  }
  return [...byName.values()];
}

/** Creates empty staging tables shaped like the live ones, without secondary indexes (built after the load). */
export async function prepareStaging(conn: mysql.Connection): Promise<Map<string, IndexDef[]>> {
  const deferred = new Map<string, IndexDef[]>();
  for (const key of ["movies", "genres"] as const) {
    await conn.query(`DROP TABLE IF EXISTS \`${STAGING[key]}\``);
    await conn.query(`CREATE TABLE \`${STAGING[key]}\` LIKE \`${LIVE[key]}\``);
    const indexes = await secondaryIndexes(conn, STAGING[key]);
    if (indexes.length)
      await conn.query(`ALTER TABLE \`${STAGING[key]}\` ${indexes.map((i) => `DROP INDEX \`${i.name}\``).join(", ")}`);
    deferred.set(STAGING[key], indexes);
  }
  return deferred;
}

export async function buildDeferredIndexes(conn: mysql.Connection, deferred: Map<string, IndexDef[]>): Promise<void> {
  for (const [table, indexes] of deferred) {
    if (!indexes.length) continue;
    const clauses = indexes.map(
      (i) => `ADD ${i.unique ? "UNIQUE " : ""}INDEX \`${i.name}\` (${i.columns.map((c) => `\`${c}\``).join(", ")})`,
    );
    await conn.query(`ALTER TABLE \`${table}\` ${clauses.join(", ")}`);
  }
}

/** Buffers movies and writes them with large multi-row INSERTs. */
export class StagingWriter {
  private movies: unknown[][] = [];
  private genres: unknown[][] = [];
  private bytes = 0;
  private pending: Promise<void> = Promise.resolve();
  rows = 0;

  constructor(
    private readonly conn: mysql.Connection,
    private readonly timestamp: string,
    private readonly batchSize = 2000,
    // Well under MySQL's default 16 MB max_allowed_packet, whatever the overview lengths.
    private readonly batchBytes = 4 << 20,
  ) {}

  async add(movie: Movie): Promise<void> {
    const row = movieToRow(movie, "catalog", this.timestamp);
    this.movies.push(row);
    for (const v of row) this.bytes += typeof v === "string" ? v.length * 3 : 8;
    for (const g of movie.genres) this.genres.push([movie.id, g]);
    if (this.movies.length >= this.batchSize || this.bytes >= this.batchBytes) await this.flush();
  }

  /** Sends the buffered rows; the previous batch is awaited first so at most one is in flight. */
  async flush(): Promise<void> {
    await this.pending;
    if (!this.movies.length) return;
    const movies = this.movies;
    const genres = this.genres;
    this.movies = [];
    this.genres = [];
    this.bytes = 0;
    this.rows += movies.length;
    this.pending = (async () => {
      await this.conn.query(`INSERT INTO \`${STAGING.movies}\` (${MOVIE_COLUMNS.map((c) => `\`${c}\``).join(",")}) VALUES ?`, [movies]);
      if (genres.length) await this.conn.query(`INSERT IGNORE INTO \`${STAGING.genres}\` (movie_id, genre) VALUES ?`, [genres]);
    })();
  }

  async close(): Promise<void> {
    await this.flush();
    await this.pending;
  }
}

export async function dropStaging(conn: mysql.Connection): Promise<void> {
  await conn.query(`DROP TABLE IF EXISTS \`${STAGING.movies}\`, \`${STAGING.genres}\``);
}
