import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool } from "@/db/client";
import { publishMovieChange } from "@/lib/movies/changes";
import type { Movie } from "@/lib/movies/types";
import { RecoRuntime } from "@/lib/reco/runtime";
import { createTestDatabase } from "../support/db";

/**
 * The serving runtime against a real MySQL and no published index: the catalog loads from the
 * database, follows this process's writes through the change feed at once and other replicas'
 * writes through the catch-up poll; reads change nothing.
 */
const work = fs.mkdtempSync(path.join(os.tmpdir(), "runtime-test-"));
let db: { url: string; drop: () => Promise<void> };
let pool: ReturnType<typeof createPool>;
let runtime: RecoRuntime;

const COLUMNS = "id, title, original_title, overview, release_date, release_year, vote_average, vote_count, popularity, genres, poster_path, original_language, keywords, production_companies, production_countries, spoken_languages, origin";
function insert(id: number, title: string, origin: "catalog" | "api" = "catalog") {
  return pool.query(`INSERT INTO movies (${COLUMNS}) VALUES (?, ?, ?, '', '1999-03-31', 1999, 8.2, 100, 50, 'Action, Science Fiction', '/p.jpg', 'en', 'hacker, virtual reality', 'Warner Bros.', '', '', ?)`, [
    id, title, title, origin,
  ]);
}

function movie(id: number, title: string): Movie {
  return {
    id, title, original_title: title, overview: "", tagline: "", release_date: "2003-05-15", release_year: 2003, status: "Released", runtime: 138,
    budget: 0, revenue: 0, vote_average: 7, vote_count: 10, popularity: 5, adult: false, imdb_id: null, original_language: "en", homepage: "",
    poster_path: "", backdrop_path: "", genres: ["Action"], production_companies: [], production_countries: [], spoken_languages: [], keywords: ["hacker"],
  };
}

beforeAll(async () => {
  db = await createTestDatabase("runtime");
  pool = createPool(db.url);
  await insert(603, "The Matrix");
  await insert(604, "The Matrix Reloaded");
  runtime = new RecoRuntime(pool, path.join(work, "artifacts"));
  await runtime.start(200);
});
afterAll(async () => {
  runtime?.stop();
  await pool?.end();
  await db.drop();
  fs.rmSync(work, { recursive: true, force: true });
});

describe("RecoRuntime", () => {
  it("loads the catalog from MySQL into cards and title search, with no index published", () => {
    expect(runtime.health()).toMatchObject({ catalog: "ready", index: { state: "unavailable" }, titles: 2 });
    expect(runtime.catalog.card(603)).toMatchObject({
      title: "The Matrix", release_date: "1999-03-31", vote_average: 8.2, genres: ["Action", "Science Fiction"],
      keywords: ["hacker", "virtual reality"], production_companies: ["Warner Bros."], poster_path: "/p.jpg", adult: false,
    });
    expect(runtime.catalog.searchTitles("matrx", 5).map((m) => m.id)).toEqual([603, 604]);
  });

  it("follows a published change at once, and bumps its version", () => {
    const before = runtime.version();
    publishMovieChange({ kind: "upsert", movie: movie(2_000_000_001, "Matrix Revolutions") });
    expect(runtime.catalog.card(2_000_000_001)?.title).toBe("Matrix Revolutions");
    expect(runtime.version()).not.toBe(before);
    publishMovieChange({ kind: "delete", id: 2_000_000_001 });
    expect(runtime.catalog.card(2_000_000_001)).toBeUndefined();
    expect(runtime.catalog.searchTitles("revolutions", 5)).toEqual([]);
  });

  it("picks up another replica's API writes from MySQL by polling", async () => {
    await insert(2_000_000_002, "Animatrix", "api");
    await pool.query("UPDATE movies SET deleted_at = NOW(3), updated_at = NOW(3), origin = 'api' WHERE id = 604");
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && (runtime.catalog.card(604) || !runtime.catalog.card(2_000_000_002)))
      await new Promise((r) => setTimeout(r, 100));
    expect(runtime.catalog.card(2_000_000_002)?.title).toBe("Animatrix");
    expect(runtime.catalog.card(604)).toBeUndefined();
  });

  it("reads change nothing: searching and reading cards leave the version alone", () => {
    const v = runtime.version();
    runtime.catalog.searchTitles("matrix", 10);
    runtime.catalog.cardsOf([603, 604, 9]);
    expect(runtime.version()).toBe(v);
  });
});
