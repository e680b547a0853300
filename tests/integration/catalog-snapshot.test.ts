import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool } from "@/db/client";
import { CATALOG_SNAPSHOT_FILE, writeCatalogSnapshot } from "@/lib/catalog/snapshot";
import { MOVIE_COLUMNS, movieToRow } from "@/lib/movies/row";
import type { Movie } from "@/lib/movies/types";
import { describeFile, INDEX_FILE, MODEL_FILE, publishBuild, readCurrentManifest, type Manifest } from "@/lib/reco/artifacts";
import { RecoRuntime } from "@/lib/reco/runtime";
import { catalogView, movieMaker } from "../support/catalog-view";
import { createTestDatabase } from "../support/db";

/**
 * A server's catalog from the published build's snapshot against one read from MySQL, on the same
 * database with API writes on top; and the fallback to MySQL when the snapshot cannot be trusted.
 */
const work = fs.mkdtempSync(path.join(os.tmpdir(), "snapshot-boot-"));
const STAMP = "2025-06-01 10:00:00.000";
const { movie } = movieMaker(5);
const movies: Movie[] = Array.from({ length: 1500 }, (_, i) => movie(100 + i * 2));
const API_NEW = 2_000_000_001;
const EDITED = movies[10].id;
const DELETED = movies[20].id;
const IDS = [...movies.map((m) => m.id), API_NEW];
let db: { url: string; drop: () => Promise<void> };
let pool: ReturnType<typeof createPool>;
const runtimes: RecoRuntime[] = [];

/** A published build in `dir` holding `snapshot` (a file to copy in) and dummy index files (the index is not under test). */
async function publishWith(dir: string, buildId: string, snapshot?: string): Promise<string> {
  const buildDir = path.join(dir, "builds", buildId);
  fs.mkdirSync(buildDir, { recursive: true });
  fs.writeFileSync(path.join(buildDir, MODEL_FILE), "{}");
  fs.writeFileSync(path.join(buildDir, INDEX_FILE), "not an index");
  if (snapshot) fs.copyFileSync(snapshot, path.join(buildDir, CATALOG_SNAPSHOT_FILE));
  const manifest: Manifest = {
    version: 1, buildId, recipe: "v2", dim: 1, count: 0, params: { M: 16, efConstruction: 100, efSearch: 64 }, builtAt: STAMP, watermark: STAMP,
    source: "test",
    files: {
      model: await describeFile(path.join(buildDir, MODEL_FILE)),
      index: await describeFile(path.join(buildDir, INDEX_FILE)),
      catalog: snapshot ? await describeFile(path.join(buildDir, CATALOG_SNAPSHOT_FILE)) : undefined,
    },
  };
  await publishBuild(dir, buildDir, manifest);
  return buildDir;
}

async function boot(dir: string): Promise<RecoRuntime> {
  const runtime = new RecoRuntime(pool, dir);
  runtimes.push(runtime);
  await runtime.start(60_000);
  return runtime;
}

const snapshotFile = path.join(work, "catalog.snap");
const goodDir = path.join(work, "good");

beforeAll(async () => {
  db = await createTestDatabase("snapshot");
  pool = createPool(db.url);
  await pool.query(`INSERT INTO movies (${MOVIE_COLUMNS.map((c) => `\`${c}\``).join(",")}) VALUES ?`, [movies.map((m) => movieToRow(m, "catalog", STAMP))]);
  await writeCatalogSnapshot(snapshotFile, movies, { buildId: "build-1", stamp: STAMP });
  await publishWith(goodDir, "build-1", snapshotFile);
  // API writes since the build: a new movie, an edit of a catalog movie, a delete of one
  await pool.query(`INSERT INTO movies (${MOVIE_COLUMNS.map((c) => `\`${c}\``).join(",")}) VALUES ?`, [
    [movieToRow(movie(API_NEW, { title: "Snapshot Zebra Quest" }), "api", "2025-06-02 09:00:00.000")],
  ]);
  await pool.query("UPDATE movies SET title = 'Edited Walrus Saga', vote_count = 0, origin = 'api', updated_at = NOW(3) WHERE id = ?", [EDITED]);
  await pool.query("UPDATE movies SET deleted_at = NOW(3), updated_at = NOW(3), origin = 'api' WHERE id = ?", [DELETED]);
});
afterAll(async () => {
  for (const r of runtimes) r.stop();
  await pool?.end();
  await db?.drop();
  fs.rmSync(work, { recursive: true, force: true });
});

describe("catalog from the build's snapshot", () => {
  let fromMysql: ReturnType<typeof catalogView>;

  it("serves what a MySQL read serves, API writes included", async () => {
    const mysqlRuntime = await boot(path.join(work, "nothing-published"));
    expect(mysqlRuntime.health()).toMatchObject({ catalog: "ready", catalogSource: "mysql" });
    fromMysql = catalogView(mysqlRuntime.catalog, IDS);
    const runtime = await boot(goodDir);
    expect(runtime.health()).toMatchObject({ catalog: "ready", catalogSource: "snapshot", titles: 1500 });
    expect(catalogView(runtime.catalog, IDS)).toEqual(fromMysql);
    expect(runtime.catalog.card(API_NEW)?.title).toBe("Snapshot Zebra Quest");
    expect(runtime.catalog.searchTitles("zebra quest", 3).map((m) => m.id)).toEqual([API_NEW]);
    expect(runtime.catalog.card(EDITED)?.title).toBe("Edited Walrus Saga");
    expect(runtime.catalog.searchTitles("walrus", 3).map((m) => m.id)).toEqual([EDITED]);
    expect(runtime.catalog.card(DELETED)).toBeUndefined();
  });

  it("falls back to MySQL when the snapshot is corrupt, missing, of another build or of other rows", async () => {
    const copy = async (name: string, change: (buildDir: string) => void) => {
      const dir = path.join(work, name);
      fs.cpSync(goodDir, dir, { recursive: true, verbatimSymlinks: true });
      change((await readCurrentManifest(dir))!.buildDir);
      return dir;
    };
    const flipped = await copy("flipped", (b) => {
      const f = path.join(b, CATALOG_SNAPSHOT_FILE);
      const bytes = fs.readFileSync(f);
      bytes[bytes.length >> 1] ^= 1;
      fs.writeFileSync(f, bytes);
    });
    const missing = await copy("missing", (b) => fs.rmSync(path.join(b, CATALOG_SNAPSHOT_FILE)));
    const otherBuild = path.join(work, "other-build");
    await publishWith(otherBuild, "build-2", snapshotFile); // build-1's file published as build-2's
    const noSnapshot = path.join(work, "no-snapshot");
    await publishWith(noSnapshot, "build-3");
    for (const dir of [flipped, missing, otherBuild, noSnapshot]) {
      const runtime = await boot(dir);
      expect(runtime.health(), dir).toMatchObject({ catalog: "ready", catalogSource: "mysql" });
      expect(catalogView(runtime.catalog, IDS)).toEqual(fromMysql);
    }
    // A refresh that changed catalog rows in place stamps them newer: the snapshot is no longer theirs.
    await pool.query("UPDATE movies SET popularity = 99999, updated_at = NOW(3) WHERE id = ? AND origin = 'catalog'", [movies[30].id]);
    const runtime = await boot(goodDir);
    expect(runtime.health()).toMatchObject({ catalog: "ready", catalogSource: "mysql" });
    expect(runtime.catalog.card(movies[30].id)?.popularity).toBe(99999);
  });
});
