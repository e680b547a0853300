import { getTableColumns } from "drizzle-orm";
import type mysql from "mysql2/promise";
import { movies } from "@/db/schema";
import { MOVIE_COLUMNS, movieToRow } from "@/lib/movies/row";
import type { Movie } from "@/lib/movies/types";
import { LIVE } from "../load";
import { closeGate, pauseForTest } from "../swap";
import { setMark } from "./state";

/**
 * An incremental refresh's MySQL side: the changed and added movies and the removed ids go into
 * small side tables first (no lock on the live ones), then one transaction behind the publish
 * gate replaces the catalog versions of those movies in the live tables and marks the catalog
 * as the new build's (state.ts). Readers see the catalog before or after it (InnoDB snapshots);
 * API writes wait on the gate for the transaction (a bounded set of rows: seconds at most), so
 * none lands in between; rows made or edited through the API (origin 'api') are never touched.
 */
const DELTA = { movies: "movies_delta", genres: "movie_genres_delta", gone: "movies_delta_gone" };
/** The side tables, for a stage that reads what is staged. */
export const DELTA_TABLES: Readonly<typeof DELTA> = DELTA;
const COLUMNS = Object.values(getTableColumns(movies))
  .map((c) => `\`${c.name}\``)
  .join(", ");
const BATCH = 2000;

export async function dropDelta(conn: mysql.Connection): Promise<void> {
  await conn.query(`DROP TABLE IF EXISTS \`${DELTA.movies}\`, \`${DELTA.genres}\`, \`${DELTA.gone}\``);
}

/** Writes the new versions of changed and added movies, and the removed ids, into the side tables. */
export async function stageDelta(conn: mysql.Connection, upserts: readonly Movie[], removed: readonly number[], timestamp: string): Promise<void> {
  await dropDelta(conn);
  await conn.query(`CREATE TABLE \`${DELTA.movies}\` LIKE \`${LIVE.movies}\``);
  await conn.query(`CREATE TABLE \`${DELTA.genres}\` LIKE \`${LIVE.genres}\``);
  await conn.query(`CREATE TABLE \`${DELTA.gone}\` (id INT NOT NULL PRIMARY KEY)`);
  const names = MOVIE_COLUMNS.map((c) => `\`${c}\``).join(",");
  for (let i = 0; i < upserts.length; i += BATCH) {
    const batch = upserts.slice(i, i + BATCH);
    await conn.query(`INSERT INTO \`${DELTA.movies}\` (${names}) VALUES ?`, [batch.map((m) => movieToRow(m, "catalog", timestamp))]);
    const genres = batch.flatMap((m) => m.genres.map((g) => [m.id, g]));
    if (genres.length) await conn.query(`INSERT IGNORE INTO \`${DELTA.genres}\` (movie_id, genre) VALUES ?`, [genres]);
  }
  for (let i = 0; i < removed.length; i += 10 * BATCH) await conn.query(`INSERT INTO \`${DELTA.gone}\` (id) VALUES ?`, [removed.slice(i, i + 10 * BATCH).map((id) => [id])]);
}

interface DeltaResult {
  /** Catalog rows deleted (removed movies, and the old versions of changed ones). */
  deleted: number;
  inserted: number;
  /** Changed or removed movies left alone because the live row is an API edit. */
  keptApiRows: number;
  /** How long API writes waited on the gate. */
  gatedMs: number;
}

/** The one transaction: catalog versions out, new versions in, the mark set to `committed`. */
export async function applyDelta(conn: mysql.Connection, url: string, buildId: string): Promise<DeltaResult> {
  const gate = await closeGate(url);
  const gatedAt = performance.now();
  try {
    await conn.beginTransaction();
    const [[{ n: apiTouched }]] = (await conn.query(
      `SELECT COUNT(*) AS n FROM \`${LIVE.movies}\` m WHERE m.origin = 'api' AND (m.id IN (SELECT id FROM \`${DELTA.movies}\`) OR m.id IN (SELECT id FROM \`${DELTA.gone}\`))`,
    )) as unknown as [[{ n: number }]];
    let deleted = 0;
    for (const source of [DELTA.gone, DELTA.movies]) {
      const [res] = await conn.query<mysql.ResultSetHeader>(
        `DELETE m FROM \`${LIVE.movies}\` m JOIN \`${source}\` d ON d.id = m.id WHERE m.origin = 'catalog'`,
      );
      deleted += res.affectedRows;
      // Genres of the rows just deleted (an API row keeps its own).
      await conn.query(
        `DELETE g FROM \`${LIVE.genres}\` g JOIN \`${source}\` d ON d.id = g.movie_id LEFT JOIN \`${LIVE.movies}\` m ON m.id = g.movie_id WHERE m.id IS NULL`,
      );
    }
    const [ins] = await conn.query<mysql.ResultSetHeader>(
      `INSERT INTO \`${LIVE.movies}\` (${COLUMNS}) SELECT ${COLUMNS.split(", ").map((c) => `d.${c}`).join(", ")}
       FROM \`${DELTA.movies}\` d LEFT JOIN \`${LIVE.movies}\` m ON m.id = d.id WHERE m.id IS NULL`,
    );
    await conn.query(
      `INSERT IGNORE INTO \`${LIVE.genres}\` (movie_id, genre) SELECT dg.movie_id, dg.genre FROM \`${DELTA.genres}\` dg
       JOIN \`${LIVE.movies}\` m ON m.id = dg.movie_id AND m.origin = 'catalog'`,
    );
    await setMark(conn, buildId, "committed");
    await pauseForTest("delta_gated");
    await conn.commit();
    return { deleted, inserted: ins.affectedRows, keptApiRows: Number(apiTouched), gatedMs: Math.round(performance.now() - gatedAt) };
  } catch (err) {
    await conn.rollback().catch(() => {});
    throw err;
  } finally {
    await gate.open();
  }
}
