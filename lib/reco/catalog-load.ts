import fs from "node:fs";
import path from "node:path";
import type mysql from "mysql2/promise";
import type { Catalog } from "@/lib/catalog/catalog";
import { CATALOG_SNAPSHOT_FILE, readCatalogSnapshot } from "@/lib/catalog/snapshot";
import { catalogStamp, loadCatalog } from "@/lib/catalog/sync";
import { logger } from "@/lib/log/logger";
import { readCurrentManifest, verifyFile } from "./artifacts";

interface LoadedCatalog {
  catalog: Catalog;
  /** DB time the load began: API writes after it are the catch-up poll's. */
  since: string;
  source: "snapshot" | "mysql";
}

/** Why a snapshot was not used (the log line's reason). */
class SnapshotUnusable extends Error {}

/**
 * The live build's catalog snapshot, when it is sound and holds the catalog rows MySQL holds now.
 * The size is checked first; the checksum runs on a hashing thread while the file is read and
 * decoded, and nothing decoded is used unless it matches.
 */
async function fromSnapshot(pool: mysql.Pool, dir: string): Promise<LoadedCatalog> {
  const current = await readCurrentManifest(dir).catch((err: Error) => {
    throw new SnapshotUnusable(err.message);
  });
  if (!current) throw new SnapshotUnusable("no build published");
  const { buildDir, manifest } = current;
  const expected = manifest.files.catalog;
  if (!expected) throw new SnapshotUnusable(`build ${manifest.buildId} has no catalog snapshot`);
  const file = path.join(buildDir, CATALOG_SNAPSHOT_FILE);
  const size = (await fs.promises.stat(file).catch(() => undefined))?.size;
  if (size === undefined) throw new SnapshotUnusable(`${CATALOG_SNAPSHOT_FILE} missing in ${buildDir}`);
  if (size !== expected.bytes) throw new SnapshotUnusable(`${CATALOG_SNAPSHOT_FILE} in ${buildDir} does not match its manifest size (truncated or modified)`);
  const [checksum, snap, db] = await Promise.allSettled([
    verifyFile(buildDir, CATALOG_SNAPSHOT_FILE, expected),
    readCatalogSnapshot(file),
    catalogStamp(pool),
  ]);
  if (db.status === "rejected") throw db.reason; // the database is down: so is the fallback
  if (checksum.status === "rejected") throw new SnapshotUnusable((checksum.reason as Error).message);
  if (snap.status === "rejected") throw new SnapshotUnusable(`${CATALOG_SNAPSHOT_FILE} in ${buildDir} unreadable: ${(snap.reason as Error).message}`);
  const { catalog, buildId, stamp } = snap.value;
  if (buildId !== manifest.buildId) throw new SnapshotUnusable(`${CATALOG_SNAPSHOT_FILE} in ${buildDir} was written by build ${buildId}`);
  // A refresh stamps the catalog rows it loads: another stamp means MySQL holds another load's rows.
  if (db.value.stamp !== stamp)
    throw new SnapshotUnusable(`MySQL's catalog rows are not the build's (newest catalog row ${db.value.stamp ?? "none"}, snapshot of ${stamp})`);
  return { catalog, since: db.value.now, source: "snapshot" };
}

/**
 * The catalog a server serves from: the published build's snapshot, else (none, corrupt, of another
 * build or of other rows than MySQL's; the log says which) a full read of MySQL. Either way without
 * the API rows, which the caller applies on top.
 */
export async function loadServingCatalog(pool: mysql.Pool, dir: string, expectedSize: number): Promise<LoadedCatalog> {
  const started = performance.now();
  const log = logger();
  try {
    const loaded = await fromSnapshot(pool, dir);
    log.info({ movies: loaded.catalog.size, ms: Math.round(performance.now() - started) }, "catalog read from the build's snapshot");
    return loaded;
  } catch (err) {
    if (!(err instanceof SnapshotUnusable)) throw err;
    log.warn({ reason: err.message }, "catalog snapshot not used; reading the catalog from MySQL");
  }
  const fallbackStart = performance.now();
  const { catalog, since } = await loadCatalog(pool, expectedSize);
  log.info({ movies: catalog.size, ms: Math.round(performance.now() - fallbackStart) }, "catalog read from MySQL");
  return { catalog, since, source: "mysql" };
}
