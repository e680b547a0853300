/**
 * Offline evaluation of "movies like this" against MovieLens co-rating neighbours.
 *
 * Truth: for a catalog movie rated by at least `minRaters` users, its `k` nearest catalog
 * movies by item-item adjusted cosine (ratings centred on each user's mean rating; norms over
 * each movie's full rating vector), among movies sharing at least `minSupport` raters with it
 * and with a positive similarity. The engine's top 10 (exact cosine kNN over the recipe's
 * vectors, the movie itself excluded) is scored by hit@10, precision@10, recall@10 and nDCG@10
 * (binary relevance), averaged over the query movies.
 *
 * Everything here is pure: parsing of CSV text, truth sets, metrics, rankings, baselines.
 */

import { mmr, poolSize } from "@/lib/reco/diversify";
import { createFitter, type FeatureFitter, type FeatureInput, type RecipeName } from "@/lib/reco/features";
import { exactTopK } from "../exact-knn";
import { Rng } from "../random";

export interface Rating {
  userId: number;
  movieId: number;
  rating: number;
}

export interface TruthOptions {
  /** A movie is a query when at least this many users rated it. */
  minRaters: number;
  /** A neighbour must share at least this many raters with the query movie. */
  minSupport: number;
  /** Truth set size: the k most similar qualifying neighbours. */
  k: number;
  /** Neighbours need a similarity above this. */
  minSimilarity: number;
}

/** Chosen before looking at any recipe's score; see docs/RECOMMENDER.md. */
export const DEFAULT_TRUTH: TruthOptions = { minRaters: 20, minSupport: 5, k: 10, minSimilarity: 0 };

export interface Metrics {
  /** Query movies scored. */
  queries: number;
  hit: number;
  precision: number;
  recall: number;
  ndcg: number;
}

// ---------------------------------------------------------------------------------------------
// Parsing

function splitLines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.length > 0);
}

function header(lines: string[], expected: string[], what: string): string[] {
  const cols = (lines[0] ?? "").replace(/^\uFEFF/, "").split(",").map((c) => c.trim());
  for (const e of expected) if (!cols.includes(e)) throw new Error(`${what}: missing column "${e}" (header: ${lines[0] ?? "empty"})`);
  return cols;
}

/** MovieLens ratings.csv (userId,movieId,rating,timestamp). Unparseable lines are counted. */
export function parseRatingsCsv(text: string): { ratings: Rating[]; skipped: number } {
  const lines = splitLines(text);
  const cols = header(lines, ["userId", "movieId", "rating"], "ratings.csv");
  const iu = cols.indexOf("userId");
  const im = cols.indexOf("movieId");
  const ir = cols.indexOf("rating");
  const ratings: Rating[] = [];
  let skipped = 0;
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i].split(",");
    const userId = Number(f[iu]);
    const movieId = Number(f[im]);
    const rating = Number(f[ir]);
    if (!Number.isInteger(userId) || !Number.isInteger(movieId) || !Number.isFinite(rating) || f[ir] === "") skipped++;
    else ratings.push({ userId, movieId, rating });
  }
  return { ratings, skipped };
}

/** MovieLens links.csv (movieId,imdbId,tmdbId) -> movieId => tmdbId (rows without tmdbId skipped). */
export function parseLinksCsv(text: string): Map<number, number> {
  const lines = splitLines(text);
  const cols = header(lines, ["movieId", "tmdbId"], "links.csv");
  const im = cols.indexOf("movieId");
  const it = cols.indexOf("tmdbId");
  const links = new Map<number, number>();
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i].split(",");
    const movieId = Number(f[im]);
    const tmdbId = Number(f[it]);
    if (f[it] && Number.isInteger(movieId) && Number.isInteger(tmdbId) && tmdbId > 0) links.set(movieId, tmdbId);
  }
  return links;
}

// ---------------------------------------------------------------------------------------------
// Truth sets

interface TruthResult {
  /** query movie id -> its truth neighbours (best first). Only queries with a non-empty truth. */
  truth: Map<number, number[]>;
  /** query movie id -> the similarities of its truth neighbours (same order). */
  similarities: Map<number, number[]>;
  /** movie id -> number of raters (catalog movies only). */
  raters: Map<number, number>;
  /** Query movies (>= minRaters raters) whose truth came out empty. */
  emptyTruth: number;
}

/**
 * Item-item truth neighbours. `ratings` use `movieId` = the catalog's id (map MovieLens ids
 * through links first); ratings of movies outside `catalogIds` still count for the user means.
 * A user's several ratings of one movie (two MovieLens ids, one TMDB id) are averaged.
 */
export function buildTruth(ratings: readonly Rating[], catalogIds: Iterable<number>, options: TruthOptions = DEFAULT_TRUTH): TruthResult {
  const catalog = new Set(catalogIds);
  // User means over all their ratings.
  const userSum = new Map<number, number>();
  const userCount = new Map<number, number>();
  for (const r of ratings) {
    userSum.set(r.userId, (userSum.get(r.userId) ?? 0) + r.rating);
    userCount.set(r.userId, (userCount.get(r.userId) ?? 0) + 1);
  }
  // (user, catalog movie) -> centred rating, averaged over duplicates.
  const pair = new Map<string, { user: number; item: number; sum: number; n: number }>();
  for (const r of ratings) {
    if (!catalog.has(r.movieId)) continue;
    const key = `${r.userId}:${r.movieId}`;
    const c = r.rating - userSum.get(r.userId)! / userCount.get(r.userId)!;
    const p = pair.get(key);
    if (p) {
      p.sum += c;
      p.n++;
    } else pair.set(key, { user: r.userId, item: r.movieId, sum: c, n: 1 });
  }
  // Dense indices.
  const itemIds = [...new Set([...pair.values()].map((p) => p.item))].sort((a, b) => a - b);
  const itemIndex = new Map(itemIds.map((id, i) => [id, i]));
  const userIds = [...new Set([...pair.values()].map((p) => p.user))].sort((a, b) => a - b);
  const userIndex = new Map(userIds.map((id, i) => [id, i]));
  const byItem: { u: number; c: number }[][] = itemIds.map(() => []);
  const byUser: { i: number; c: number }[][] = userIds.map(() => []);
  for (const p of pair.values()) {
    const i = itemIndex.get(p.item)!;
    const u = userIndex.get(p.user)!;
    const c = p.sum / p.n;
    byItem[i].push({ u, c });
    byUser[u].push({ i, c });
  }
  const norm = byItem.map((l) => Math.sqrt(l.reduce((s, x) => s + x.c * x.c, 0)));
  const raters = new Map(itemIds.map((id, i) => [id, byItem[i].length]));

  const truth = new Map<number, number[]>();
  const similarities = new Map<number, number[]>();
  let emptyTruth = 0;
  const dot = new Float64Array(itemIds.length);
  const support = new Int32Array(itemIds.length);
  for (let q = 0; q < itemIds.length; q++) {
    if (byItem[q].length < options.minRaters) continue;
    dot.fill(0);
    support.fill(0);
    for (const { u, c } of byItem[q]) {
      for (const { i, c: cj } of byUser[u]) {
        dot[i] += c * cj;
        support[i]++;
      }
    }
    const cands: { id: number; sim: number }[] = [];
    for (let j = 0; j < itemIds.length; j++) {
      if (j === q || support[j] < options.minSupport) continue;
      const den = norm[q] * norm[j];
      if (den === 0) continue;
      const sim = dot[j] / den;
      if (sim > options.minSimilarity) cands.push({ id: itemIds[j], sim });
    }
    cands.sort((a, b) => b.sim - a.sim || a.id - b.id);
    const top = cands.slice(0, options.k);
    if (top.length === 0) emptyTruth++;
    else {
      truth.set(itemIds[q], top.map((c) => c.id));
      similarities.set(itemIds[q], top.map((c) => c.sim));
    }
  }
  return { truth, similarities, raters, emptyTruth };
}

// ---------------------------------------------------------------------------------------------
// Metrics (binary relevance)

export function hitAt(ranked: readonly number[], relevant: ReadonlySet<number>, k = 10): number {
  for (let i = 0; i < Math.min(k, ranked.length); i++) if (relevant.has(ranked[i])) return 1;
  return 0;
}

/** Hits in the top k over k (a list shorter than k is not rewarded for it). */
export function precisionAt(ranked: readonly number[], relevant: ReadonlySet<number>, k = 10): number {
  let hits = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++) if (relevant.has(ranked[i])) hits++;
  return hits / k;
}

export function recallAt(ranked: readonly number[], relevant: ReadonlySet<number>, k = 10): number {
  if (relevant.size === 0) return 0;
  let hits = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++) if (relevant.has(ranked[i])) hits++;
  return hits / relevant.size;
}

/** DCG = Σ rel_i / log2(i + 1) over ranks i = 1..k; IDCG puts min(|relevant|, k) hits first. */
export function ndcgAt(ranked: readonly number[], relevant: ReadonlySet<number>, k = 10): number {
  let dcg = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++) if (relevant.has(ranked[i])) dcg += 1 / Math.log2(i + 2);
  let idcg = 0;
  for (let i = 0; i < Math.min(k, relevant.size); i++) idcg += 1 / Math.log2(i + 2);
  return idcg === 0 ? 0 : dcg / idcg;
}

/** Mean metrics of `rankings` over the queries of `truth` (a query without a ranking scores 0). */
export function scoreRankings(
  rankings: ReadonlyMap<number, readonly number[]>,
  truth: ReadonlyMap<number, readonly number[]>,
  k = 10,
): Metrics {
  let hit = 0;
  let precision = 0;
  let recall = 0;
  let ndcg = 0;
  for (const [q, t] of truth) {
    const rel = new Set(t);
    const ranked = rankings.get(q) ?? [];
    hit += hitAt(ranked, rel, k);
    precision += precisionAt(ranked, rel, k);
    recall += recallAt(ranked, rel, k);
    ndcg += ndcgAt(ranked, rel, k);
  }
  const n = truth.size;
  return n === 0
    ? { queries: 0, hit: 0, precision: 0, recall: 0, ndcg: 0 }
    : { queries: n, hit: hit / n, precision: precision / n, recall: recall / n, ndcg: ndcg / n };
}

function meanMetrics(all: readonly Metrics[]): Metrics {
  const n = all.length || 1;
  return {
    queries: all[0]?.queries ?? 0,
    hit: all.reduce((s, m) => s + m.hit, 0) / n,
    precision: all.reduce((s, m) => s + m.precision, 0) / n,
    recall: all.reduce((s, m) => s + m.recall, 0) / n,
    ndcg: all.reduce((s, m) => s + m.ndcg, 0) / n,
  };
}

// ---------------------------------------------------------------------------------------------
// Rankings

/**
 * Exact cosine kNN: for each query id, the k ids with the largest dot product (`all` holds the
 * L2-normalised vectors of `ids`, `dim` floats each), the query itself excluded; ties go to the
 * earlier catalog position.
 */
export function exactKnn(
  ids: readonly number[],
  all: Float32Array,
  dim: number,
  queries: Iterable<number>,
  k = 10,
): Map<number, number[]> {
  const position = new Map(ids.map((id, i) => [id, i]));
  const out = new Map<number, number[]>();
  for (const q of queries) {
    const qi = position.get(q);
    if (qi === undefined) continue;
    const { pos } = exactTopK(all, dim, all.subarray(qi * dim, (qi + 1) * dim), k, qi);
    out.set(q, Array.from(pos.filter((p) => p >= 0), (p) => ids[p]));
  }
  return out;
}

/** k distinct random catalog movies per query (never the query), from a seeded PRNG. */
export function randomRankings(catalogIds: readonly number[], queries: Iterable<number>, k = 10, seed = 42): Map<number, number[]> {
  const rng = new Rng(seed);
  const out = new Map<number, number[]>();
  const n = catalogIds.length;
  for (const q of queries) {
    const picked = new Set<number>();
    const list: number[] = [];
    const want = Math.min(k, n - (catalogIds.includes(q) ? 1 : 0));
    while (list.length < want) {
      const id = catalogIds[rng.int(n)];
      if (id === q || picked.has(id)) continue;
      picked.add(id);
      list.push(id);
    }
    out.set(q, list);
  }
  return out;
}

/** Mean metrics of `repeats` seeded random draws (seeds seed, seed+1, ...). */
export function randomBaseline(
  catalogIds: readonly number[],
  truth: ReadonlyMap<number, readonly number[]>,
  k = 10,
  seed = 42,
  repeats = 20,
): Metrics {
  const runs: Metrics[] = [];
  for (let r = 0; r < repeats; r++) runs.push(scoreRankings(randomRankings(catalogIds, truth.keys(), k, seed + r), truth, k));
  return meanMetrics(runs);
}

/** The same most-popular list for every query (minus the query itself). `byPopularity`: best first. */
export function popularRankings(byPopularity: readonly number[], queries: Iterable<number>, k = 10): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const q of queries) {
    const list: number[] = [];
    for (const id of byPopularity) {
      if (id === q) continue;
      list.push(id);
      if (list.length === k) break;
    }
    out.set(q, list);
  }
  return out;
}

/** Ids sorted by a popularity value, highest first (ties: smaller id first). */
export function rankByPopularity(popularity: ReadonlyMap<number, number>): number[] {
  return [...popularity.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
}

// ---------------------------------------------------------------------------------------------
// A recipe end to end (fit on the catalog, vectorise it, exact kNN, score)

/**
 * The server's diversity on exact rankings: each query's pool (`poolSize` deep, best first)
 * re-ranked by maximal marginal relevance over the same vectors, cut to k.
 */
function diversifyRankings(
  pools: ReadonlyMap<number, number[]>,
  ids: readonly number[],
  vectors: readonly Float32Array[],
  k: number,
  diversity: number,
): Map<number, number[]> {
  const position = new Map(ids.map((id, i) => [id, i]));
  const dot = (a: number, b: number) => {
    const va = vectors[position.get(a)!];
    const vb = vectors[position.get(b)!];
    let s = 0;
    for (let d = 0; d < va.length; d++) s += va[d] * vb[d];
    return s;
  };
  const out = new Map<number, number[]>();
  for (const [q, pool] of pools) out.set(q, mmr(pool.map((id) => ({ id, score: dot(q, id) })), k, diversity, dot).map((n) => n.id));
  return out;
}

interface RecipeEvaluation {
  recipe: string;
  dim: number;
  metrics: Metrics;
  /** The same with diversity (when asked): what spreading the list out costs. */
  diverse?: Metrics;
  fitMs: number;
  vectorizeMs: number;
}

function evaluateFitter(
  movies: readonly (FeatureInput & { id: number })[],
  truth: ReadonlyMap<number, readonly number[]>,
  fitter: FeatureFitter,
  label: string,
  k = 10,
  diversity = 0,
): RecipeEvaluation {
  const t0 = performance.now();
  for (const m of movies) fitter.add(m);
  const model = fitter.finish();
  const t1 = performance.now();
  const all = new Float32Array(movies.length * model.dim);
  movies.forEach((m, i) => model.vectorize(m, all.subarray(i * model.dim, (i + 1) * model.dim)));
  const t2 = performance.now();
  const ids = movies.map((m) => m.id);
  const pools = exactKnn(ids, all, model.dim, truth.keys(), poolSize(k, diversity));
  const rankings = new Map([...pools].map(([q, list]) => [q, list.slice(0, k)]));
  const vectors = ids.map((_, i) => all.subarray(i * model.dim, (i + 1) * model.dim));
  const diverse = diversity > 0 ? scoreRankings(diversifyRankings(pools, ids, vectors, k, diversity), truth, k) : undefined;
  return { recipe: label, dim: model.dim, metrics: scoreRankings(rankings, truth, k), diverse, fitMs: t1 - t0, vectorizeMs: t2 - t1 };
}

export function evaluateRecipe(
  movies: readonly (FeatureInput & { id: number })[],
  truth: ReadonlyMap<number, readonly number[]>,
  recipe: RecipeName,
  k = 10,
  diversity = 0,
): RecipeEvaluation {
  return evaluateFitter(movies, truth, createFitter(recipe), recipe, k, diversity);
}
