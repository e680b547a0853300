import type { Movie } from "@/lib/movies/types";
import { removePoint, upsertPoint, type AnnIndex } from "./ann";
import type { CatalogMeta, RecoFilters } from "./catalog-meta";
import type { FeatureModel } from "./features";

export interface Neighbour {
  id: number;
  /** Cosine similarity, 1 = identical features. */
  score: number;
}

/** Ask the graph for this many times k before giving up on it and scanning exactly. */
const EF_STEPS = [1, 8, 40];
/** Above this many filtered candidates the exact scan is not worth it; the graph answer stands. */
const EXACT_SCAN_LIMIT = 200_000;

function normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i] * v[i];
  n = Math.sqrt(n);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Nearest-neighbour recommendations over an HNSW index, with filters and live updates. Holds no
 * I/O: the runtime feeds it the index, the model and the catalog facts.
 */
export class RecoEngine {
  constructor(
    readonly model: FeatureModel,
    readonly index: AnnIndex,
    readonly meta: CatalogMeta,
    readonly efSearch: number,
  ) {}

  get size(): number {
    return this.meta.size;
  }

  vectorOf(id: number): Float32Array | undefined {
    if (!this.meta.has(id)) return undefined;
    try {
      return Float32Array.from(this.index.getPoint(id));
    } catch {
      return undefined;
    }
  }

  upsert(movie: Movie): void {
    upsertPoint(this.index, movie.id, this.model.vectorize(movie));
  }

  remove(id: number): void {
    removePoint(this.index, id);
  }

  /** The k nearest movies to `query` that pass the filters and are not excluded. */
  nearest(query: Float32Array, k: number, filters: RecoFilters, exclude: ReadonlySet<number>): Neighbour[] {
    const pred = this.meta.predicate(filters, exclude);
    const q = Array.from(query);
    const live = this.index.getCurrentCount();
    const toNeighbours = (res: { neighbors: number[]; distances: number[] }) =>
      res.neighbors.map((id, i) => ({ id, score: 1 - res.distances[i] }));
    // Common case first: an unfiltered search (no JS callback per visited node) with a little
    // headroom, filtered afterwards; most queries need nothing more.
    const plain = toNeighbours(this.index.searchKnn(q, Math.min(live, k + exclude.size + 8))).filter((n) => pred(n.id));
    if (plain.length >= k) return plain.slice(0, k);
    let found: Neighbour[] = plain;
    for (const step of EF_STEPS) {
      const want = Math.min(k, live);
      const ef = Math.max(this.efSearch, want * step);
      this.index.setEf(ef);
      try {
        found = toNeighbours(this.index.searchKnn(q, want, pred));
      } catch {
        found = [];
      } finally {
        this.index.setEf(this.efSearch);
      }
      if (found.length >= k) return found.slice(0, k);
    }
    return this.exactScan(query, k, pred) ?? found;
  }

  /** Exact cosine over the filtered movies when the graph cannot supply k of them. */
  private exactScan(query: Float32Array, k: number, pred: (id: number) => boolean): Neighbour[] | undefined {
    const ids: number[] = [];
    for (const id of this.meta.matching(pred)) {
      ids.push(id);
      if (ids.length > EXACT_SCAN_LIMIT) return undefined;
    }
    const scored: Neighbour[] = [];
    for (const id of ids) {
      const v = this.vectorOf(id);
      if (v) scored.push({ id, score: dot(query, v) });
    }
    scored.sort((a, b) => b.score - a.score);
    return scored.slice(0, k);
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
