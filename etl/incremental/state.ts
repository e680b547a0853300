import fs from "node:fs";
import path from "node:path";
import { getTableName } from "drizzle-orm";
import type mysql from "mysql2/promise";
import { catalogBuild } from "@/db/schema";
import { type Manifest, newBuildDir, readCurrentManifest, switchCurrent } from "@/lib/reco/artifacts";
import { FIT_STATS_FILE, ROWS_FILE, SOURCE_FILE } from "./digest";

/**
 * Which build the catalog rows of `movies` are the snapshot of (table catalog_build, one row).
 * An incremental refresh patches those rows, so it may start only from the build they match:
 *
 *  - a full refresh marks its build `publishing` before its table swap and `published` after
 *    its artifacts switch; killed in between, the mark says the rows may match neither build;
 *  - an incremental refresh seals its build, then commits its row changes with the mark
 *    `committed` in one transaction, then switches the artifacts and marks it `published`.
 *    Killed after the commit, the rows are the new build's: the next run switches to it.
 */
const TABLE = getTableName(catalogBuild);

type Mark = "publishing" | "committed" | "published";

interface CatalogMark {
  buildId: string;
  state: Mark;
}

async function readMark(conn: mysql.Connection): Promise<CatalogMark | undefined> {
  const [rows] = await conn.query<mysql.RowDataPacket[]>(`SELECT build_id, state FROM \`${TABLE}\` WHERE id = 1`);
  return rows[0] ? { buildId: String(rows[0].build_id), state: rows[0].state as Mark } : undefined;
}

/** Sets the mark; inside a refresh's transaction for `committed`. */
export async function setMark(conn: mysql.Connection, buildId: string, state: Mark): Promise<void> {
  await conn.query(
    `INSERT INTO \`${TABLE}\` (id, build_id, state) VALUES (1, ?, ?)
     ON DUPLICATE KEY UPDATE build_id = VALUES(build_id), state = VALUES(state), updated_at = CURRENT_TIMESTAMP(3)`,
    [buildId, state],
  );
}

const isSealed = (buildDir: string) => fs.existsSync(path.join(buildDir, "manifest.json"));

/**
 * Under the ETL lock, before anything else: finishes an incremental publish killed after its
 * commit (switches the artifacts to the committed build), and removes sealed builds that never
 * got committed. Returns what it did, for the log.
 */
export async function recoverIncrementalPublish(conn: mysql.Connection, dir: string): Promise<string[]> {
  const done: string[] = [];
  const mark = await readMark(conn);
  let current = await readCurrentManifest(dir).catch(() => undefined);
  if (mark?.state === "committed") {
    const committedDir = newBuildDir(dir, mark.buildId);
    // Only forwards: a build published after the commit (index:rebuild) is newer and stays.
    if (current?.manifest.buildId !== mark.buildId && isSealed(committedDir) && (!current || current.manifest.buildId < mark.buildId)) {
      await switchCurrent(dir, committedDir);
      done.push(`switched the artifacts to build ${mark.buildId}, whose catalog rows an interrupted refresh had committed`);
      current = await readCurrentManifest(dir);
    }
    if (current?.manifest.buildId === mark.buildId) await setMark(conn, mark.buildId, "published");
  }
  const liveId = current?.manifest.buildId;
  const builds = await fs.promises.readdir(path.join(dir, "builds")).catch(() => [] as string[]);
  for (const b of builds) {
    if (!liveId || b <= liveId || b === mark?.buildId || !isSealed(newBuildDir(dir, b))) continue;
    await fs.promises.rm(newBuildDir(dir, b), { recursive: true, force: true });
    done.push(`removed build ${b}, sealed by a refresh that was interrupted before its commit`);
  }
  return done;
}

/** The live build an incremental refresh starts from, or why there is none to start from. */
export async function incrementalBase(
  conn: mysql.Connection,
  dir: string,
): Promise<{ ok: true; buildDir: string; manifest: Manifest } | { ok: false; reason: string }> {
  const current = await readCurrentManifest(dir).catch(() => undefined);
  if (!current) return { ok: false, reason: "nothing is published yet" };
  const mark = await readMark(conn);
  const id = current.manifest.buildId;
  if (!mark) return { ok: false, reason: "no record of which build the catalog rows come from (first refresh with row digests)" };
  if (mark.state !== "published") return { ok: false, reason: `the publish of build ${mark.buildId} was interrupted: the catalog rows may match no build` };
  if (mark.buildId !== id) return { ok: false, reason: `the live build ${id} was not made from the catalog rows (build ${mark.buildId} was; index:rebuild?)` };
  if (current.manifest.files.shards?.length) return { ok: false, reason: "the live graph is sharded" };
  for (const file of [ROWS_FILE, FIT_STATS_FILE, SOURCE_FILE])
    if (!fs.existsSync(path.join(current.buildDir, file))) return { ok: false, reason: `the live build has no ${file} (made by an older version, or its CSV could not be digested)` };
  return { ok: true, buildDir: current.buildDir, manifest: current.manifest };
}
