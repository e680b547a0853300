import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createAnnIndex, readAnnIndex } from "@/lib/reco/ann";
import { AnnNodes, NODE_BASE } from "@/lib/reco/ann-nodes";
import { buildIndexFile } from "@/etl/index-build";
import {
  INDEX_FILE,
  MODEL_FILE,
  NODES_FILE,
  shardFile,
  VECTORS_FILE,
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
    expect(stats.callbacks).toBeLessThanOrEqual(30 + engine.index.getEf() * 2);
    expect(found.every((n) => byId.get(n.id)!.genres.includes("Horror"))).toBe(true);
  });
});

/** The catalog plus four movies identical in every feature (2001-2004), of which only 2004 is not adult. */
function withTwins(): Movie[] {
  const twin = { title: "Twin Peaks Redux", original_title: "Twin Peaks Redux", genres: ["Mystery"], keywords: ["owl", "diner"], release_year: 1950, release_date: "1950-01-01", vote_count: 77 };
  return [...catalog(), ...[2001, 2002, 2003, 2004].map((id) => movie(id, { ...twin, adult: id !== 2004 }))];
}

/**
 * Builds with the ETL's builder (exact duplicates share one node; `shards` graphs, as the ETL's
 * child processes build them) and loads the build as the server does.
 */
async function published(movies: Movie[], dir: string, limits?: SearchLimits, shards = 1) {
  fs.mkdirSync(dir, { recursive: true });
  const model = fitFeatures(movies, "original");
  async function* stream() {
    yield* movies;
  }
  const results = [];
  for (let shard = 0; shard < shards; shard++) results.push(await buildIndexFile(stream(), model, movies.length + 10, dir, { job: { shard, of: shards } }));
  const built = results[0];
  const graphs = await Promise.all(results.map((_, s) => readAnnIndex(path.join(dir, shardFile(s)), model.dim, 64)));
  const index = graphs[0];
  const nodes = await AnnNodes.read(graphs, path.join(dir, NODES_FILE));
  const vectors = await VectorStore.read(path.join(dir, VECTORS_FILE), model.dim);
  const meta = new CatalogFacts(16);
  for (const m of movies) meta.upsert(m);
  return { built, nodes, engine: new RecoEngine(model, index, vectors, meta, 64, limits, nodes) };
}

describe("RecoEngine over exact duplicates collapsed into one node", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twins-test-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const movies = withTwins();

  it("indexes one node for the four twins and returns all of them, tied at score 1", async () => {
    const { built, engine } = await published(movies, path.join(dir, "a"));
    expect(built.count).toBe(404);
    expect(built.nodes).toBe(401);
    expect(engine.index.getCurrentCount()).toBe(built.nodes);
    expect(engine.vectorCount).toBe(404);
    const found = engine.similar(2001, 5, { includeAdult: true })!;
    expect(found.slice(0, 3).map((n) => n.id)).toEqual([2002, 2003, 2004]);
    for (const n of found.slice(0, 3)) expect(n.score).toBeCloseTo(1, 5);
    expect(found.map((n) => n.id)).not.toContain(2001);
    // Adult twins are left out by default: only the one non-adult member of the node comes back.
    expect(engine.similar(2001, 5)!.filter((n) => n.id > 2000).map((n) => n.id)).toEqual([2004]);
  });

  it("admits a node in a filtered search when only a member other than its first passes the filter", async () => {
    const { nodes, engine } = await published(movies, path.join(dir, "b"), { exactMax: 0, graphBudget: 10_000, sampleSize: 1 });
    const label = engine.index.searchKnn(Array.from(engine.vectorOf(2001)!), 1).neighbors[0];
    expect(label).toBeGreaterThanOrEqual(NODE_BASE);
    expect(nodes.membersOf(label)).toEqual([2001, 2002, 2003, 2004]);
    expect(nodes.admits(label, (id) => id === 2004)).toBe(true);
    expect(nodes.admits(label, (id) => id === 1)).toBe(false);
    // Only 2004 passes (1950, not adult): the filtered graph search must admit the twins' node.
    const stats = observe(engine);
    expect(engine.similar(1, 5, { yearFrom: 1950, yearTo: 1950 })!.map((n) => n.id)).toEqual([2004]);
    expect(stats.filteredSearches).toBe(1);
  });

  it("deletes one member and keeps the others; the node goes with its last member", async () => {
    const { nodes, engine } = await published(movies, path.join(dir, "c"));
    const label = engine.index.searchKnn(Array.from(engine.vectorOf(2001)!), 1).neighbors[0];
    engine.meta.remove(2002);
    engine.remove(2002);
    expect(engine.similar(2001, 5, { includeAdult: true })!.slice(0, 2).map((n) => n.id)).toEqual([2003, 2004]);
    expect(engine.vectorCount).toBe(403);
    engine.remove(2002); // twice: nothing more to remove
    expect(engine.vectorCount).toBe(403);
    for (const id of [2001, 2003, 2004]) engine.remove(id);
    expect(nodes.membersOf(label)).toEqual([]);
    expect(engine.vectorCount).toBe(400);
    expect(engine.index.searchKnn(Array.from(engine.vectors.get(2001)!), 3).neighbors).not.toContain(label);
  });

  it("moves an edited member to its own node; the others stay where they were", async () => {
    const { nodes, engine } = await published(movies, path.join(dir, "d"));
    const label = engine.index.searchKnn(Array.from(engine.vectorOf(2001)!), 1).neighbors[0];
    const edited = { ...movies.find((m) => m.id === 2003)!, genres: ["Horror"], keywords: ["ghost", "haunted house"], title: "Film 3" };
    engine.upsert(edited);
    expect(nodes.membersOf(label)).toEqual([2001, 2002, 2004]);
    expect(engine.vectorCount).toBe(404);
    const near = engine.similar(2001, 3, { includeAdult: true })!;
    expect(near.slice(0, 2).map((n) => n.id)).toEqual([2002, 2004]);
    expect(near[2].score).toBeLessThan(0.99); // 2003, if still nearest after them, no longer identical
    expect(movies.find((m) => m.id === engine.similar(2003, 1, { includeAdult: true })![0].id)!.genres).toContain("Horror");
    // Deleting the moved movie removes its own node, not the twins'.
    engine.remove(2003);
    expect(engine.vectorCount).toBe(403);
    expect(nodes.membersOf(label)).toEqual([2001, 2002, 2004]);
  });

  it("answers the same from two shards built apart as from one graph, and applies live writes to them", async () => {
    const one = await published(movies, path.join(dir, "e"));
    const two = await published(movies, path.join(dir, "f"), undefined, 2);
    expect(two.nodes.shards.map((s) => s.getCurrentCount())).toEqual([201, 200]);
    expect(two.engine.vectorCount).toBe(404);
    for (const id of [1, 2, 3, 150, 2001]) {
      const a = one.engine.similar(id, 10, { includeAdult: true })!.map((n) => Math.round(n.score * 1e5));
      expect(two.engine.similar(id, 10, { includeAdult: true })!.map((n) => Math.round(n.score * 1e5))).toEqual(a);
    }
    expect(two.engine.similar(1, 5, { yearFrom: 1950, yearTo: 1950 })!.map((n) => n.id)).toEqual([2004]);
    // Deletes reach whichever shard holds the node; a new movie lands in shard 0.
    const eight = Array.from(two.engine.vectors.get(8)!);
    expect(two.nodes.search(eight, 1).map((n) => n.id)).toEqual([8]);
    for (const id of [2001, 2002, 2003, 2004, 7, 8]) {
      two.engine.meta.remove(id);
      two.engine.remove(id);
    }
    expect(two.engine.vectorCount).toBe(398);
    expect(two.nodes.search(eight, 50).map((n) => n.id)).not.toContain(8);
    const fresh = movie(3000, { genres: ["Animation", "Family"], keywords: ["toy", "friendship"] });
    two.engine.meta.upsert(fresh);
    two.engine.upsert(fresh);
    expect(two.nodes.shards[0].getCurrentCount()).toBe(202);
    expect(two.engine.similar(1, 400)!.map((n) => n.id)).toContain(3000);
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
