import { describe, expect, it } from "vitest";
import { mmr, poolSize } from "@/lib/reco/diversify";
import { CatalogFacts } from "@/lib/catalog/facts";
import { createAnnIndex } from "@/lib/reco/ann";
import { RecoEngine } from "@/lib/reco/engine";
import { fitFeatures } from "@/lib/reco/features";
import { VectorStore } from "@/lib/reco/vector-store";
import type { Movie } from "@/lib/movies/types";

describe("maximal marginal relevance", () => {
  // 1, 2, 3 are one franchise (near copies); 4 and 5 stand alone.
  const pool = [
    { id: 1, score: 0.95 },
    { id: 2, score: 0.94 },
    { id: 3, score: 0.93 },
    { id: 4, score: 0.8 },
    { id: 5, score: 0.7 },
  ];
  const family = new Set([1, 2, 3]);
  const sim = (a: number, b: number) => (family.has(a) && family.has(b) ? 0.98 : 0.1);

  it("keeps the relevance order at diversity 0", () => {
    expect(mmr(pool, 3, 0, sim).map((n) => n.id)).toEqual([1, 2, 3]);
  });

  it("spreads the picks out with diversity, k results, relevance scores kept", () => {
    const picked = mmr(pool, 3, 0.5, sim);
    expect(picked.map((n) => n.id)).toEqual([1, 4, 5]);
    expect(picked[1].score).toBe(0.8);
    expect(mmr(pool, 5, 1, sim)).toHaveLength(5);
    expect(mmr(pool, 9, 0.5, sim)).toHaveLength(5);
  });

  it("scores a larger pool only when diversifying", () => {
    expect(poolSize(10, 0)).toBe(10);
    expect(poolSize(10, 0.3)).toBe(50);
    expect(poolSize(50, 1)).toBe(250);
  });
});

function film(id: number, genres: string[], keywords: string[]): Movie {
  return {
    id, title: `Film ${id}`, original_title: `Film ${id}`, overview: "", tagline: "", release_date: "2000-01-01", release_year: 2000,
    status: "Released", runtime: 100, budget: 0, revenue: 0, vote_average: 6, vote_count: 100, popularity: 1, adult: false,
    imdb_id: null, original_language: "en", homepage: "", poster_path: "", backdrop_path: "", genres,
    production_companies: [], production_countries: [], spoken_languages: ["English"], keywords,
  };
}

describe("RecoEngine diversity and exclusions", () => {
  // A seed (1), a franchise of 20 near copies of it, and 40 films sharing only part of its features.
  const movies = [
    film(1, ["Action", "Adventure"], ["superhero", "armor", "sequel"]),
    ...Array.from({ length: 20 }, (_, i) => film(100 + i, ["Action", "Adventure"], ["superhero", "armor", "sequel"])),
    ...Array.from({ length: 40 }, (_, i) => film(200 + i, ["Action", i % 2 ? "Comedy" : "Thriller"], [i % 2 ? "superhero" : "armor", `topic${i}`])),
  ];
  const model = fitFeatures(movies, "original");
  const meta = new CatalogFacts(16);
  const engine = new RecoEngine(model, createAnnIndex(model.dim, 100), VectorStore.empty(model.dim), meta, 64);
  for (const m of movies) {
    meta.upsert(m);
    engine.upsert(m);
  }
  const franchise = (ids: number[]) => ids.filter((id) => id >= 100 && id < 200).length;

  it("diversity lets other films into a list the franchise fills, still k results", () => {
    const plain = engine.similar(1, 10)!.map((n) => n.id);
    expect(franchise(plain)).toBe(10);
    // Here the other films are as like the franchise as like the seed: a copy (relevance 1,
    // similarity 1) and another film tie at diversity 0.5; above it the others win.
    expect(franchise(engine.similar(1, 10, {}, { diversity: 0.3 })!.map((n) => n.id))).toBe(10);
    const spread = engine.similar(1, 10, {}, { diversity: 0.7 })!.map((n) => n.id);
    expect(spread).toHaveLength(10);
    expect(new Set(spread).size).toBe(10);
    expect(franchise(spread)).toBeLessThan(5);
    expect(spread).not.toContain(1);
  });

  it("never returns excluded, liked or unliked movies", () => {
    const exclude = Array.from({ length: 20 }, (_, i) => 100 + i);
    const found = engine.similar(1, 10, {}, { exclude })!.map((n) => n.id);
    expect(found).toHaveLength(10);
    expect(found.some((id) => exclude.includes(id) || id === 1)).toBe(false);
    const rec = engine.recommend([1, 100], [200], 10, {}, { exclude: [101, 102], diversity: 0.3 }).map((n) => n.id);
    expect(rec).toHaveLength(10);
    for (const id of [1, 100, 200, 101, 102]) expect(rec).not.toContain(id);
  });
});
