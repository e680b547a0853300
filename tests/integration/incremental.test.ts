import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool, getPool } from "@/db/client";
import { CsvRecordSplitter } from "@/etl/incremental/records";
import { movieInputSchema } from "@/lib/api/schemas";
import { createMovie, deleteMovie, patchMovie } from "@/lib/movies/mutations";
import { rowToMovie } from "@/lib/movies/row";
import { indexPoint } from "@/lib/reco/ann";
import { MODEL_FILE, readCurrentManifest } from "@/lib/reco/artifacts";
import { FeatureModel } from "@/lib/reco/features";
import { RecoRuntime } from "@/lib/reco/runtime";
import { allApiChanges, applyChange, loadCatalog } from "@/lib/catalog/sync";
import { SORT_KEYS } from "@/lib/catalog/order";
import { createTestDatabase } from "../support/db";
import { runEtlChild, startEtl, untilWriterWaitsOnGate } from "../support/etl-child";
import { catalogChecksum, queryRows } from "../support/mysql";
import { ROOT } from "../support/paths";

/**
 * Incremental refreshes (etl/incremental/) against real MySQL and artifacts, through the CLI:
 * the rows the file changed, added and removed, and only those, reach MySQL and a copy of the
 * live index; rows made through the API stay; a refresh killed at any step leaves the live
 * catalog and index as they were; what does not allow an incremental refresh falls back to a
 * full one and says why.
 */
const work = fs.mkdtempSync(path.join(os.tmpdir(), "incremental-test-"));
const artifacts = path.join(work, "artifacts");
const base = path.join(work, "base.csv");
let db: { url: string; drop: () => Promise<void> };

beforeAll(async () => {
  db = await createTestDatabase("incr");
  Object.assign(process.env, { DATABASE_URL: db.url, ARTIFACTS_DIR: artifacts, LOG_LEVEL: "silent" });
  const synth = spawnSync("npx", ["tsx", "tools/synth/cli.ts", "--rows", "3000", "--out", base, "--seed", "5"], { cwd: ROOT, encoding: "utf8" });
  expect(synth.status, synth.stderr).toBe(0);
});
afterAll(async () => {
  await getPool().end();
  await db.drop();
  fs.rmSync(work, { recursive: true, force: true });
});

const report = () => JSON.parse(fs.readFileSync(path.join(artifacts, "etl-report.json"), "utf8"));
const liveBuild = async () => (await readCurrentManifest(artifacts))?.manifest.buildId;
const etl = (file: string, ...flags: string[]) => runEtlChild(["--input", file, ...flags]);

/** The file's lines: header, line break, and each line's id and raw text. */
function linesOf(file: string) {
  const rows: { id: number; text: string }[] = [];
  const s = new CsvRecordSplitter({ onRecord: (r) => rows.push({ id: r.id, text: r.bytes!.toString("utf8") }), wantBytes: () => true });
  s.push(fs.readFileSync(file));
  s.end();
  return { header: s.header!.fields, nl: s.newline!, rows };
}

/**
 * Writes a copy of `from` with some lines edited (fields by column name; null removes the line)
 * and lines appended; every other line keeps its bytes.
 */
function variant(name: string, from: string, edit: Record<number, Record<string, string> | null>, extra: Record<string, string>[] = []): string {
  const { header, nl, rows } = linesOf(from);
  const line = (fields: string[]) => Papa.unparse([fields], { newline: nl });
  const out = [header.join(",")];
  for (const r of rows) {
    const e = edit[r.id];
    if (e === null) continue;
    if (!e) out.push(r.text);
    else {
      const f = Papa.parse<string[]>(r.text, { header: false }).data[0];
      for (const [k, v] of Object.entries(e)) f[header.indexOf(k)] = v;
      out.push(line(f));
    }
  }
  for (const x of extra) out.push(line(header.map((c) => x[c] ?? "")));
  const file = path.join(work, name);
  fs.writeFileSync(file, out.join(nl) + nl);
  return file;
}

const newMovie = (id: number, title: string) => ({
  id: String(id), title, original_title: title, status: "Released", release_date: "2011-04-01", vote_average: "6.5", vote_count: "120",
  original_language: "en", genres: "Drama, Mystery", keywords: "detective, small town", overview: "A detective returns to a small town.", adult: "False",
});

/** Content of the catalog rows (timestamps aside), to compare two databases. */
async function catalogRows(url: string): Promise<Map<number, string>> {
  const rows = await queryRows(url, "SELECT * FROM movies WHERE origin = 'catalog' ORDER BY id");
  return new Map(rows.map((r) => [Number(r.id), JSON.stringify({ ...r, created_at: 0, updated_at: 0 })]));
}

async function catalogIds(n: number, offset: number): Promise<number[]> {
  const rows = await queryRows(db.url, "SELECT id FROM movies WHERE origin = 'catalog' ORDER BY id LIMIT ? OFFSET ?", [n, offset]);
  return rows.map((r) => Number(r.id));
}

const movieInput = (title: string) => movieInputSchema.parse({ title, release_date: "2001-02-03", genres: ["Drama"], overview: "Made through the API." });

describe("incremental refresh", () => {
  it("a full refresh keeps what the next one starts from: row digest, fit counts, the CSV, and the catalog's mark", async () => {
    const r = await etl(base);
    expect(r.code, r.stderr).toBe(0);
    expect(report().refresh).toEqual({ path: "full", reason: "nothing is published yet", digest: "kept" });
    const current = (await readCurrentManifest(artifacts))!;
    for (const f of ["rows.bin", "fit-stats.json"]) expect(fs.existsSync(path.join(current.buildDir, f))).toBe(true);
    expect(fs.readFileSync(path.join(current.buildDir, "source.csv"))).toEqual(fs.readFileSync(base));
    expect(await queryRows(db.url, "SELECT build_id, state FROM catalog_build")).toEqual([{ build_id: current.manifest.buildId, state: "published" }]);
  });

  it("applies the changed, added and removed rows only; rows made or edited through the API stay; the index follows", async () => {
    const [m1, m2, m3, m4, m5, r1, r2, r3, apiEdited, apiDeleted, dup] = await catalogIds(11, 500);
    const made = await createMovie(movieInput("Made Before The Refresh"));
    await patchMovie(apiEdited, { title: "Edited Through The Api" });
    await deleteMovie(apiDeleted);
    const [{ maxId }] = await queryRows(db.url, "SELECT MAX(id) AS maxId FROM movies WHERE origin = 'catalog'");
    const n = [1, 2, 3].map((k) => Number(maxId) + k);
    const [{ votes }] = await queryRows(db.url, "SELECT vote_count AS votes FROM movies WHERE id = ?", [dup]);
    const file = variant(
      "v1.csv",
      base,
      {
        ...Object.fromEntries([m1, m2, m3, m4, m5].map((id, k) => [id, { title: `Changed Title ${k}`, vote_count: "4321" }])),
        [r1]: null, [r2]: null, [r3]: null, [apiDeleted]: null,
        [apiEdited]: { title: "Changed In The Csv" },
      },
      // New movies, and a more voted line of an id the file already has (it wins the duplicate rule).
      [...n.map((id, k) => newMovie(id, `Brand New Film ${k}`)), { ...newMovie(dup, "The Duplicate That Wins"), vote_count: String(Number(votes) + 1000) }],
    );
    const r = await etl(file);
    expect(r.code, r.stderr).toBe(0);
    const rep = report();
    expect(rep.refresh.path, rep.refresh.reason).toBe("incremental");
    expect(rep.refresh.changes).toMatchObject({ added: 3, changed: 7, removed: 4 });
    expect(r.stdout).toMatch(/incremental refresh: the live build's row digest matched the file and its feature model still fits/);
    // The 10 new lines, and the 10 old ones they replace or that left (their counts leave the fit).
    expect(rep.refresh.changes.linesParsed).toBe(20);

    const rows = await queryRows(db.url, "SELECT id, title, origin, deleted_at IS NOT NULL AS deleted FROM movies WHERE id IN (?) ORDER BY id", [
      [m1, r1, apiEdited, apiDeleted, dup, made.id, ...n],
    ]);
    const byId = new Map(rows.map((x) => [Number(x.id), [x.title, x.origin, Number(x.deleted)]]));
    expect(byId.get(m1)).toEqual(["Changed Title 0", "catalog", 0]);
    expect(byId.get(r1)).toBeUndefined();
    expect(byId.get(apiEdited)).toEqual(["Edited Through The Api", "api", 0]);
    expect(byId.get(apiDeleted)?.slice(1)).toEqual(["api", 1]);
    expect(byId.get(dup)).toEqual(["The Duplicate That Wins", "catalog", 0]);
    expect(byId.get(made.id)).toEqual(["Made Before The Refresh", "api", 0]);
    expect(n.map((id) => byId.get(id)?.[0])).toEqual(["Brand New Film 0", "Brand New Film 1", "Brand New Film 2"]);
    expect(await queryRows(db.url, "SELECT genre FROM movie_genres WHERE movie_id = ? ORDER BY genre", [n[0]])).toEqual([{ genre: "Drama" }, { genre: "Mystery" }]);
    expect(await queryRows(db.url, "SELECT COUNT(*) AS c FROM movie_genres WHERE movie_id = ?", [r1])).toEqual([{ c: 0 }]);

    // The same file loaded in full into another database: the same catalog rows and counts.
    const other = await createTestDatabase("incr_full");
    try {
      const full = spawnSync("npx", ["tsx", "etl/cli.ts", "--input", file], {
        cwd: ROOT, encoding: "utf8", env: { ...process.env, DATABASE_URL: other.url, ARTIFACTS_DIR: path.join(work, "other") },
      });
      expect(full.status, full.stderr).toBe(0);
      const fullReport = JSON.parse(fs.readFileSync(path.join(work, "other", "etl-report.json"), "utf8"));
      for (const k of ["rowsRead", "kept", "dropped", "clipped"]) expect(rep[k], k).toEqual(fullReport[k]);
      const [mine, theirs] = [await catalogRows(db.url), await catalogRows(other.url)];
      // The API keeps its version of the movie it edited; every other catalog row is the same.
      theirs.delete(apiEdited);
      expect(mine.size).toBe(theirs.size);
      expect([...theirs].filter(([id, row]) => mine.get(id) !== row).map(([id]) => id)).toEqual([]);
    } finally {
      await other.drop();
    }

    // A server on the new build: new and changed movies have the live model's vectors, removed ones are gone.
    const pool = createPool(db.url);
    const runtime = new RecoRuntime(pool, artifacts);
    try {
      await runtime.start(60_000);
      const engine = runtime.engine!;
      const current = (await readCurrentManifest(artifacts))!;
      const model = FeatureModel.fromJSON(JSON.parse(fs.readFileSync(path.join(current.buildDir, MODEL_FILE), "utf8")));
      expect(engine.vectorCount).toBe(rep.kept + 1); // and the movie made through the API
      for (const id of [m1, n[0], dup]) {
        const [row] = await queryRows(db.url, "SELECT * FROM movies WHERE id = ?", [id]);
        expect(Array.from(engine.vectorOf(id)!), `movie ${id}`).toEqual(Array.from(Float32Array.from(indexPoint(model.vectorize(rowToMovie(row as never))))));
      }
      for (const gone of [r1, r2, r3, apiDeleted]) expect(engine.similar(gone, 10)).toBeUndefined();
      // The catalog came from the refresh's snapshot, and reads as a full read of MySQL does.
      expect(runtime.health().catalogSource).toBe("snapshot");
      expect(r.stdout + r.stderr).toContain(`catalog snapshot: ${rep.kept} movies`);
      const { catalog: fromMysql } = await loadCatalog(pool, 1024);
      for (const change of await allApiChanges(pool)) applyChange(fromMysql, change);
      const served = runtime.catalog;
      expect(served.size).toBe(fromMysql.size);
      const ids = [m1, m5, n[0], n[2], dup, apiEdited, made.id, ...(await catalogIds(40, 100))];
      expect(ids.map((id) => served.card(id))).toEqual(ids.map((id) => fromMysql.card(id)));
      for (const gone of [r1, r2, r3, apiDeleted]) expect(served.card(gone)).toBeUndefined();
      expect(served.card(n[1])?.title).toBe("Brand New Film 1");
      for (const q of ["brand new film", "changed title", "edited through the api"]) expect(served.searchTitles(q, 10)).toEqual(fromMysql.searchTitles(q, 10));
      for (const sort of SORT_KEYS) {
        const page = (c: typeof served) => c.facts.view(sort)!.page("desc", undefined, () => true, 30).slots.map((slot) => c.facts.idAt(slot));
        expect(page(served), sort).toEqual(page(fromMysql));
      }
      const neighbours = [m1, m2, n[0], n[1], dup].flatMap((id) => engine.similar(id, 50)!.map((x) => x.id));
      expect(neighbours.length).toBeGreaterThan(100);
      expect(neighbours.filter((id) => [r1, r2, r3, apiDeleted].includes(id))).toEqual([]);
    } finally {
      runtime.stop();
      await pool.end();
    }
  });

  it("an API write to a movie the refresh changes, made while it runs, wins", async () => {
    const [target] = await catalogIds(1, 900);
    const file = variant("v2.csv", path.join(work, "v1.csv"), { [target]: { title: "Csv Version", vote_count: "77" } });
    const run = startEtl(["--input", file], ["scanned"]);
    expect(await run.nextPause()).toBe("scanned");
    await patchMovie(target, { title: "Written During The Refresh" });
    run.resume();
    const done = await run.exited;
    expect(done.code, done.stderr).toBe(0);
    expect(report().refresh).toMatchObject({ path: "incremental", changes: { changed: 1 } });
    expect(await queryRows(db.url, "SELECT title, origin FROM movies WHERE id = ?", [target])).toEqual([{ title: "Written During The Refresh", origin: "api" }]);
  });

  describe("kill -9", () => {
    // Two files the refreshes alternate between, each a few rows off the other.
    let files: string[];
    let turn = 0;
    beforeAll(async () => {
      const ids = await catalogIds(6, 1200);
      files = [0, 1].map((k) => variant(`k${k}.csv`, path.join(work, "v2.csv"), Object.fromEntries(ids.map((id, j) => [id, { vote_count: String(1000 * (k + 1) + j) }]))));
      const r = await etl(files[0]);
      expect(r.code, r.stderr).toBe(0);
    });
    const next = () => files[++turn % 2];

    it.each(["scanned", "built", "sealed", "delta_gated"])("at '%s' leaves the live catalog and index as they were; the next run succeeds", async (step) => {
      const made = await createMovie(movieInput(`Api Movie ${step}`));
      const before = await catalogChecksum(db.url);
      const build = await liveBuild();
      const file = next();
      const run = startEtl(["--input", file], [step]);
      expect(await run.nextPause()).toBe(step);
      // Inside the gate an API write waits for the transaction; the kill releases it.
      const write = step === "delta_gated" ? patchMovie(made.id, { title: "Written Behind The Gate" }) : undefined;
      if (write) await untilWriterWaitsOnGate(db.url);
      const catalogBefore = await catalogRows(db.url);
      await run.kill();
      await write;
      if (!write) expect(await catalogChecksum(db.url)).toBe(before);
      expect(await catalogRows(db.url)).toEqual(catalogBefore);
      expect(await liveBuild()).toBe(build);
      expect(await queryRows(db.url, "SELECT state FROM catalog_build")).toEqual([{ state: "published" }]);

      const again = await etl(file);
      expect(again.code, again.stderr).toBe(0);
      expect(report().refresh.path).toBe("incremental");
      if (step === "sealed" || step === "delta_gated") expect(again.stderr).toMatch(/removed build \S+, sealed by a refresh that was interrupted before its commit/);
      if (write) expect(await queryRows(db.url, "SELECT title FROM movies WHERE id = ?", [made.id])).toEqual([{ title: "Written Behind The Gate" }]);
    });

    it("after the commit: the catalog is the new one, and the next run switches the index to the committed build", async () => {
      const build = await liveBuild();
      const file = next();
      const run = startEtl(["--input", file], ["committed"]);
      expect(await run.nextPause()).toBe("committed");
      await run.kill();
      const [{ build_id: committed, state }] = await queryRows(db.url, "SELECT build_id, state FROM catalog_build");
      expect(state).toBe("committed");
      expect(await liveBuild()).toBe(build);
      const again = await etl(file);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toContain(`switched the artifacts to build ${committed}`);
      // The rolled-forward build already has this file: nothing left to change.
      expect(report().refresh).toMatchObject({ path: "incremental", changes: { added: 0, changed: 0, removed: 0 } });
    });
  });

  describe("falls back to a full rebuild, and says why", () => {
    it("--full", async () => {
      const r = await etl(path.join(work, "v2.csv"), "--full");
      expect(r.code, r.stderr).toBe(0);
      expect(report().refresh).toMatchObject({ path: "full", reason: "--full was given", digest: "kept" });
    });

    it("too many movies changed", async () => {
      const ids = await catalogIds(200, 0);
      const r = await etl(variant("many.csv", path.join(work, "v2.csv"), Object.fromEntries(ids.map((id) => [id, null]))));
      expect(r.code, r.stderr).toBe(0);
      expect(report().refresh.reason).toMatch(/^200 of \d+ movies were added, changed or removed \(more than 5%\)$/);
    });

    it("the feature model no longer fits the file", async () => {
      const ids = await catalogIds(90, 300);
      const r = await etl(variant("trend.csv", path.join(work, "many.csv"), Object.fromEntries(ids.map((id) => [id, { keywords: "zombie apocalypse" }]))));
      expect(r.code, r.stderr).toBe(0);
      expect(report().refresh.reason).toMatch(/^the feature model no longer fits: a refit of the keywords vocabulary would bring in terms [0-9.]+% more frequent than those it drops/);
    });

    it("an index rebuilt from MySQL since", async () => {
      const rebuilt = spawnSync("npx", ["tsx", "etl/rebuild-index.ts"], { cwd: ROOT, env: process.env, encoding: "utf8" });
      expect(rebuilt.status, rebuilt.stderr).toBe(0);
      const r = await etl(path.join(work, "trend.csv"));
      expect(r.code, r.stderr).toBe(0);
      expect(report().refresh.reason).toMatch(/^the live build \S+ was not made from the catalog rows/);
    });

    it("a bad flag is refused with the usage", async () => {
      const r = await etl(base, "--fulll");
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/Unknown option '--fulll'[\s\S]*--full +rebuild everything/);
    });
  });

  it("a damaged live catalog snapshot: the refresh publishes without one, says why, and servers read MySQL", async () => {
    const live = (await readCurrentManifest(artifacts))!;
    const snap = path.join(live.buildDir, "catalog.snap");
    const bytes = fs.readFileSync(snap);
    bytes[bytes.length >> 1] ^= 0xff;
    fs.writeFileSync(snap, bytes);
    const [id] = await catalogIds(1, 700);
    const r = await etl(variant("damaged.csv", path.join(live.buildDir, "source.csv"), { [id]: { title: "After The Damage" } }));
    expect(r.code, r.stderr).toBe(0);
    expect(report().refresh.path).toBe("incremental");
    expect(r.stdout + r.stderr).toMatch(/catalog snapshot not written \(servers will read MySQL\): catalog\.snap in \S+ does not match its manifest checksum/);
    const current = (await readCurrentManifest(artifacts))!;
    expect(current.manifest.files.catalog).toBeUndefined();
    expect(fs.existsSync(path.join(current.buildDir, "catalog.snap"))).toBe(false);
    const pool = createPool(db.url);
    const runtime = new RecoRuntime(pool, artifacts);
    try {
      await runtime.start(60_000);
      expect(runtime.health().catalogSource).toBe("mysql");
      expect(runtime.catalog.card(id)?.title).toBe("After The Damage");
    } finally {
      runtime.stop();
      await pool.end();
    }
  });
});
