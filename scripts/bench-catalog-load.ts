/**
 * A server's boot, in process, one way per run (run each in a fresh process, for its RSS):
 * - `snapshot`: the catalog from the published build's snapshot, as boot reads it (checksum on a
 *   hashing thread beside the read, build and MySQL stamp checked);
 * - `mysql`: the catalog streamed and indexed from MySQL;
 * - `runtime`: the whole runtime start (catalog, index, API rows), from whatever ARTIFACTS_DIR holds.
 *
 *   node --expose-gc --import tsx scripts/bench-catalog-load.ts snapshot|mysql|runtime
 *
 * Reads DATABASE_URL and ARTIFACTS_DIR; prints one JSON line.
 */
import fs from "node:fs";
import path from "node:path";
import { createPool } from "@/db/client";
import { CATALOG_SNAPSHOT_FILE } from "@/lib/catalog/snapshot";
import { loadCatalog } from "@/lib/catalog/sync";
import { artifactsDir } from "@/lib/config";
import { readCurrentManifest } from "@/lib/reco/artifacts";
import { loadServingCatalog } from "@/lib/reco/catalog-load";
import { RecoRuntime } from "@/lib/reco/runtime";

const mb = (n: number) => Math.round(n / 2 ** 20);

async function load(way: string, pool: ReturnType<typeof createPool>) {
  if (way === "snapshot") {
    const loaded = await loadServingCatalog(pool, artifactsDir(), 0);
    if (loaded.source !== "snapshot") throw new Error("the snapshot was not used: see the log line above");
    return { catalog: loaded.catalog, source: loaded.source };
  }
  if (way === "mysql") return { catalog: (await loadCatalog(pool, 0)).catalog, source: "mysql" };
  if (way !== "runtime") throw new Error("usage: bench-catalog-load.ts snapshot|mysql|runtime");
  const runtime = new RecoRuntime(pool, artifactsDir());
  await runtime.start(3_600_000);
  runtime.stop();
  const h = runtime.health();
  return { catalog: runtime.catalog, source: h.catalogSource, index: h.index.state, keep: runtime };
}

async function main(): Promise<void> {
  const way = process.argv[2];
  const pool = createPool();
  const gc = (globalThis as { gc?: () => void }).gc;
  const current = await readCurrentManifest(artifactsDir());
  const snapshotBytes = current ? (fs.statSync(path.join(current.buildDir, CATALOG_SNAPSHOT_FILE), { throwIfNoEntry: false })?.size ?? 0) : 0;
  gc?.();
  const before = process.memoryUsage();
  const t0 = performance.now();
  const loaded = await load(way, pool);
  const ms = performance.now() - t0;
  gc?.();
  const after = process.memoryUsage();
  const movies = loaded.catalog.size;
  const { catalog: _catalog, keep: _keep, ...rest } = loaded as typeof loaded & { keep?: unknown };
  console.log(
    JSON.stringify({
      way, ...rest, movies, ms: Math.round(ms), rssMb: mb(after.rss),
      addedMb: mb(after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers),
      snapshotBytesPerMovie: Math.round(snapshotBytes / movies),
    }),
  );
  await pool.end();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
