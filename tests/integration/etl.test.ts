import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ETL_LOCK_SQL } from "@/etl/load";
import { CATALOG_SNAPSHOT_FILE, readCatalogSnapshot } from "@/lib/catalog/snapshot";
import { readCurrentManifest } from "@/lib/reco/artifacts";
import { createTestDatabase } from "../support/db";
import { catalogChecksum, queryRows } from "../support/mysql";
import { hasRealData, MISSING_DATA, RANDOM113, ROOT, TOP3000 } from "../support/paths";

if (!hasRealData) console.warn(MISSING_DATA);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "etl-test-"));
let db: { url: string; drop: () => Promise<void> };
const artifacts = path.join(work, "artifacts");

function etl(input: string, extraEnv: Record<string, string> = {}, flags: string[] = []) {
  return spawnSync("npx", ["tsx", "etl/cli.ts", "--input", input, ...flags], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: db.url, ARTIFACTS_DIR: artifacts, ...extraEnv },
    encoding: "utf8",
  });
}

function report() {
  return JSON.parse(fs.readFileSync(path.join(artifacts, "etl-report.json"), "utf8"));
}

beforeAll(async () => {
  db = await createTestDatabase("etl");
});
afterAll(async () => {
  await db.drop();
  fs.rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!hasRealData)("ETL on the real samples", () => {
  it("random113: drops per rule as the rules say, and keeps the rest", () => {
    const r = etl(RANDOM113);
    expect(r.status, r.stderr).toBe(0);
    const rep = report();
    expect(rep.rowsRead).toBe(113);
    expect(rep.kept).toBe(84);
    expect(rep.dropped).toMatchObject({ missing_release_date: 25, not_released: 4, missing_title: 0, future_release: 0, malformed_line: 0 });
    expect(r.stdout).toMatch(/missing_release_date\s+25/);
  });

  it("top3000: leaves 3,000 movies, genres exploded, artifacts published with a manifest", async () => {
    const r = etl(TOP3000);
    expect(r.status, r.stderr).toBe(0);
    const [{ n }] = await queryRows(db.url, "SELECT COUNT(*) AS n FROM movies");
    expect(n).toBe(3000);
    const [iron] = await queryRows(db.url, "SELECT title, release_year, genres, origin FROM movies WHERE id = 1726");
    expect(iron).toMatchObject({ title: "Iron Man", release_year: 2008, genres: "Action, Science Fiction, Adventure", origin: "catalog" });
    const genres = await queryRows(db.url, "SELECT genre FROM movie_genres WHERE movie_id = 1726 ORDER BY genre");
    expect(genres.map((g) => g.genre)).toEqual(["Action", "Adventure", "Science Fiction"]);
    // One graph built by every core when the install step compiled the parallel builder.
    const rep = report();
    const parallel = fs.existsSync(path.join(ROOT, "native/hnsw-build/build/Release/hnsw_build.node"));
    expect(rep.indexBuilder).toMatch(parallel ? /^parallel: \d+ threads? into one graph/ : /^single: one thread \(hnswlib-node\); parallel builder unavailable/);
    expect(rep.indexBuildCores).toBe(parallel ? os.availableParallelism() : 1);
    expect(r.stderr).toContain(`index build: ${rep.indexBuilder}`);
    const current = await readCurrentManifest(artifacts);
    expect(current?.manifest.count).toBe(3000);
    expect(current?.manifest.files.index.bytes).toBeGreaterThan(100_000);
    // The catalog snapshot of the build: its rows, stamped as MySQL stamps them.
    expect(current?.manifest.files.catalog?.bytes).toBeGreaterThan(100_000);
    const snap = await readCatalogSnapshot(path.join(current!.buildDir, CATALOG_SNAPSHOT_FILE));
    expect(snap.catalog.size).toBe(3000);
    expect(snap.buildId).toBe(current?.manifest.buildId);
    expect(snap.catalog.card(1726)).toMatchObject({ title: "Iron Man", release_date: "2008-04-30", genres: ["Action", "Science Fiction", "Adventure"] });
    const [{ stamp }] = await queryRows(db.url, "SELECT DATE_FORMAT(MAX(updated_at), '%Y-%m-%d %H:%i:%s.%f') AS stamp FROM movies WHERE origin = 'catalog'");
    expect(snap.stamp).toBe(String(stamp).slice(0, 23));
    // The staging tables are gone after the swap.
    const tables = (await queryRows(db.url, "SHOW TABLES")).map((t) => Object.values(t)[0]);
    expect(tables).not.toContain("movies_next");
    expect(tables).not.toContain("movies_old");
  });

  it("a refresh keeps movies created or edited through the API", async () => {
    await queryRows(
      db.url,
      `INSERT INTO movies (id, title, original_title, overview, release_date, release_year, production_companies,
        production_countries, spoken_languages, keywords, origin) VALUES (9000001, 'Kept Film', 'Kept Film', '', '2001-01-01', 2001, '', '', '', '', 'api')`,
    );
    await queryRows(db.url, "UPDATE movies SET title = 'Iron Man (edited)', origin = 'api' WHERE id = 1726");
    // This refresh also runs the one-thread fallback builder end to end (--full: the file is the live build's, an incremental refresh would build nothing).
    const r = etl(TOP3000, { INDEX_BUILDER: "single" }, ["--full"]);
    expect(r.status, r.stderr).toBe(0);
    expect(report()).toMatchObject({ indexBuilder: "single: one thread (hnswlib-node); INDEX_BUILDER=single", indexBuildCores: 1 });
    const rows = await queryRows(db.url, "SELECT id, title FROM movies WHERE id IN (9000001, 1726) ORDER BY id");
    expect(rows).toEqual([
      { id: 1726, title: "Iron Man (edited)" },
      { id: 9000001, title: "Kept Film" },
    ]);
    expect(report().apiRowsKept).toBe(2);
  });

  const big = path.join(work, "big.csv");
  const buildFiles = () =>
    fs.existsSync(path.join(artifacts, "builds"))
      ? fs.readdirSync(path.join(artifacts, "builds")).flatMap((b) => fs.readdirSync(path.join(artifacts, "builds", b)).map((f) => `${b}/${f}`))
      : [];
  const stagingRows = async (conn: mysql.Connection) => {
    const [rows] = await conn.query<mysql.RowDataPacket[]>(
      "SELECT TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'movies_next'",
    );
    return rows[0] ? Number(rows[0].n) : -1;
  };
  const stages: [string, (conn: mysql.Connection) => Promise<boolean>][] = [
    // Parse + clean: the work file is being written, no staging table yet.
    ["parse", async (conn) => buildFiles().some((f) => f.endsWith("clean.ndjson")) && (await stagingRows(conn)) === -1],
    // MySQL load, with the index build running beside it in a child process.
    ["load + index build", async (conn) => (await stagingRows(conn)) > 0],
  ];

  it.each(stages)("kill -9 during %s leaves the live catalog and index intact; the next run succeeds", async (_stage, reached) => {
    if (!fs.existsSync(big)) {
      const synth = spawnSync("npx", ["tsx", "tools/synth/cli.ts", "--rows", "60000", "--out", big, "--seed", "3"], { cwd: ROOT, encoding: "utf8" });
      expect(synth.status, synth.stderr).toBe(0);
    }
    const before = await catalogChecksum(db.url);
    const manifestBefore = (await readCurrentManifest(artifacts))?.manifest.buildId;
    const child = spawn("npx", ["tsx", "etl/cli.ts", "--input", big], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: db.url, ARTIFACTS_DIR: artifacts },
      detached: true,
    });
    const conn = await mysql.createConnection(db.url);
    try {
      const deadline = Date.now() + 120_000;
      while (!(await reached(conn))) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error("ETL never reached the stage");
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await conn.end();
    }
    process.kill(-child.pid!, "SIGKILL");
    await new Promise((r) => child.once("exit", r));
    expect(await catalogChecksum(db.url)).toBe(before);
    expect((await readCurrentManifest(artifacts))?.manifest.buildId).toBe(manifestBefore);

    const again = etl(TOP3000);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/removed 1 unfinished build/);
    const [{ n }] = await queryRows(db.url, "SELECT COUNT(*) AS n FROM movies");
    expect(n).toBe(3001); // 3,000 + the API-created film of the previous test
    // Only published builds remain: the killed run's work files are gone.
    expect(buildFiles().every((f) => !f.endsWith("clean.ndjson"))).toBe(true);
  });
});

describe("ETL refuses bad input with one clear line and changes nothing", () => {
  it.each([
    ["a missing file", () => path.join(work, "nope.csv"), /input file not found/],
    ["an empty file", () => (fs.writeFileSync(path.join(work, "empty.csv"), ""), path.join(work, "empty.csv")), /empty/],
    [
      "a CSV that is not TMDB's",
      () => (fs.writeFileSync(path.join(work, "other.csv"), "id,title,foo\n1,A,b\n"), path.join(work, "other.csv")),
      /missing column\(s\) vote_average, vote_count, status/,
    ],
  ])("%s", async (_name, file, message) => {
    const before = await catalogChecksum(db.url);
    const r = etl(file());
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(await catalogChecksum(db.url)).toBe(before);
  });

  it("an unreachable database", () => {
    const r = spawnSync("npx", ["tsx", "etl/cli.ts", "--input", TOP3000], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: "mysql://root@127.0.0.1:1/movies", ARTIFACTS_DIR: artifacts },
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot reach MySQL at mysql:\/\/root@127\.0\.0\.1:1\/movies/);
  });

  it("an unwritable ARTIFACTS_DIR: clear error, old artifacts and catalog intact", async () => {
    const before = await catalogChecksum(db.url);
    const blocker = path.join(work, "a-file");
    fs.writeFileSync(blocker, "not a directory");
    const r = etl(hasRealData ? TOP3000 : blocker, { ARTIFACTS_DIR: path.join(blocker, "artifacts") });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/ARTIFACTS_DIR .* is not writable/);
    expect(await catalogChecksum(db.url)).toBe(before);
  });

  it("unknown flags", () => {
    const r = spawnSync("npx", ["tsx", "etl/cli.ts", "--inptu", "x"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Unknown option '--inptu'/);
  });

  it("a second ETL while one runs", async () => {
    const conn = await mysql.createConnection(db.url);
    try {
      await conn.query(ETL_LOCK_SQL);
      const r = etl(TOP3000);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/another ETL run is in progress/);
    } finally {
      await conn.end();
    }
  });
});

describe("fields longer than their column", () => {
  it("are shortened and counted; the refresh does not abort", async () => {
    const header = "id,title,vote_average,vote_count,status,release_date,revenue,runtime,adult,backdrop_path,budget,homepage,imdb_id,original_language,original_title,overview,popularity,poster_path,tagline,genres,production_companies,production_countries,spoken_languages,keywords";
    const row = (id: number, over: Record<string, string>) => {
      const v: Record<string, string> = { id: String(id), title: `Film ${id}`, original_title: `Film ${id}`, vote_average: "7", vote_count: "50", status: "Released", release_date: "2001-01-01", adult: "False", original_language: "en", genres: "Drama", ...over };
      return header.split(",").map((c) => `"${(v[c] ?? "").replace(/"/g, '""')}"`).join(",");
    };
    const file = path.join(work, "oversized.csv");
    const rows = Array.from({ length: 50 }, (_, i) => row(100 + i, {}));
    rows.push(
      row(1, { title: "T".repeat(600), original_title: "T".repeat(600) }),
      row(2, { genres: Array.from({ length: 40 }, (_, i) => `${i} Genre ${"x".repeat(70)}`).join(", ") }),
      row(3, { overview: "é".repeat(40_000), runtime: "99999999999", tagline: "t".repeat(2000) }),
    );
    fs.writeFileSync(file, `${header}\n${rows.join("\n")}\n`);
    const r = etl(file);
    expect(r.status, r.stderr).toBe(0);
    expect(report()).toMatchObject({ kept: 53, clipped: { title: 1, original_title: 1, genres: 1, overview: 1, runtime: 1, tagline: 1 } });
    expect(r.stdout).toMatch(/shortened to fit the column:\n(.*\n)*\s+title\s+1/);
    const [t] = await queryRows(db.url, "SELECT CHAR_LENGTH(title) AS title, CHAR_LENGTH(genres) AS genres, runtime FROM movies WHERE id IN (1, 2, 3) ORDER BY id");
    expect(t.title).toBe(500);
    const genreRows = await queryRows(db.url, "SELECT genre FROM movie_genres WHERE movie_id = 2");
    expect(genreRows.length).toBeGreaterThan(0);
    expect(genreRows.every((g) => g.genre.length <= 64)).toBe(true);
  });
});
