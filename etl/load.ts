import type mysql from "mysql2/promise";
import type { Movie } from "@/lib/movies/types";
import { movieToRow, MOVIE_COLUMNS } from "@/lib/movies/row";

/**
 * Bulk load into staging tables, then one atomic RENAME: readers see the old catalog or the new
 * one, never a mix. A crash before the RENAME leaves the live tables untouched (the staging
 * tables are dropped and recreated by the next run).
 */
export const LIVE = { movies: "movies", genres: "movie_genres" } as const;
export const STAGING = { movies: "movies_next", genres: "movie_genres_next" } as const;
const OLD = { movies: "movies_old", genres: "movie_genres_old" } as const;

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
    for (const g of movie.genres) this.genres.push([movie.id, g.slice(0, 64)]);
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

const API_ROWS = (table: string, since?: string) =>
  `SELECT * FROM \`${table}\` WHERE origin = 'api'${since ? " AND updated_at >= ?" : ""}`;

/** Copies rows created, edited or deleted through the API from `from` into `to` (the API's version wins). */
async function carryApiRows(conn: mysql.Connection, from: "live" | "old", to: "staging" | "live", since?: string) {
  const src = from === "live" ? LIVE : OLD;
  const dst = to === "staging" ? STAGING : LIVE;
  const params = since ? [since] : [];
  // REPLACE reports 2 affected rows for a replaced row: count the rows themselves.
  const [[{ n }]] = (await conn.query(`SELECT COUNT(*) AS n FROM (${API_ROWS(src.movies, since)}) api`, params)) as unknown as [[{ n: number }]];
  await conn.query(`REPLACE INTO \`${dst.movies}\` ${API_ROWS(src.movies, since)}`, params);
  await conn.query(
    `DELETE g FROM \`${dst.genres}\` g JOIN \`${src.movies}\` m ON m.id = g.movie_id WHERE m.origin = 'api'${since ? " AND m.updated_at >= ?" : ""}`,
    params,
  );
  await conn.query(
    `INSERT IGNORE INTO \`${dst.genres}\` SELECT g.* FROM \`${src.genres}\` g JOIN \`${src.movies}\` m ON m.id = g.movie_id WHERE m.origin = 'api'${since ? " AND m.updated_at >= ?" : ""}`,
    params,
  );
  return Number(n);
}

/**
 * Swaps staging in with one RENAME (atomic for readers), keeping API-made rows: they are copied
 * before the swap, and any written in the moment between copy and swap are copied after it.
 */
export async function publishStaging(conn: mysql.Connection): Promise<{ apiRowsKept: number }> {
  const copyStart = await dbNow(conn);
  const apiRowsKept = await carryApiRows(conn, "live", "staging");
  await conn.query(`DROP TABLE IF EXISTS \`${OLD.movies}\`, \`${OLD.genres}\``);
  await conn.query(
    `RENAME TABLE \`${LIVE.movies}\` TO \`${OLD.movies}\`, \`${STAGING.movies}\` TO \`${LIVE.movies}\`, ` +
      `\`${LIVE.genres}\` TO \`${OLD.genres}\`, \`${STAGING.genres}\` TO \`${LIVE.genres}\``,
  );
  await carryApiRows(conn, "old", "live", copyStart);
  await conn.query(`DROP TABLE IF EXISTS \`${OLD.movies}\`, \`${OLD.genres}\``);
  return { apiRowsKept };
}

export async function dropStaging(conn: mysql.Connection): Promise<void> {
  await conn.query(`DROP TABLE IF EXISTS \`${STAGING.movies}\`, \`${STAGING.genres}\``);
}
