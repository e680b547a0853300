import { spawnSync } from "node:child_process";
import fs from "node:fs";
import mysql from "mysql2/promise";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPool } from "@/db/client";
import { movieInputSchema } from "@/lib/api/schemas";
import { API_ID_MIN } from "@/lib/movies/ids";
import { createMovie, deleteMovie, patchMovie, replaceMovie } from "@/lib/movies/mutations";
import { TMDB_COLUMNS } from "@/lib/movies/types";
import { getRuntime } from "@/lib/reco/runtime";
import { createTestDatabase } from "../support/db";
import { type EtlRun, startEtl as startEtlChild, untilWriterWaitsOnGate } from "../support/etl-child";
import { queryRows } from "../support/mysql";
import { ROOT } from "../support/paths";

/**
 * Refreshes while API writes go on, through lib/movies/mutations (the code the routes call), on a
 * database of this file's own. The ETL runs as a child process; ETL_TEST_PAUSE_AT (etl/swap.ts)
 * stops it at each step of the publish so writes are made, or the run killed, exactly there.
 */
const work = fs.mkdtempSync(path.join(os.tmpdir(), "publish-test-"));
const artifacts = path.join(work, "artifacts");
const catalog = path.join(work, "catalog.csv");
let db: { url: string; drop: () => Promise<void> };

const PUBLISH_STEPS = ["carried", "gated", "renamed", "released"];

beforeAll(async () => {
  db = await createTestDatabase("publish");
  // Read lazily by db/client, lib/config and the logger: set before the first write.
  Object.assign(process.env, { DATABASE_URL: db.url, ARTIFACTS_DIR: artifacts, LOG_LEVEL: "silent" });
  const synth = spawnSync("npx", ["tsx", "tools/synth/cli.ts", "--rows", "400", "--out", catalog, "--seed", "5"], { cwd: ROOT, encoding: "utf8" });
  expect(synth.status, synth.stderr).toBe(0);
  const first = await runEtl(catalog);
  expect(first.code, first.stderr).toBe(0);
});

afterAll(async () => {
  (await getRuntime()).stop();
  await getPool().end();
  await db.drop();
  fs.rmSync(work, { recursive: true, force: true });
});

/** --full: these runs exercise the full publish (a file unchanged since the last build would be refreshed incrementally). */
function startEtl(input: string, pauseAt: string[] = []): EtlRun {
  return startEtlChild(["--input", input, "--full"], pauseAt);
}

async function runEtl(input: string) {
  const run = startEtl(input);
  run.child.stdin.end();
  return run.exited;
}

function report() {
  return JSON.parse(fs.readFileSync(path.join(artifacts, "etl-report.json"), "utf8"));
}

const movieInput = (title: string) =>
  movieInputSchema.parse({ title, release_date: "2001-02-03", genres: ["Drama"], overview: "A film made during a refresh." });

/**
 * Writers in a tight loop: each creates a movie, renames it twice, and deletes every third; one
 * also keeps rewriting a catalog movie. Every acknowledged write is recorded as the state the
 * movie must have afterwards.
 */
class Writers {
  readonly acked = new Map<number, { title: string; deleted: boolean }>();
  readonly errors: string[] = [];
  readonly duplicateIds: number[] = [];
  count = 0;
  private stopped = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly tag: string,
    private readonly catalogId: number,
  ) {}

  start(n = 3): void {
    this.stopped = false;
    for (let k = 0; k < n; k++) this.loops.push(this.loop(k));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
    this.loops = [];
  }

  private async write(id: number | undefined, fn: () => Promise<unknown>, state: { title: string; deleted: boolean }) {
    try {
      const result = (await fn()) as { id?: number } | undefined;
      const key = id ?? result!.id!;
      if (id === undefined && this.acked.has(key)) this.duplicateIds.push(key);
      this.acked.set(key, state);
      this.count++;
      return key;
    } catch (err) {
      this.errors.push(`${state.title}: ${(err as Error).message}`);
      return undefined;
    }
  }

  private async loop(k: number): Promise<void> {
    for (let i = 0; !this.stopped; i++) {
      const title = `${this.tag} w${k} m${i}`;
      const id = await this.write(undefined, () => createMovie(movieInput(`${title} v0`)), { title: `${title} v0`, deleted: false });
      if (id === undefined) continue;
      for (const v of ["v1", "v2"])
        await this.write(id, () => patchMovie(id, { title: `${title} ${v}` }), { title: `${title} ${v}`, deleted: false });
      if (i % 3 === 0) await this.write(id, () => deleteMovie(id), { title: `${title} v2`, deleted: true });
      if (k === 0)
        await this.write(this.catalogId, () => replaceMovie(this.catalogId, movieInput(`${title} catalog edit`)), {
          title: `${title} catalog edit`,
          deleted: false,
        });
    }
  }
}

/** Until the writers acknowledge `n` more writes. */
async function letWritersRun(w: Writers, n: number): Promise<void> {
  const target = w.count + n;
  for (const deadline = Date.now() + 60_000; w.count < target; await new Promise((r) => setTimeout(r, 20)))
    if (Date.now() > deadline) throw new Error(`writers stuck at ${w.count} acknowledged writes`);
}

/** Steps at which the publish gate is closed: writers must wait. */
const GATED_STEPS = new Set(["gated", "renamed"]);

/** At a paused step: writes go on outside the gate, and wait on it inside. */
async function writeDuring(step: string, w: Writers, n: number): Promise<void> {
  if (GATED_STEPS.has(step)) await untilWriterWaitsOnGate(db.url);
  else await letWritersRun(w, n);
}

async function expectAckedWritesPresent(w: Writers): Promise<void> {
  expect(w.errors).toEqual([]);
  expect(w.duplicateIds).toEqual([]);
  const ids = [...w.acked.keys()];
  const rows = await queryRows(db.url, "SELECT id, title, deleted_at IS NOT NULL AS deleted FROM movies WHERE id IN (?)", [ids]);
  const stored = new Map(rows.map((r) => [Number(r.id), { title: r.title as string, deleted: Boolean(Number(r.deleted)) }]));
  const wrong = ids.filter((id) => JSON.stringify(stored.get(id)) !== JSON.stringify(w.acked.get(id)));
  expect(
    wrong.slice(0, 5).map((id) => ({ id, acked: w.acked.get(id), stored: stored.get(id) ?? "missing" })),
    `${wrong.length} of ${ids.length} acknowledged movies differ`,
  ).toEqual([]);
  const genres = await queryRows(db.url, "SELECT movie_id, GROUP_CONCAT(genre) AS g FROM movie_genres WHERE movie_id IN (?) GROUP BY movie_id", [ids]);
  const genreOf = new Map(genres.map((r) => [Number(r.movie_id), r.g]));
  expect(ids.filter((id) => genreOf.get(id) !== "Drama")).toEqual([]);
}

async function leftoverTables(): Promise<string[]> {
  const rows = await queryRows(db.url, "SHOW TABLES");
  return rows.map((t) => String(Object.values(t)[0])).filter((t) => /_(old|next)$/.test(t));
}

async function someCatalogId(): Promise<number> {
  const [row] = await queryRows(db.url, "SELECT id FROM movies WHERE origin = 'catalog' AND deleted_at IS NULL ORDER BY popularity DESC LIMIT 1");
  return Number(row.id);
}

function csvRow(id: number, title: string): string {
  const v: Record<string, string> = {
    id: String(id),
    title,
    original_title: title,
    vote_average: "7",
    vote_count: "100",
    status: "Released",
    release_date: "2010-05-05",
    adult: "False",
    original_language: "en",
    genres: "Drama",
  };
  return TMDB_COLUMNS.map((c) => v[c] ?? "").join(",");
}

describe("API-made movies have an id space of their own", () => {
  it("a created movie gets a reserved id; TMDB's next id stays free; a CSV row in the reserved range is dropped and reported", async () => {
    const made = await createMovie(movieInput("Made Through The Api"));
    expect(made.id).toBeGreaterThanOrEqual(API_ID_MIN);
    const second = await createMovie(movieInput("Made Through The Api Too"));
    expect(second.id).toBe(made.id + 1);

    const [{ maxId }] = await queryRows(db.url, "SELECT MAX(id) AS maxId FROM movies WHERE origin = 'catalog'");
    const tmdbNext = Number(maxId) + 1;
    const next = path.join(work, "next.csv");
    const base = fs.readFileSync(catalog, "utf8");
    fs.writeFileSync(next, `${base}${base.endsWith("\n") ? "" : "\n"}${csvRow(tmdbNext, "Tmdb Next Film")}\n${csvRow(made.id, "Squatter Film")}\n`);
    const r = await runEtl(next);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/dropped 1 row\(s\) with ids reserved for API-made movies .*1 collided with one/);

    const rows = await queryRows(db.url, "SELECT id, title, origin FROM movies WHERE id IN (?) ORDER BY id", [[tmdbNext, made.id, second.id]]);
    expect(rows).toEqual([
      { id: tmdbNext, title: "Tmdb Next Film", origin: "catalog" },
      { id: made.id, title: "Made Through The Api", origin: "api" },
      { id: second.id, title: "Made Through The Api Too", origin: "api" },
    ]);
    expect(report()).toMatchObject({ dropped: { reserved_id: 1 }, idCollisions: [made.id] });
  });
});

describe("a refresh publishes safely while API writes go on", () => {
  it("creates, edits and deletes in a tight loop through every step of the publish: all acknowledged, none lost or resurrected", async () => {
    const w = new Writers("loop", await someCatalogId());
    w.start();
    await letWritersRun(w, 20);
    const run = startEtl(catalog, PUBLISH_STEPS);
    const seen: string[] = [];
    for (let step = await run.nextPause(); step; step = await run.nextPause()) {
      seen.push(step);
      await writeDuring(step, w, 20);
      run.resume();
    }
    const done = await run.exited;
    await letWritersRun(w, 20);
    await w.stop();
    expect(done.code, done.stderr).toBe(0);
    expect(seen).toEqual(PUBLISH_STEPS);
    await expectAckedWritesPresent(w);
    expect(await leftoverTables()).toEqual([]);
  });

  it.each(PUBLISH_STEPS)("kill -9 at publish step '%s': every acknowledged write survives it and the next run", async (step) => {
    const w = new Writers(`kill ${step}`, await someCatalogId());
    w.start();
    const run = startEtl(catalog, [step]);
    expect(await run.nextPause()).toBe(step);
    await writeDuring(step, w, 10);
    await run.kill();
    // The gate dies with the killed run's connection: writers go on.
    await letWritersRun(w, 10);
    await w.stop();
    await expectAckedWritesPresent(w);

    w.start();
    const again = await runEtl(catalog);
    await letWritersRun(w, 10);
    await w.stop();
    expect(again.code, again.stderr).toBe(0);
    await expectAckedWritesPresent(w);
    expect(await leftoverTables()).toEqual([]);
  });

  it("an index rebuild first recovers API writes a crashed publish left in movies_old (newer wins, deletes stay deleted)", async () => {
    const [a, b, c, d] = await Promise.all(["Stranded A", "Stranded B", "Stranded C", "Stranded D"].map((t) => createMovie(movieInput(`${t} v0`))));
    // A publish killed between its RENAME and its last copy: the writes of that moment are only in movies_old.
    const conn = await mysql.createConnection(db.url);
    try {
      for (const t of ["movies", "movie_genres"]) await conn.query(`CREATE TABLE ${t}_old LIKE ${t}`);
      await conn.query("INSERT INTO movies_old SELECT * FROM movies");
      await conn.query("INSERT INTO movie_genres_old SELECT * FROM movie_genres");
      await conn.query("UPDATE movies_old SET title = 'Stranded A v1', updated_at = updated_at + INTERVAL 1 SECOND WHERE id = ?", [a.id]);
      await conn.query("UPDATE movies_old SET title = 'Stranded B older', updated_at = updated_at - INTERVAL 1 SECOND WHERE id = ?", [b.id]);
      await conn.query("UPDATE movies_old SET deleted_at = NOW(3), updated_at = updated_at + INTERVAL 1 SECOND WHERE id = ?", [c.id]);
      // Created in the window: present in the old tables only.
      await conn.query("DELETE FROM movies WHERE id = ?", [d.id]);
      await conn.query("DELETE FROM movie_genres WHERE movie_id = ?", [d.id]);
    } finally {
      await conn.end();
    }
    const r = spawnSync("npx", ["tsx", "etl/rebuild-index.ts"], { cwd: ROOT, env: process.env, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/recovered 3 API row\(s\)/);
    const rows = await queryRows(db.url, "SELECT id, title, deleted_at IS NOT NULL AS deleted FROM movies WHERE id IN (?)", [[a.id, b.id, c.id, d.id]]);
    const byId = new Map(rows.map((m) => [Number(m.id), [m.title, Number(m.deleted)]]));
    expect([a, b, c, d].map((m) => byId.get(m.id))).toEqual([
      ["Stranded A v1", 0],
      ["Stranded B v0", 0],
      ["Stranded C v0", 1],
      ["Stranded D v0", 0],
    ]);
    expect(await queryRows(db.url, "SELECT genre FROM movie_genres WHERE movie_id = ?", [d.id])).toEqual([{ genre: "Drama" }]);
    expect(await leftoverTables()).toEqual([]);
  });
});
