/**
 * Step 3, in-process: ANN latency and recall@10 at several ef values, and the same queries
 * answered the original's way (an exact cosine scan over every vector), side by side.
 */
import fs from "node:fs";
import path from "node:path";
import { ANN_PARAMS, readAnnIndex } from "@/lib/reco/ann";
import { INDEX_FILE, MODEL_FILE, readCurrentManifest } from "@/lib/reco/artifacts";
import { FeatureModel } from "@/lib/reco/features";
import { exactTopK } from "@/tools/exact-knn";
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
}

const K = 10;

function dotAt(all: Float32Array, dim: number, p: number, q: Float32Array): number {
  let s = 0;
  const base = p * dim;
  for (let d = 0; d < dim; d++) s += q[d] * all[base + d];
  return s;
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
  let t = performance.now();
  const model = FeatureModel.fromJSON(JSON.parse(await fs.promises.readFile(path.join(current.buildDir, MODEL_FILE), "utf8")));
  const loadModelMs = performance.now() - t;
  const dim = model.dim;
  t = performance.now();
  const index = await readAnnIndex(path.join(current.buildDir, INDEX_FILE), dim);
  const loadIndexMs = performance.now() - t;

  // Every stored vector, once, into one flat buffer (hnswlib's cosine space stores them normalised).
  t = performance.now();
  const ids = index.getIdsList();
  const n = ids.length;
  const all = new Float32Array(n * dim);
  const posOf = new Map<number, number>();
  for (let p = 0; p < n; p++) {
    all.set(index.getPoint(ids[p]), p * dim);
    posOf.set(ids[p], p);
  }
  const extractVectorsMs = performance.now() - t;
  const rssAfterLoadMb = selfRssMb();
  log(`query: ${n} vectors x ${dim} dims; index load ${Math.round(loadIndexMs)} ms, vectors extracted in ${Math.round(extractVectorsMs)} ms, RSS ${rssAfterLoadMb} MB`);

  const rand = randomFloats(opts.seed);
  const qPos = sample(
    Array.from({ length: n }, (_, i) => i),
    opts.queries,
    rand,
  );
  const qVec = qPos.map((p) => all.subarray(p * dim, (p + 1) * dim));
  const qArr = qVec.map((v) => Array.from(v));
  const exactCount = Math.min(qPos.length, opts.exactQueries ?? (n <= 200_000 ? qPos.length : 200));

  // The original's way: an exact scan of all vectors per query.
  const exact: { pos: Int32Array; sim: Float64Array }[] = [];
  const exactMs: number[] = [];
  const tScan = performance.now();
  for (let i = 0; i < exactCount; i++) {
    const t0 = performance.now();
    exact.push(exactTopK(all, dim, qVec[i], K, qPos[i]));
    exactMs.push(performance.now() - t0);
    if (i % 50 === 49) log(`query: exact scan ${i + 1}/${exactCount} (median ${percentile(exactMs, 50).toFixed(1)} ms)`);
  }
  log(`query: ${exactCount} exact scans in ${((performance.now() - tScan) / 1000).toFixed(1)} s`);
  const exactP50 = percentile(exactMs, 50);

  const efs: EfFigures[] = [];
  for (const ef of opts.efs) {
    index.setEf(ef);
    for (let i = 0; i < Math.min(100, qArr.length); i++) index.searchKnn(qArr[i], K + 1); // warm-up
    const ms: number[] = [];
    let hits = 0;
    let strictHits = 0;
    let ratioSum = 0;
    let tolHits = 0;
    for (let i = 0; i < qArr.length; i++) {
      const t0 = performance.now();
      const res = index.searchKnn(qArr[i], K + 1);
      ms.push(performance.now() - t0);
      if (i >= exactCount) continue;
      const selfId = ids[qPos[i]];
      const got = res.neighbors.filter((id) => id !== selfId).slice(0, K);
      const truth = new Set(Array.from(exact[i].pos, (p) => ids[p]));
      const kth = exact[i].sim[K - 1];
      let gotSum = 0;
      for (const id of got) {
        if (truth.has(id)) strictHits++;
        const p = posOf.get(id);
        const sim = p === undefined ? 0 : dotAt(all, dim, p, qVec[i]);
        gotSum += sim;
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
  index.setEf(ANN_PARAMS.efSearch);
  return {
    vectors: n,
    dim,
    queries: qArr.length,
    exactQueries: exactCount,
    loadIndexMs: Math.round(loadIndexMs),
    loadModelMs: Math.round(loadModelMs),
    extractVectorsMs: Math.round(extractVectorsMs),
    rssAfterLoadMb,
    exactP50Ms: round(exactP50, 1),
    exactP99Ms: round(percentile(exactMs, 99), 1),
    defaultEf: current.manifest.params.efSearch,
    efs,
  };
}
