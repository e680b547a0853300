import type { Movie } from "@/lib/movies/types";
import { indexPoint, removePoint, upsertPoint, type AnnIndex } from "./ann";
import type { CatalogMeta, RecoFilters } from "./catalog-meta";
import type { FeatureModel } from "./features";
import type { VectorStore } from "./vector-store";

export interface Neighbour {
  id: number;
  /** Cosine similarity, 1 = identical features. */
  score: number;
}

/**
 * Work limits per request. Up to `exactMax` admitted movies are scored exactly from the sparse
 * store (~30 multiply-adds each: under 10 ms at the limit). Above it the filter admits at least
 * exactMax / catalog size of the graph, so a filtered HNSW search finds its matches nearby; its
 * filter callback (one per visited candidate) is still capped at `graphBudget` calls, after which
 * the search is let finish at once and the result is what it found. docs/BENCHMARKS.md
 * measures the worst filters against these limits.
 */
export interface SearchLimits {
  exactMax: number;
  graphBudget: number;
}
export const SEARCH_LIMITS: Readonly<SearchLimits> = { exactMax: 50_000, graphBudget: 40_000 };

export function hasFilters(f: RecoFilters): boolean {
  return f.genre !== undefined || f.lang !== undefined || f.yearFrom !== undefined || f.yearTo !== undefined || f.minVotes !== undefined;
}

function normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i] * v[i];
  n = Math.sqrt(n);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

/** The k best of `candidates` by score, best first (k is small: insertion into a sorted array). */
function topK(candidates: Iterable<Neighbour>, k: number): Neighbour[] {
  const best: Neighbour[] = [];
  for (const c of candidates) {
    if (!(c.score === c.score)) continue; // NaN: no vector
    if (best.length === k && c.score <= best[k - 1].score) continue;
    let i = best.length === k ? k - 1 : best.length;
    while (i > 0 && best[i - 1].score < c.score) {
      best[i] = best[i - 1];
      i--;
    }
    best[i] = c;
  }
  return best;
}

/**
 * Nearest-neighbour recommendations over an HNSW index, with filters and live updates. Holds no
 * I/O: the runtime feeds it the index, the vector store, the model and the catalog facts.
 */
export class RecoEngine {
  constructor(
    readonly model: FeatureModel,
    readonly index: AnnIndex,
    readonly vectors: VectorStore,
    readonly meta: CatalogMeta,
    readonly efSearch: number,
    readonly limits: Readonly<SearchLimits> = SEARCH_LIMITS,
  ) {}

  get size(): number {
    return this.meta.size;
  }

  vectorOf(id: number): Float32Array | undefined {
    return this.meta.has(id) ? this.vectors.get(id) : undefined;
  }

  upsert(movie: Movie): void {
    const point = indexPoint(this.model.vectorize(movie));
    upsertPoint(this.index, movie.id, point);
    this.vectors.set(movie.id, point);
  }

  remove(id: number): void {
    removePoint(this.index, id);
  }

  private graphSearch(query: number[], k: number, filter?: (id: number) => boolean): Neighbour[] {
    const want = Math.min(k, this.index.getCurrentCount());
    if (want <= 0) return [];
    const res = this.index.searchKnn(query, want, filter);
    return res.neighbors.map((id, i) => ({ id, score: 1 - res.distances[i] }));
  }

  /** Exact scores of the admitted ids from the sparse store. */
  private exact(query: Float32Array, ids: readonly number[], k: number, exclude: ReadonlySet<number>): Neighbour[] {
    const vectors = this.vectors;
    function* scored(): Generator<Neighbour> {
      for (const id of ids) if (!exclude.has(id)) yield { id, score: vectors.dot(query, id) };
    }
    return topK(scored(), k);
  }

  /** The k nearest movies to `query` that pass the filters and are not excluded; bounded work whatever the filter. */
  nearest(query: Float32Array, k: number, filters: RecoFilters, exclude: ReadonlySet<number>): Neighbour[] {
    const pred = this.meta.predicate(filters, exclude);
    const q = Array.from(query);
    // Common case first: no filter beyond the adult default. An unfiltered search (no JS
    // callback per visited node) with a little headroom, filtered afterwards.
    if (!hasFilters(filters)) {
      const plain = this.graphSearch(q, k + exclude.size + 8).filter((n) => pred(n.id));
      if (plain.length >= k) return plain.slice(0, k);
    }
    const { count, ids } = this.meta.select(filters, this.limits.exactMax);
    if (count === 0) return [];
    if (ids) return this.exact(query, ids, k, exclude);
    let calls = 0;
    const budget = this.limits.graphBudget;
    const budgeted = (id: number) => ++calls > budget || pred(id);
    return this.graphSearch(q, k, budgeted)
      .filter((n) => pred(n.id))
      .slice(0, k);
  }

  similar(id: number, k: number, filters: RecoFilters = {}): Neighbour[] | undefined {
    const v = this.vectorOf(id);
    if (!v) return undefined;
    return this.nearest(v, k, filters, new Set([id]));
  }

  /** "More like these, less like those": the centroid of liked vectors pushed away from disliked ones. */
  recommend(like: readonly number[], unlike: readonly number[], k: number, filters: RecoFilters = {}): Neighbour[] {
    const query = new Float32Array(this.model.dim);
    let liked = 0;
    for (const id of like) {
      const v = this.vectorOf(id);
      if (!v) continue;
      liked++;
      for (let i = 0; i < v.length; i++) query[i] += v[i];
    }
    if (!liked) return [];
    for (const id of unlike) {
      const v = this.vectorOf(id);
      if (!v) continue;
      for (let i = 0; i < v.length; i++) query[i] -= (0.5 * liked * v[i]) / Math.max(1, unlike.length);
    }
    return this.nearest(normalise(query), k, filters, new Set([...like, ...unlike]));
  }
}
