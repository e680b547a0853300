import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCleanMovies } from "@/etl/pipeline";
import {
  buildTruth,
  DEFAULT_TRUTH,
  evaluateRecipe,
  exactKnn,
  hitAt,
  ndcgAt,
  parseLinksCsv,
  parseRatingsCsv,
  popularRankings,
  precisionAt,
  randomBaseline,
  randomRankings,
  rankByPopularity,
  type Rating,
  recallAt,
  scoreRankings,
} from "@/tools/eval/metrics";
import { DEFAULT_RECIPE } from "@/lib/reco/features";
import { randomFloats } from "@/tools/random";
import { hasRealData, MISSING_DATA, MOVIELENS_DEV, TOP3000 } from "../support/paths";

describe("metrics", () => {
  const ranked = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const relevant = new Set([2, 5, 20]);

  it("hit, precision and recall at 10", () => {
    expect(hitAt(ranked, relevant)).toBe(1);
    expect(hitAt(ranked, new Set([11]))).toBe(0);
    expect(precisionAt(ranked, relevant)).toBeCloseTo(0.2, 12);
    expect(recallAt(ranked, relevant)).toBeCloseTo(2 / 3, 12);
    expect(precisionAt([2], relevant)).toBeCloseTo(0.1, 12); // a short list is not rewarded
    expect(recallAt(ranked, new Set())).toBe(0);
  });

  it("nDCG@10 with binary gains", () => {
    // DCG = 1/log2(3) + 1/log2(6); IDCG = 1 + 1/log2(3) + 1/log2(4).
    expect(ndcgAt(ranked, relevant)).toBeCloseTo(0.4776237035, 9);
    expect(ndcgAt([20, 2, 5], relevant)).toBeCloseTo(1, 12);
    expect(ndcgAt([5, 20, 2], relevant)).toBeCloseTo(1, 12);
    expect(ndcgAt([7, 8], relevant)).toBe(0);
    expect(ndcgAt(ranked, new Set())).toBe(0);
    // Only the top k count: a hit at rank 11 scores nothing.
    expect(ndcgAt([...ranked, 20], new Set([20]))).toBe(0);
    expect(ndcgAt([...ranked, 20], new Set([20]), 11)).toBeCloseTo(1 / Math.log2(12), 12);
  });

  it("averages over the truth's queries; a query without a ranking scores 0", () => {
    const truth = new Map([
      [100, [1, 2]],
      [200, [3]],
    ]);
    const m = scoreRankings(new Map([[100, [1, 9, 2]]]), truth, 10);
    expect(m.queries).toBe(2);
    expect(m.hit).toBeCloseTo(0.5, 12);
    expect(m.precision).toBeCloseTo(0.1, 12);
    expect(m.recall).toBeCloseTo(0.5, 12);
    const ndcg100 = (1 + 1 / Math.log2(4)) / (1 + 1 / Math.log2(3));
    expect(m.ndcg).toBeCloseTo(ndcg100 / 2, 12);
    expect(scoreRankings(new Map(), new Map())).toEqual({ queries: 0, hit: 0, precision: 0, recall: 0, ndcg: 0 });
  });
});

describe("truth sets", () => {
  // Users 1-3 rate A(10) B(20) C(30); D(40) is outside the catalog but counts for user means.
  // Hand-computed adjusted cosines: A-B 0.52620, A-C -0.95972, B-C -0.70638.
  const ratings: Rating[] = [
    { userId: 1, movieId: 10, rating: 5 },
    { userId: 1, movieId: 20, rating: 4 },
    { userId: 1, movieId: 30, rating: 1 },
    { userId: 1, movieId: 40, rating: 5 },
    { userId: 2, movieId: 10, rating: 4 },
    { userId: 2, movieId: 20, rating: 5 },
    { userId: 2, movieId: 30, rating: 2 },
    { userId: 3, movieId: 10, rating: 1 },
    { userId: 3, movieId: 20, rating: 2 },
    { userId: 3, movieId: 30, rating: 5 },
    { userId: 3, movieId: 40, rating: 2 },
  ];
  const options = { minRaters: 2, minSupport: 2, k: 5, minSimilarity: 0 };

  it("finds positive item-item neighbours by mean-centred cosine", () => {
    const r = buildTruth(ratings, [10, 20, 30], options);
    expect([...r.truth.entries()]).toEqual([
      [10, [20]],
      [20, [10]],
    ]);
    expect(r.similarities.get(10)![0]).toBeCloseTo(0.5262017186, 9);
    expect(r.emptyTruth).toBe(1); // C only has negative neighbours
    expect(r.raters.get(30)).toBe(3);
    expect(r.raters.has(40)).toBe(false);
  });

  it("applies the minimum raters and support", () => {
    expect(buildTruth(ratings, [10, 20, 30], { ...options, minSupport: 4 }).truth.size).toBe(0);
    expect(buildTruth(ratings, [10, 20, 30], { ...options, minRaters: 4 }).truth.size).toBe(0);
  });

  it("ranks neighbours by similarity and cuts at k", () => {
    const more: Rating[] = [...ratings, { userId: 4, movieId: 10, rating: 5 }, { userId: 4, movieId: 30, rating: 4 }, { userId: 4, movieId: 20, rating: 1 }];
    const r = buildTruth(more, [10, 20, 30], { ...options, minSimilarity: -1, k: 1 });
    expect(r.truth.get(10)).toHaveLength(1);
    const all = buildTruth(more, [10, 20, 30], { ...options, minSimilarity: -1 });
    const sims = all.similarities.get(10)!;
    expect(sims[0]).toBeGreaterThanOrEqual(sims[1]);
    expect(all.truth.get(10)![0]).toBe(r.truth.get(10)![0]);
  });
});

describe("rankings and baselines", () => {
  it("exact kNN excludes the query, ranks by dot product, breaks ties by catalog order", () => {
    const ids = [1, 2, 3, 4];
    const vs = Float32Array.from([1, 0, 0.8, 0.6, 0.8, 0.6, 0, 1]);
    const r = exactKnn(ids, vs, 2, [1, 4, 99], 2);
    expect(r.get(1)).toEqual([2, 3]);
    expect(r.get(4)).toEqual([2, 3]);
    expect(r.has(99)).toBe(false);
    expect(exactKnn(ids, vs, 2, [1], 10).get(1)).toEqual([2, 3, 4]);
  });

  it("random rankings are seeded, distinct and never the query", () => {
    const catalog = Array.from({ length: 50 }, (_, i) => i + 1);
    const a = randomRankings(catalog, [1, 2, 3], 10, 7);
    expect(randomRankings(catalog, [1, 2, 3], 10, 7)).toEqual(a);
    expect(randomRankings(catalog, [1, 2, 3], 10, 8)).not.toEqual(a);
    for (const [q, list] of a) {
      expect(list).toHaveLength(10);
      expect(new Set(list).size).toBe(10);
      expect(list).not.toContain(q);
    }
    expect(randomRankings([1, 2, 3], [1], 10, 1).get(1)!.sort()).toEqual([2, 3]);
    const rand = randomFloats(42);
    const xs = Array.from({ length: 1000 }, rand);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
  });

  it("random baseline is near |truth| / catalog size", () => {
    const catalog = Array.from({ length: 200 }, (_, i) => i + 1);
    const truth = new Map(Array.from({ length: 40 }, (_, q) => [q + 1, [101, 102, 103, 104, 105, 106, 107, 108, 109, 110]]));
    const m = randomBaseline(catalog, truth, 10, 42, 20);
    expect(m.precision).toBeGreaterThan(0.02);
    expect(m.precision).toBeLessThan(0.08); // expected 10/199 = 0.050
    expect(randomBaseline(catalog, truth, 10, 42, 20)).toEqual(m);
  });

  it("most-popular lists skip the query", () => {
    const order = rankByPopularity(
      new Map([
        [5, 10],
        [6, 30],
        [7, 30],
        [8, 1],
      ]),
    );
    expect(order).toEqual([6, 7, 5, 8]);
    expect(popularRankings(order, [6, 9], 2)).toEqual(
      new Map([
        [6, [7, 5]],
        [9, [6, 7]],
      ]),
    );
  });
});

describe("parsing", () => {
  it("reads MovieLens ratings and links, counting bad lines", () => {
    const r = parseRatingsCsv("userId,movieId,rating,timestamp\r\n1,10,4.5,964982703\r\n1,x,4,0\n2,11,,0\n3,12,2.0,1\n");
    expect(r.ratings).toEqual([
      { userId: 1, movieId: 10, rating: 4.5 },
      { userId: 3, movieId: 12, rating: 2 },
    ]);
    expect(r.skipped).toBe(2);
    const links = parseLinksCsv("movieId,imdbId,tmdbId\n1,0114709,862\n2,0113497,\n3,0113228,15602\n");
    expect([...links]).toEqual([
      [1, 862],
      [3, 15602],
    ]);
    expect(() => parseRatingsCsv("a,b,c\n1,2,3\n")).toThrow(/missing column "userId"/);
    expect(() => parseLinksCsv("")).toThrow(/links.csv/);
  });
});

const hasMovieLens = hasRealData && fs.existsSync(path.join(MOVIELENS_DEV, "ratings.csv"));

describe.skipIf(!hasMovieLens)("quality on the shared data (top-3000 catalog, MovieLens dev half)", () => {
  if (!hasMovieLens) console.warn(`eval.test: ${MISSING_DATA}`);

  it(`the default recipe (${DEFAULT_RECIPE}) beats the original on nDCG@10 and reaches the 0.090 target`, async () => {
    const movies = await loadCleanMovies(TOP3000);
    const links = parseLinksCsv(fs.readFileSync(path.join(MOVIELENS_DEV, "links.csv"), "utf8"));
    const ratings = parseRatingsCsv(fs.readFileSync(path.join(MOVIELENS_DEV, "ratings.csv"), "utf8")).ratings.map((r) => ({
      ...r,
      movieId: links.get(r.movieId) ?? -r.movieId,
    }));
    const { truth } = buildTruth(
      ratings,
      movies.map((m) => m.id),
      DEFAULT_TRUTH,
    );
    expect(truth.size).toBeGreaterThan(300);
    const original = evaluateRecipe(movies, truth, "original");
    const best = evaluateRecipe(movies, truth, DEFAULT_RECIPE);
    const random = randomBaseline(
      movies.map((m) => m.id),
      truth,
    );
    // The original recipe lands near DESIGN's 0.080; the default must beat it and reach 0.090.
    expect(original.metrics.ndcg).toBeGreaterThan(0.06);
    expect(original.metrics.ndcg).toBeLessThan(0.1);
    expect(best.metrics.ndcg).toBeGreaterThan(original.metrics.ndcg);
    expect(best.metrics.ndcg).toBeGreaterThanOrEqual(0.09);
    expect(random.ndcg).toBeLessThan(0.02);
  });
});
