import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createAnnIndex } from "@/lib/reco/ann";
import {
  INDEX_FILE,
  MODEL_FILE,
  describeFile,
  newBuildDir,
  publishBuild,
  readCurrentManifest,
  verifyBuild,
  type Manifest,
} from "@/lib/reco/artifacts";
import { CatalogFacts } from "@/lib/catalog/facts";
import { RecoEngine, type SearchLimits } from "@/lib/reco/engine";
import { VectorStore } from "@/lib/reco/vector-store";
import { fitFeatures } from "@/lib/reco/features";
import { explain } from "@/lib/reco/reasons";
import type { Movie } from "@/lib/movies/types";

function movie(id: number, over: Partial<Movie> = {}): Movie {
  return {
    id, title: `Film ${id}`, original_title: `Film ${id}`, overview: "", tagline: "", release_date: "2000-01-01", release_year: 2000,
    status: "Released", runtime: 100, budget: 0, revenue: 0, vote_average: 6, vote_count: 100, popularity: 1, adult: false,
    imdb_id: null, original_language: "en", homepage: "", poster_path: "", backdrop_path: "", genres: ["Drama"],
    production_companies: [], production_countries: [], spoken_languages: ["English"], keywords: [], ...over,
  };
}

/** 400 movies in 4 clear families (genre + keywords), some French, some adult, years spread. */
function catalog(): Movie[] {
  const families = [
    { genres: ["Animation", "Family"], keywords: ["toy", "friendship"] },
    { genres: ["Action", "Science Fiction"], keywords: ["superhero", "armor"] },
    { genres: ["Horror"], keywords: ["ghost", "haunted house"] },
    { genres: ["Comedy", "Romance"], keywords: ["wedding", "love"] },
  ];
  return Array.from({ length: 400 }, (_, i) => {
    const f = families[i % 4];
    return movie(i + 1, {
      ...f,
      release_year: 1960 + (i % 60),
      release_date: `${1960 + (i % 60)}-01-01`,
      original_language: i % 10 === 0 ? "fr" : "en",
      adult: i % 50 === 7,
      vote_count: i * 3,
    });
  });
}

function build(movies: Movie[], limits?: SearchLimits) {
  const model = fitFeatures(movies, "original");
  const index = createAnnIndex(model.dim, movies.length + 10);
  const meta = new CatalogFacts(16);
  const engine = new RecoEngine(model, index, VectorStore.empty(model.dim), meta, 64, limits);
  for (const m of movies) {
    meta.upsert(m);
    engine.upsert(m);
  }
  return { engine, meta, model };
}

describe("RecoEngine", () => {
  const movies = catalog();
  const byId = new Map(movies.map((m) => [m.id, m]));
  const { engine, meta } = build(movies);

  it("returns k neighbours of the same family, excluding the movie itself", () => {
    const found = engine.similar(1, 10)!;
    expect(found).toHaveLength(10);
    expect(found.map((n) => n.id)).not.toContain(1);
    expect(found.every((n) => byId.get(n.id)!.genres.includes("Animation"))).toBe(true);
    expect(found[0].score).toBeGreaterThan(0.9);
  });

  it("holds every filter on every result, and still returns k when they are selective", () => {
    const found = engine.similar(2, 5, { lang: "fr", yearFrom: 1990, minVotes: 300 })!;
    expect(found).toHaveLength(5);
    for (const n of found) {
      const m = byId.get(n.id)!;
      expect(m.original_language).toBe("fr");
      expect(m.release_year).toBeGreaterThanOrEqual(1990);
      expect(m.vote_count).toBeGreaterThanOrEqual(300);
    }
    // Only Horror of another family: the graph has few near the seed, the exact scan fills in.
    const horror = engine.similar(1, 20, { genre: "horror" })!;
    expect(horror).toHaveLength(20);
    expect(horror.every((n) => byId.get(n.id)!.genres.includes("Horror"))).toBe(true);
  });

  it("excludes adult titles unless asked", () => {
    const adultIds = movies.filter((m) => m.adult).map((m) => m.id);
    const ids = (f: object) => engine.similar(8, 100, f)!.map((n) => n.id);
    expect(ids({}).some((id) => adultIds.includes(id))).toBe(false);
    expect(ids({ includeAdult: true }).some((id) => adultIds.includes(id))).toBe(true);
  });

  it("makes a new movie recommendable at once and a deleted one never appears", () => {
    const fresh = movie(1000, { genres: ["Animation", "Family"], keywords: ["toy", "friendship"] });
    meta.upsert(fresh);
    engine.upsert(fresh);
    expect(engine.similar(1000, 5)!.every((n) => byId.get(n.id)!.genres.includes("Animation"))).toBe(true);
    expect(engine.similar(1, 400)!.map((n) => n.id)).toContain(1000);
    meta.remove(1000);
    engine.remove(1000);
    expect(engine.similar(1, 400)!.map((n) => n.id)).not.toContain(1000);
    expect(engine.similar(1000, 5)).toBeUndefined();
  });

  it("re-vectorises an edited movie", () => {
    const edited = { ...byId.get(5)!, genres: ["Horror"], keywords: ["ghost", "haunted house"] };
    engine.upsert(edited);
    expect(byId.get(engine.similar(5, 1)![0].id)!.genres).toContain("Horror");
  });

  it("more like these, less like those", () => {
    const found = engine.recommend([1, 5 + 4], [2], 10);
    expect(found.map((n) => n.id)).not.toContain(2);
    expect(found.every((n) => byId.get(n.id)!.genres.includes("Animation"))).toBe(true);
    expect(engine.recommend([999_999], [], 5)).toEqual([]);
  });
});

/** Counts the graph searches and the filter callbacks they make, on the real index. */
function observe(engine: RecoEngine) {
  const stats = { searches: 0, filteredSearches: 0, callbacks: 0 };
  const index = engine.index;
  const search = index.searchKnn.bind(index);
  const counted = (q: number[], k: number, filter?: (id: number) => boolean) => {
    stats.searches++;
    if (!filter) return search(q, k);
    stats.filteredSearches++;
    return search(q, k, (id: number) => (stats.callbacks++, filter(id)));
  };
  // The native method is read-only on the prototype: shadow it on this instance.
  Object.defineProperty(index, "searchKnn", { value: counted });
  return stats;
}

describe("RecoEngine bounded work", () => {
  const movies = catalog();
  const byId = new Map(movies.map((m) => [m.id, m]));

  it("answers a filter that admits nothing at once, without walking the graph", () => {
    const { engine } = build(movies);
    const stats = observe(engine);
    expect(engine.similar(1, 50, { lang: "zz" })).toEqual([]);
    expect(engine.similar(1, 50, { minVotes: 1e9 })).toEqual([]);
    expect(engine.similar(1, 50, { yearFrom: 2200, yearTo: 1870 })).toEqual([]);
    expect(engine.recommend([1, 2], [], 50, { genre: "nope" })).toEqual([]);
    expect(stats.filteredSearches).toBe(0);
  });

  it("scores a selective filter exactly: the same answer as a brute-force scan", () => {
    const { engine } = build(movies);
    const stats = observe(engine);
    const filters = { lang: "fr", yearFrom: 1970 };
    const found = engine.similar(3, 10, filters)!;
    const seed = engine.vectorOf(3)!;
    const brute = movies
      .filter((m) => m.id !== 3 && m.original_language === "fr" && m.release_year >= 1970 && !m.adult)
      .map((m) => ({ id: m.id, score: engine.vectors.dot(seed, m.id) }))
      .sort((a, b) => b.score - a.score || a.id - b.id)
      .slice(0, 10);
    expect(found.map((n) => Math.round(n.score * 1e5))).toEqual(brute.map((n) => Math.round(n.score * 1e5)));
    expect(stats.filteredSearches).toBe(0);
  });

  it("caps the filter callbacks of a graph search when the filter admits many movies far from the query", () => {
    // Limits scaled to this 400-movie catalog: above 20 admitted movies the graph is searched,
    // with at most 30 filter callbacks.
    const { engine } = build(movies, { exactMax: 20, graphBudget: 30, sampleSize: 20 });
    const stats = observe(engine);
    // Horror (100 movies) is far from an Animation seed: an unbounded filtered search walks on.
    const found = engine.similar(1, 10, { genre: "horror" })!;
    expect(stats.filteredSearches).toBe(1);
    // hnswlib calls the filter once more per candidate already queued when the budget runs out.
    expect(stats.callbacks).toBeLessThanOrEqual(30 + 64 * 2);
    expect(found.every((n) => byId.get(n.id)!.genres.includes("Horror"))).toBe(true);
  });
});

describe("reasons", () => {
  it("names shared keywords, studio, genres, decade and language", () => {
    const seed = movie(1, { keywords: ["toy", "friendship"], production_companies: ["Pixar"], genres: ["Animation", "Family"], release_year: 1995 });
    const other = movie(2, { keywords: ["toy"], production_companies: ["Pixar"], genres: ["Animation"], release_year: 1999 });
    expect(explain([seed], other)).toEqual([
      "shared keywords: toy",
      "same studio: Pixar",
      "shared genres: Animation",
      "same decade: 1990s",
      "same language: English",
    ]);
    expect(explain([seed], movie(3, { genres: ["War"], release_year: 1950, original_language: "ja" }))).toEqual([]);
  });
});

describe("artifacts", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "artifacts-test-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function publish(id: string): Promise<Manifest> {
    const buildDir = newBuildDir(dir, id);
    fs.mkdirSync(buildDir, { recursive: true });
    fs.writeFileSync(path.join(buildDir, MODEL_FILE), `{"model":"${id}"}`);
    fs.writeFileSync(path.join(buildDir, INDEX_FILE), Buffer.alloc(4096, id.length));
    const manifest: Manifest = {
      version: 1, buildId: id, recipe: "v2", dim: 8, count: 1, params: { M: 16, efConstruction: 100, efSearch: 64 },
      builtAt: new Date().toISOString(), watermark: "2026-01-01 00:00:00.000", source: "test.csv",
      files: { model: await describeFile(path.join(buildDir, MODEL_FILE)), index: await describeFile(path.join(buildDir, INDEX_FILE)) },
    };
    await publishBuild(dir, buildDir, manifest);
    return manifest;
  }

  it("publishes by swapping the current link, keeping the previous build, pruning older ones", async () => {
    await publish("b1");
    await publish("b2");
    await publish("b3");
    const current = await readCurrentManifest(dir);
    expect(current?.manifest.buildId).toBe("b3");
    expect(fs.readdirSync(path.join(dir, "builds")).sort()).toEqual(["b2", "b3"]);
    await expect(verifyBuild(current!.buildDir, current!.manifest)).resolves.toBeUndefined();
  });

  it("refuses a truncated or tampered index by checksum", async () => {
    const current = (await readCurrentManifest(dir))!;
    const file = path.join(current.buildDir, INDEX_FILE);
    const bytes = fs.readFileSync(file);
    bytes[100] ^= 0xff;
    fs.writeFileSync(file, bytes);
    await expect(verifyBuild(current.buildDir, current.manifest)).rejects.toThrow(/does not match its manifest checksum/);
    fs.writeFileSync(file, bytes.subarray(0, 1000));
    await expect(verifyBuild(current.buildDir, current.manifest)).rejects.toThrow(/does not match its manifest size/);
  });

  it("reports nothing published as undefined, and a broken manifest as an error", async () => {
    expect(await readCurrentManifest(path.join(dir, "nothing-here"))).toBeUndefined();
    const current = (await readCurrentManifest(dir))!;
    fs.writeFileSync(path.join(current.buildDir, "manifest.json"), '{"version":7}');
    await expect(readCurrentManifest(dir)).rejects.toThrow(/invalid/);
  });
});
