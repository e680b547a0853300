import type { Movie } from "@/lib/movies/types";
import { indexPoint, type AnnIndex } from "./ann";
import { AnnNodes } from "./ann-nodes";
import type { CatalogFacts, RecoFilters } from "@/lib/catalog/facts";
import type { FeatureModel } from "./features";
import type { VectorStore } from "./vector-store";
import { mmr, poolSize } from "./diversify";

export interface Neighbour {
  id: number;
  /** Cosine similarity, 1 = identical features. */
  score: number;
}

/**
 * Work limits per request, whatever the filter (docs/BENCHMARKS.md measures the worst ones):
 * - a filter admitting nobody is answered from the count alone;
 * - up to `exactMax` admitted movies are scored exactly from the sparse store (~20 multiply-adds
 *   each: ~10 ms at the limit on this machine);
 * - above it, an unfiltered search deep enough for the filter's share of the catalog, then a
 *   filtered HNSW search whose filter callback (one per visited candidate) is capped at
 *   `graphBudget` calls; when a filter admits many movies but none near the query (a correlated
 *   one, such as old films for a new film) both fall short, and the rest is filled by exact
 *   scores over an even sample of `sampleSize` admitted movies.
 */
export interface SearchLimits {
  exactMax: number;
  graphBudget: number;
  sampleSize: number;
}
export const SEARCH_LIMITS: Readonly<SearchLimits> = { exactMax: 50_000, graphBudget: 3_000, sampleSize: 30_000 };

/** Rocchio's beta: how far the disliked centroid pushes the query away (the liked one weighs 1). */
const UNLIKE_WEIGHT = 0.5;

/** The deepest unfiltered search tried before a filtered one (an ef of 1,000 costs ~2 ms at 1M). */
const PLAIN_MAX = 1000;

/** What a visitor's profile adds to a query: movies never to return, and how spread out the list should be (0..1). */
interface RecoOptions {
  exclude?: Iterable<number>;
  diversity?: number;
}

/** Whether a filter narrows beyond the adult default (an empty genre list or a lone genreMode does not). */
function hasFilters(f: RecoFilters): boolean {
  return Object.entries(f).some(([k, v]) => k !== "includeAdult" && k !== "genreMode" && v !== undefined && !(Array.isArray(v) && !v.length));
}

function normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i] * v[i];
  n = Math.sqrt(n);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

/** The k best (id, score) pairs seen so far, best first; `floor` is the score to beat. */
class TopK {
  readonly items: Neighbour[] = [];
  floor = -Infinity;

  constructor(private readonly k: number) {}

  offer(id: number, score: number): void {
    const items = this.items;
    let i = items.length === this.k ? this.k - 1 : items.length;
    while (i > 0 && items[i - 1].score < score) {
      items[i] = items[i - 1];
      i--;
    }
    items[i] = { id, score };
    if (items.length === this.k) this.floor = items[this.k - 1].score;
  }
}

/** The best k of two neighbour lists, each movie once. */
function merge(a: Neighbour[], b: Neighbour[], k: number): Neighbour[] {
  const byId = new Map<number, Neighbour>();
  for (const n of [...a, ...b]) if (!byId.has(n.id)) byId.set(n.id, n);
  return [...byId.values()].sort((x, y) => y.score - x.score).slice(0, k);
}

/**
 * Nearest-neighbour recommendations over an HNSW index, with filters and live updates. Holds no
 * I/O: the runtime feeds it the index, the vector store, the model and the catalog facts.
 */
export class RecoEngine {
  /** Catalog slot -> row of the vector file (-1: the vector lives in the store's overlay). */
  private readonly rowOfSlot: Int32Array;

  constructor(
    readonly model: FeatureModel,
    readonly index: AnnIndex,
    readonly vectors: VectorStore,
    readonly meta: CatalogFacts,
    readonly efSearch: number,
    readonly limits: Readonly<SearchLimits> = SEARCH_LIMITS,
    /** Which movies each graph node stands for (exact duplicates share one). */
    readonly nodes: AnnNodes = AnnNodes.plain(index),
  ) {
    this.rowOfSlot = new Int32Array(meta.slotCount());
    for (let slot = 0; slot < this.rowOfSlot.length; slot++) {
      const id = meta.idAt(slot);
      this.rowOfSlot[slot] = vectors.hasOverlay(id) ? -1 : vectors.rowOf(id);
    }
  }

  get size(): number {
    return this.meta.size;
  }

  vectorOf(id: number): Float32Array | undefined {
    return this.meta.has(id) ? this.vectors.get(id) : undefined;
  }

  /** Movies with a live vector in the index. */
  get vectorCount(): number {
    return this.nodes.vectorCount;
  }

  upsert(movie: Movie): void {
    const point = indexPoint(this.model.vectorize(movie));
    this.nodes.upsert(movie.id, point);
    this.vectors.set(movie.id, point);
    const slot = this.meta.slotOfId(movie.id);
    if (slot !== undefined && slot < this.rowOfSlot.length) this.rowOfSlot[slot] = -1;
  }

  remove(id: number): void {
    this.nodes.remove(id);
  }

  /** Exact scores of the admitted slots from the sparse store. */
  private exact(query: Float32Array, slots: Int32Array, k: number, exclude: ReadonlySet<number>): Neighbour[] {
    const { vectors, meta, rowOfSlot } = this;
    const best = new TopK(k);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      const row = slot < rowOfSlot.length ? rowOfSlot[slot] : -1;
      const score = row >= 0 ? vectors.dotRow(query, row) : vectors.dot(query, meta.idAt(slot));
      if (!(score > best.floor)) continue; // also skips NaN: no vector
      const id = meta.idAt(slot);
      if (!exclude.has(id)) best.offer(id, score);
    }
    return best.items;
  }

  /** The k nearest movies to `query` that pass the filters and are not excluded; bounded work whatever the filter. */
  nearest(query: Float32Array, k: number, filters: RecoFilters, exclude: ReadonlySet<number>): Neighbour[] {
    const pred = this.meta.predicate(filters, exclude);
    const q = Array.from(query);
    // Room for the excluded among the nearest; a long exclusion list (a visitor's whole history)
    // is mostly far from the query, and what the headroom misses the searches below fill.
    const headroom = k + Math.min(exclude.size, PLAIN_MAX) + 8;
    // Common case first: no filter beyond the adult default. An unfiltered search (no JS
    // callback per visited node) with a little headroom, filtered afterwards.
    if (!hasFilters(filters)) {
      const plain = this.nodes.search(q, headroom).filter((n) => pred(n.id));
      if (plain.length >= k) return plain.slice(0, k);
    }
    // With only the adult default, the admitted count is about the catalog's size: no need to
    // scan a million slots to learn it (an adult seed's neighbours are mostly adult and land here).
    const narrowed = hasFilters(filters) || this.meta.size <= this.limits.exactMax;
    let selected = narrowed ? this.meta.select(filters) : undefined;
    const count = selected?.length ?? this.meta.size;
    if (count === 0) return [];
    if (selected && count <= this.limits.exactMax) return this.exact(query, selected, k, exclude);
    // Many admitted: their share of the catalog says how deep an unfiltered search must go to
    // meet k of them when the filter is not correlated with the query; try that first (no JS
    // callback per visited node), then a filtered search on a budget. A node stands for its
    // share of the catalog's movies, so the depth counts nodes.
    const { nodes } = this;
    const deep = Math.min(PLAIN_MAX, Math.ceil(((headroom - 8) * nodes.nodeCount * 2) / count));
    const plain = nodes.search(q, Math.max(deep, headroom)).filter((n) => pred(n.id));
    if (plain.length >= k) return plain.slice(0, k);
    let calls = 0;
    const budget = this.limits.graphBudget;
    const budgeted = (label: number) => ++calls > budget || nodes.admits(label, pred);
    const graph = nodes.search(q, k, budgeted).filter((n) => pred(n.id));
    if (graph.length >= k) return graph.slice(0, k);
    const slots = (selected ??= this.meta.select(filters));
    const stride = Math.ceil(slots.length / this.limits.sampleSize);
    const sampled = new Int32Array(Math.ceil(slots.length / stride));
    for (let i = 0; i < sampled.length; i++) sampled[i] = slots[i * stride];
    return merge([...plain, ...graph], this.exact(query, sampled, k, exclude), k);
  }

  /**
   * The k nearest to `query`, or with diversity a larger pool of them re-ranked by maximal
   * marginal relevance (lib/reco/diversify.ts), pairwise similarities from the sparse store.
   */
  private search(query: Float32Array, k: number, filters: RecoFilters, exclude: ReadonlySet<number>, diversity = 0): Neighbour[] {
    const pool = this.nearest(query, poolSize(k, diversity), filters, exclude);
    let pickedId = -1;
    let picked: Float32Array | undefined;
    return mmr(pool, k, diversity, (a, b) => {
      if (a !== pickedId) [pickedId, picked] = [a, this.vectors.get(a)];
      return (picked && this.vectors.dot(picked, b)) || 0;
    });
  }

  similar(id: number, k: number, filters: RecoFilters = {}, options: RecoOptions = {}): Neighbour[] | undefined {
    const v = this.vectorOf(id);
    if (!v) return undefined;
    return this.search(v, k, filters, new Set([id, ...(options.exclude ?? [])]), options.diversity);
  }

  /**
   * "More like these, less like those" (Rocchio): the centroid of the liked vectors minus
   * UNLIKE_WEIGHT times the centroid of the disliked ones. Liked and disliked movies are never returned.
   */
  recommend(like: readonly number[], unlike: readonly number[], k: number, filters: RecoFilters = {}, options: RecoOptions = {}): Neighbour[] {
    const query = new Float32Array(this.model.dim);
    let liked = 0;
    for (const id of like) {
      const v = this.vectorOf(id);
      if (!v) continue;
      liked++;
      for (let i = 0; i < v.length; i++) query[i] += v[i];
    }
    if (!liked) return [];
    const unliked = unlike.flatMap((id) => this.vectorOf(id) ?? []);
    // The query is liked x centroid(likes) here: scale the unlike centroid alike.
    for (const v of unliked) for (let i = 0; i < v.length; i++) query[i] -= (UNLIKE_WEIGHT * liked * v[i]) / unliked.length;
    return this.search(normalise(query), k, filters, new Set([...like, ...unlike, ...(options.exclude ?? [])]), options.diversity);
  }
}
