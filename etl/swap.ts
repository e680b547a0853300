import { getTableColumns } from "drizzle-orm";
import type mysql from "mysql2/promise";
import { connect } from "@/db/admin";
import { movies } from "@/db/schema";
import { LIVE, OLD, STAGING, type CatalogTables } from "./load";

/**
 * The publish of a refresh: staging replaces the live catalog tables in one RENAME while API
 * writes go on. Movies created, edited or soft-deleted through the API (origin = 'api') are kept:
 *
 *  1. copy the live API rows into staging (writers keep writing);
 *  2. close the publish gate (`publish_gate`): it waits for the write transactions in flight,
 *     and new ones wait behind it (lib/movies/mutations.ts takes the gate shared in each);
 *  3. copy again what changed since step 1, then RENAME, then open the gate.
 *
 * No write can land between the last copy and the swap, so none is lost or overwritten by an
 * older version. Writers wait for step 3 only (milliseconds for thousands of API rows).
 * A run killed after the RENAME leaves the previous tables as `movies_old`: the next ETL or index
 * rebuild copies back any API row newer there before dropping them (recoverInterruptedPublish).
 */

const COLUMNS = Object.values(getTableColumns(movies))
  .map((c) => `\`${c.name}\``)
  .join(", ");
const CARRY_CHUNK = 5000;

interface CarryCounts {
  /** API rows written into the destination. */
  carried: number;
  /** Of those, rows that replaced a catalog row of the same id (API edits of TMDB movies). */
  overCatalog: number;
}

/**
 * Copies API rows from `src` into `dst` where `dst` lacks the id, holds the catalog's row, or
 * holds an older version of it: the newer `updated_at` wins (each write makes it strictly newer,
 * and a soft delete is a version like any other), so nothing is rolled back or resurrected.
 */
async function carryApiRows(conn: mysql.Connection, src: CatalogTables, dst: CatalogTables): Promise<CarryCounts> {
  const [rows] = await conn.query<mysql.RowDataPacket[]>(
    `SELECT s.id, d.origin AS dst_origin FROM \`${src.movies}\` s LEFT JOIN \`${dst.movies}\` d ON d.id = s.id
     WHERE s.origin = 'api' AND (d.id IS NULL OR d.origin = 'catalog' OR s.updated_at > d.updated_at)`,
  );
  const ids = rows.map((r) => Number(r.id));
  for (let i = 0; i < ids.length; i += CARRY_CHUNK) {
    const chunk = ids.slice(i, i + CARRY_CHUNK);
    await conn.query(`REPLACE INTO \`${dst.movies}\` (${COLUMNS}) SELECT ${COLUMNS} FROM \`${src.movies}\` WHERE id IN (?)`, [chunk]);
    await conn.query(`DELETE FROM \`${dst.genres}\` WHERE movie_id IN (?)`, [chunk]);
    await conn.query(
      `INSERT IGNORE INTO \`${dst.genres}\` (movie_id, genre) SELECT movie_id, genre FROM \`${src.genres}\` WHERE movie_id IN (?)`,
      [chunk],
    );
  }
  return { carried: ids.length, overCatalog: rows.filter((r) => r.dst_origin === "catalog").length };
}

/**
 * Holds the publish gate exclusively until `open()`. It needs a connection of its own: a row lock
 * lasts until its transaction ends, and RENAME commits the transaction of the connection it runs on.
 */
export async function closeGate(url: string): Promise<{ open: () => Promise<void> }> {
  const gate = await connect(url);
  await gate.query("INSERT IGNORE INTO publish_gate (id) VALUES (1)");
  await gate.beginTransaction();
  await gate.query("SELECT id FROM publish_gate WHERE id = 1 FOR UPDATE");
  return {
    open: async () => {
      await gate.rollback().catch(() => {});
      await gate.end().catch(() => gate.destroy());
    },
  };
}

/** Steps of a full publish, then of an incremental refresh (etl/incremental/refresh.ts). */
type PublishStep = "carried" | "gated" | "renamed" | "released" | "scanned" | "built" | "sealed" | "delta_gated" | "committed";

/**
 * Test hook, for tests/integration/publish.test.ts and incremental.test.ts only: ETL_TEST_PAUSE_AT=step[,step...] makes
 * the run print `etl-test-pause: STEP` on stderr at that step and wait for a line on stdin, so a
 * test can kill -9 it, or let writers run, at an exact point. Unset, it does nothing.
 */
export async function pauseForTest(step: PublishStep): Promise<void> {
  if (!process.env.ETL_TEST_PAUSE_AT?.split(",").includes(step)) return;
  process.stderr.write(`etl-test-pause: ${step}\n`);
  await new Promise<void>((resolve) => {
    process.stdin.once("data", () => {
      process.stdin.pause();
      resolve();
    });
    process.stdin.resume();
  });
}

interface SwapResult {
  /** API rows in the published catalog (live, edited and soft-deleted). */
  apiRowsKept: number;
  /** TMDB movies of the new CSV kept in their API-edited version. */
  apiEditsOverCatalog: number;
}

export async function publishStaging(conn: mysql.Connection, url: string): Promise<SwapResult> {
  const bulk = await carryApiRows(conn, LIVE, STAGING);
  await pauseForTest("carried");
  const gate = await closeGate(url);
  let result: SwapResult;
  try {
    const delta = await carryApiRows(conn, LIVE, STAGING);
    const [[{ n }]] = (await conn.query(`SELECT COUNT(*) AS n FROM \`${STAGING.movies}\` WHERE origin = 'api'`)) as unknown as [[{ n: number }]];
    result = { apiRowsKept: Number(n), apiEditsOverCatalog: bulk.overCatalog + delta.overCatalog };
    await pauseForTest("gated");
    await conn.query(
      `RENAME TABLE \`${LIVE.movies}\` TO \`${OLD.movies}\`, \`${STAGING.movies}\` TO \`${LIVE.movies}\`, ` +
        `\`${LIVE.genres}\` TO \`${OLD.genres}\`, \`${STAGING.genres}\` TO \`${LIVE.genres}\``,
    );
    await pauseForTest("renamed");
  } finally {
    await gate.open();
  }
  await pauseForTest("released");
  await dropOld(conn);
  return result;
}

async function dropOld(conn: mysql.Connection): Promise<void> {
  await conn.query(`DROP TABLE IF EXISTS \`${OLD.movies}\`, \`${OLD.genres}\``);
}

async function tableExists(conn: mysql.Connection, table: string): Promise<boolean> {
  const [rows] = await conn.query<mysql.RowDataPacket[]>(
    "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
    [table],
  );
  return rows.length > 0;
}

/**
 * Finishes a publish that was killed after its RENAME: API rows newer in `movies_old` than in
 * the live tables are copied over (behind the gate, as writers go on), then the old tables are
 * dropped. Call under the ETL lock, before anything else touches the tables. Returns rows copied.
 */
export async function recoverInterruptedPublish(conn: mysql.Connection, url: string): Promise<number> {
  if (!(await tableExists(conn, OLD.movies)) || !(await tableExists(conn, OLD.genres))) {
    await dropOld(conn);
    return 0;
  }
  const gate = await closeGate(url);
  let carried: number;
  try {
    ({ carried } = await carryApiRows(conn, OLD, LIVE));
  } finally {
    await gate.open();
  }
  await dropOld(conn);
  return carried;
}
