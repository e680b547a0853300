/**
 * Step 3, in-process: similar-movie latency and recall@10 at several ef values, through the
 * engine the server uses (graph search, duplicate expansion, exclusion of the movie itself),
 * against an exact cosine scan over every movie's vector; and the exact-duplicate statistics
 * that explain recall on catalogs with many identical vectors.
 */
import fs from "node:fs";
import path from "node:path";
import { readAnnIndex } from "@/lib/reco/ann";
import { AnnNodes } from "@/lib/reco/ann-nodes";
import { INDEX_FILE, MODEL_FILE, NODES_FILE, readCurrentManifest, shardFile, VECTORS_FILE } from "@/lib/reco/artifacts";
import { CatalogFacts } from "@/lib/catalog/facts";
import { RecoEngine } from "@/lib/reco/engine";
import { FeatureModel } from "@/lib/reco/features";
import { VectorStore } from "@/lib/reco/vector-store";
import { topKByScore } from "@/tools/exact-knn";
import { log, mean, randomFloats, percentile, round, sample, selfRssMb } from "./util";

interface EfFigures {
  ef: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  /** recall@10 vs exact, neighbours tied with the 10th exact one count as hits. */
  recall: number;
  /** strict id-set recall@10 (ties not credited). */
  recallStrict: number;
  /** recall@10 where a neighbour within 1 % of the 10th exact cosine counts as a hit (near-ties). */
  recallTol1?: number;
  /** mean over queries of (sum of the returned 10 cosines) / (sum of the exact 10): near 1 when misses are near-ties. */
  simRatio?: number;
  /** exact-scan median / ANN p50 at this ef. */
  speedup: number;
}

/** Exact duplicate vectors: the evidence for recall lost to identical vectors filling the graph. */
interface DuplicateFigures {
  movies: number;
  /** Distinct vectors among them (by a 53-bit hash of each sparse vector). */
  distinct: number;
  /** Nodes of the published graph (= distinct when exact duplicates share a node). */
  graphNodes: number;
  /** Mean, over all movies, of the other movies with exactly the same vector. */
  perMovie: number;
  /** The same over the measured queries. */
  perQuery: number;
  /** Movies whose vector at least one other movie shares. */
  sharedMovies: number;
  largestGroup: number;
  /** Mean, over the measured queries, of the exact top 10 tied with the 10th one (itself included). */
  tiesAtTenth?: number;
}

export interface QueryFigures {
  vectors: number;
  dim: number;
  queries: number;
  exactQueries: number;
  loadIndexMs: number;
  loadModelMs: number;
  extractVectorsMs: number;
  rssAfterLoadMb: number;
  exactP50Ms: number;
  exactP99Ms: number;
  defaultEf: number;
  efs: EfFigures[];
  duplicates?: DuplicateFigures;
}

const K = 10;

/** Exact top-k (by dot product) over every row of the store, excluding one id. */
function exactTopK(store: VectorStore, q: Float32Array, skipId: number, k: number): { ids: Int32Array; sim: Float64Array } {
  const { pos, sim } = topKByScore(store.rows, (r) => store.dotRow(q, r), k, store.rowOf(skipId));
  return { ids: pos.map((r) => (r < 0 ? -1 : store.idAtRow(r))), sim };
}

function duplicateStats(store: VectorStore, graphNodes: number): Omit<DuplicateFigures, "perQuery" | "tiesAtTenth"> & { sizeOf: (id: number) => number } {
  const groupOfRow = new Int32Array(store.rows);
  const byHash = new Map<number, number>();
  const sizes: number[] = [];
  for (let r = 0; r < store.rows; r++) {
    const h = store.hashRow(r);
    let g = byHash.get(h);
    if (g === undefined) byHash.set(h, (g = sizes.push(0) - 1));
    sizes[g]++;
    groupOfRow[r] = g;
  }
  let pairs = 0;
  let shared = 0;
  let largest = 0;
  for (const s of sizes) {
    pairs += s * (s - 1);
    if (s > 1) shared += s;
    largest = Math.max(largest, s);
  }
  return {
    movies: store.rows,
    distinct: sizes.length,
    graphNodes,
    perMovie: round(pairs / store.rows, 2),
    sharedMovies: shared,
    largestGroup: largest,
    sizeOf: (id) => sizes[groupOfRow[store.rowOf(id)]] ?? 1,
  };
}

export async function runQueryStep(opts: {
  artifactsDir: string;
  queries: number;
  exactQueries?: number;
  efs: number[];
  seed: number;
}): Promise<QueryFigures> {
  const current = await readCurrentManifest(opts.artifactsDir);
  if (!current) throw new Error(`no published build in ${opts.artifactsDir} (run the etl step, or an earlier run with --keep)`);
  if (!current.manifest.files.vectors) throw new Error("the published build has no vectors file: run `npm run index:rebuild`");
  const { buildDir, manifest } = current;
  let t = performance.now();
  const model = FeatureModel.fromJSON(JSON.parse(await fs.promises.readFile(path.join(buildDir, MODEL_FILE), "utf8")));
  const loadModelMs = performance.now() - t;
  const dim = model.dim;
  t = performance.now();
  const shards = await Promise.all([INDEX_FILE, ...(manifest.files.shards ?? []).map((_, i) => shardFile(i + 1))].map((f) => readAnnIndex(path.join(buildDir, f), dim)));
  const index = shards[0];
  const nodes = manifest.files.nodes ? await AnnNodes.read(shards, path.join(buildDir, NODES_FILE)) : AnnNodes.plain(index);
  const loadIndexMs = performance.now() - t;
  t = performance.now();
  const store = await VectorStore.read(path.join(buildDir, VECTORS_FILE), dim);
  const extractVectorsMs = performance.now() - t;
  const n = store.rows;
  // Every movie admitted by the engine's filter (no facts beyond the id: no adult flag, any year).
  const facts = new CatalogFacts(n);
  for (let r = 0; r < n; r++) facts.upsert({ id: store.idAtRow(r), title: "", release_date: "", release_year: 2000, vote_average: 0, vote_count: 0, popularity: 0, runtime: 0, original_language: "en", genres: [], adult: false });
  const engine = new RecoEngine(model, index, store, facts, manifest.params.efSearch, undefined, nodes);
  const rssAfterLoadMb = selfRssMb();
  const dup = duplicateStats(store, nodes.nodeCount);
  log(`query: ${n} movies x ${dim} dims in ${dup.graphNodes} graph nodes (${dup.distinct} distinct vectors, ${dup.perMovie} exact duplicates per movie, largest group ${dup.largestGroup}); index load ${Math.round(loadIndexMs)} ms, vectors ${Math.round(extractVectorsMs)} ms, RSS ${rssAfterLoadMb} MB`);

  const rand = randomFloats(opts.seed);
  const qRows = sample(
    Array.from({ length: n }, (_, i) => i),
    opts.queries,
    rand,
  );
  const qIds = qRows.map((r) => store.idAtRow(r));
  const qVec = qIds.map((id) => store.get(id)!);
  // A sparse scan costs ~40 ms per query at 1M: every query still (recall on 200 swung by 0.03).
  const exactCount = Math.min(qRows.length, opts.exactQueries ?? qRows.length);

  const exact: { ids: Int32Array; sim: Float64Array }[] = [];
  const exactMs: number[] = [];
  const tScan = performance.now();
  for (let i = 0; i < exactCount; i++) {
    const t0 = performance.now();
    exact.push(exactTopK(store, qVec[i], qIds[i], K));
    exactMs.push(performance.now() - t0);
  }
  log(`query: ${exactCount} exact scans in ${((performance.now() - tScan) / 1000).toFixed(1)} s`);
  const exactP50 = percentile(exactMs, 50);
  let perQuery = 0;
  let ties = 0;
  for (let i = 0; i < exactCount; i++) {
    perQuery += dup.sizeOf(qIds[i]) - 1;
    ties += exact[i].sim.filter((s) => Math.abs(s - exact[i].sim[K - 1]) <= 1e-6).length;
  }
  const { movies, distinct, graphNodes, perMovie, sharedMovies, largestGroup } = dup;
  const duplicates: DuplicateFigures = {
    movies, distinct, graphNodes, perMovie, sharedMovies, largestGroup, perQuery: round(perQuery / exactCount, 2), tiesAtTenth: round(ties / exactCount, 2),
  };
  log(`query: exact duplicates per query ${duplicates.perQuery}; exact top-10 tied with the 10th ${duplicates.tiesAtTenth}`);

  const efs: EfFigures[] = [];
  // The published ef is always measured: it is what the server answers with.
  for (const ef of [...new Set([...opts.efs, manifest.params.efSearch])].sort((a, b) => a - b)) {
    nodes.setEf(ef);
    for (let i = 0; i < Math.min(100, qIds.length); i++) engine.similar(qIds[i], K); // warm-up
    const ms: number[] = [];
    let hits = 0;
    let strictHits = 0;
    let ratioSum = 0;
    let tolHits = 0;
    for (let i = 0; i < qIds.length; i++) {
      const t0 = performance.now();
      const got = engine.similar(qIds[i], K)!;
      ms.push(performance.now() - t0);
      if (i >= exactCount) continue;
      const truth = new Set(exact[i].ids);
      const kth = exact[i].sim[K - 1];
      let gotSum = 0;
      for (const { id } of got) {
        const sim = store.dot(qVec[i], id);
        gotSum += sim;
        if (truth.has(id)) strictHits++;
        if (truth.has(id) || sim >= kth - 1e-6) hits++;
        if (truth.has(id) || sim >= kth - 0.01 * Math.abs(kth)) tolHits++;
      }
      const exactSum = exact[i].sim.reduce((a, b) => a + b, 0);
      ratioSum += exactSum > 0 ? gotSum / exactSum : 1;
    }
    const p50 = percentile(ms, 50);
    const fig: EfFigures = {
      ef,
      p50Ms: round(p50, 3),
      p99Ms: round(percentile(ms, 99), 3),
      meanMs: round(mean(ms), 3),
      recall: round(hits / (exactCount * K), 4),
      recallStrict: round(strictHits / (exactCount * K), 4),
      simRatio: round(ratioSum / exactCount, 5),
      recallTol1: round(tolHits / (exactCount * K), 4),
      speedup: Math.round(exactP50 / p50),
    };
    efs.push(fig);
    log(`query: ef ${ef}: p50 ${fig.p50Ms} ms, p99 ${fig.p99Ms} ms, recall@10 ${fig.recall} (strict ${fig.recallStrict}, similarity ratio ${fig.simRatio}, within 1% ${fig.recallTol1}), x${fig.speedup} vs exact`);
  }
  nodes.setEf(manifest.params.efSearch);
  return {
    vectors: n,
    dim,
    queries: qIds.length,
    exactQueries: exactCount,
    loadIndexMs: Math.round(loadIndexMs),
    loadModelMs: Math.round(loadModelMs),
    extractVectorsMs: Math.round(extractVectorsMs),
    rssAfterLoadMb,
    exactP50Ms: round(exactP50, 1),
    exactP99Ms: round(percentile(exactMs, 99), 1),
    defaultEf: manifest.params.efSearch,
    efs,
    duplicates,
  };
}
