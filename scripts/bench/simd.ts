/**
 * Step "simd": hnswlib-node built with -O3 -march=native (scripts/build-native-ann.mjs) against
 * the portable build, on the same vectors (synthetic clusters, or a sample of a CSV's real
 * feature vectors with --simd-from-csv): single-thread build throughput and query
 * latency at the server's ef. Then the ETL's parallel builder (native/hnsw-build) on the same
 * vectors with each of --simd-threads threads, its graph read back and queried by hnswlib-node.
 * Every run is its own process; each round runs portable, native, then the thread counts, so
 * machine drift hits all; the figures are medians over the rounds.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ANN_PARAMS, annAddonBuild } from "@/lib/reco/ann";
import { exactTopK } from "@/tools/exact-knn";
import type { SimdRunOptions, SimdRunResult } from "./simd-run";
import { vectorsFromCsv } from "./tradeoff";
import { log, randomFloats, percentile, round, sample } from "./util";

type Build = "portable" | "native";

interface ParallelBuildFigures extends SimdBuildFigures {
  threads: number;
  /** vectorsPerSec / threads. */
  perThreadVectorsPerSec: number;
  /** Over the active hnswlib-node build's one-thread figure (native when built). */
  buildSpeedup: number;
}

interface SimdBuildFigures {
  /** Medians over the rounds. */
  vectorsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  recall: number;
  runs: { vectorsPerSec: number; p50Ms: number; p99Ms: number }[];
}

export interface SimdFigures {
  /** The active addon, as the server logs it at startup. */
  active: string;
  vectors: number;
  dim: number;
  /** "clustered (N centres)" or the CSV the vectors were sampled from. */
  source: string;
  queries: number;
  rounds: number;
  params: { M: number; efConstruction: number; ef: number };
  portable: SimdBuildFigures;
  native?: SimdBuildFigures;
  /** Why only the portable build was measured. */
  nativeUnavailable?: string;
  /** native over portable, from the medians of this run. */
  buildSpeedup?: number;
  queryP50Speedup?: number;
  /** The same ratios round by round (each round runs portable then native back to back). */
  roundSpeedups?: { build: number; queryP50: number }[];
  /** The parallel builder, one entry per thread count (graphs queried through the active addon). */
  parallel?: ParallelBuildFigures[];
  /** Why the parallel builder was not measured. */
  parallelUnavailable?: string;
}

const RUNNER = path.join(path.dirname(fileURLToPath(import.meta.url)), "simd-run.ts");
const K = 10;
/** Queries also answered by an exact scan, for recall (the scan is JS, 1-2 s per 100 at 100k). */
const RECALL_QUERIES = 200;

const median = (v: number[]) => percentile(v, 50);

/** Unit vectors around `clusters` random centres (like feature vectors: families of similar films). */
function clusteredVectors(count: number, dim: number, clusters: number, seed: number): Float32Array {
  const rand = randomFloats(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const centres = Array.from({ length: clusters }, () => Float32Array.from({ length: dim }, gauss));
  const out = new Float32Array(count * dim);
  for (let i = 0; i < count; i++) {
    const c = centres[Math.floor(rand() * clusters)];
    const v = out.subarray(i * dim, (i + 1) * dim);
    let norm = 0;
    for (let j = 0; j < dim; j++) norm += (v[j] = c[j] + 0.8 * gauss()) ** 2;
    for (let j = 0; j < dim; j++) v[j] /= Math.sqrt(norm);
  }
  return out;
}

/** `count` distinct non-zero feature vectors of a CSV, vectorised as the ETL does, scaled to unit length. */
async function csvVectors(csv: string, count: number, seed: number): Promise<{ all: Float32Array; dim: number }> {
  const { flat, dim } = await vectorsFromCsv(csv);
  const rows = Array.from({ length: flat.length / dim }, (_, i) => flat.subarray(i * dim, (i + 1) * dim));
  const nonZero = rows.filter((v) => v.some((x) => x !== 0));
  if (nonZero.length < count) throw new Error(`${csv} has ${nonZero.length} usable vectors; --simd-vectors plus --queries need ${count}`);
  const all = new Float32Array(count * dim);
  sample(nonZero, count, randomFloats(seed)).forEach((v, i) => {
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    all.set(v.map((x) => x / norm), i * dim);
  });
  return { all, dim };
}

function runOnce(addon: string, vectorsFile: string, o: SimdRunOptions): SimdRunResult {
  const res = spawnSync(process.execPath, ["--import", "tsx", RUNNER, addon, vectorsFile, JSON.stringify(o)], {
    encoding: "utf8",
    maxBuffer: 256 * 2 ** 20,
  });
  if (res.status !== 0) throw new Error(`simd run with ${path.basename(addon)} failed: ${res.stderr.trim().split("\n").at(-1) ?? res.signal}`);
  return JSON.parse(res.stdout) as SimdRunResult;
}

export async function runSimdStep(opts: { vectors: number; queries: number; rounds: number; seed: number; csv?: string; threads: number[] }): Promise<SimdFigures> {
  const clusters = 500;
  // 394: the v2 recipe's feature vectors.
  const { all, dim } = opts.csv ? await csvVectors(opts.csv, opts.vectors + opts.queries, opts.seed) : { all: clusteredVectors(opts.vectors + opts.queries, 394, clusters, opts.seed), dim: 394 };
  const source = opts.csv ? path.basename(opts.csv) : `clustered (${clusters} centres)`;
  const build = annAddonBuild();
  const release = path.join(path.dirname(createRequire(import.meta.url).resolve("hnswlib-node")), "..", "build", "Release");
  const portableCopy = path.join(release, "addon-portable.node");
  const addons: Partial<Record<Build, string>> =
    build.build === "native" ? { portable: portableCopy, native: path.join(release, "addon.node") } : { portable: path.join(release, "addon.node") };
  if (addons.portable && !fs.existsSync(addons.portable)) throw new Error(`${addons.portable} is missing: run npm ci (or node scripts/build-native-ann.mjs)`);

  log(`simd: active addon ${build.summary}; ${opts.vectors} ${dim}-d vectors from ${source}, ${opts.queries} queries, ${opts.rounds} rounds`);
  const vectorsFile = path.join(os.tmpdir(), `bench-simd-${process.pid}.f32`);
  fs.writeFileSync(vectorsFile, all);
  const params = { M: ANN_PARAMS.M, efConstruction: ANN_PARAMS.efConstruction, ef: ANN_PARAMS.efSearch };
  const runOpts: SimdRunOptions = { dim, count: opts.vectors, queries: opts.queries, M: params.M, efConstruction: params.efConstruction, ef: params.ef, k: K };
  const results: Record<Build, SimdRunResult[]> = { portable: [], native: [] };
  const activeAddon = addons.native ?? addons.portable!;
  const parallelRuns = new Map<number, SimdRunResult[]>(opts.threads.map((t) => [t, []]));
  let parallelUnavailable: string | undefined;
  try {
    for (let r = 1; r <= opts.rounds; r++) {
      for (const b of ["portable", "native"] as const) {
        const addon = addons[b];
        if (!addon) continue;
        const res = runOnce(addon, vectorsFile, runOpts);
        results[b].push(res);
        log(`simd: round ${r} ${b}: ${Math.round(opts.vectors / res.buildSeconds)} vectors/s, query p50 ${round(percentile(res.queryMs, 50), 3)} ms`);
      }
      for (const [threads, runs] of parallelRuns) {
        if (parallelUnavailable) break;
        try {
          const res = runOnce(activeAddon, vectorsFile, { ...runOpts, threads });
          runs.push(res);
          log(`simd: round ${r} parallel builder, ${threads} thread(s): ${Math.round(opts.vectors / res.buildSeconds)} vectors/s, query p50 ${round(percentile(res.queryMs, 50), 3)} ms`);
        } catch (err) {
          parallelUnavailable = (err as Error).message;
          log(`simd: parallel builder not measured: ${parallelUnavailable}`);
        }
      }
    }
  } finally {
    fs.rmSync(vectorsFile, { force: true });
  }

  const recallQueries = Math.min(RECALL_QUERIES, opts.queries);
  const truth = Array.from({ length: recallQueries }, (_, q) => Array.from(exactTopK(all.subarray(0, opts.vectors * dim), dim, all.subarray((opts.vectors + q) * dim, (opts.vectors + q + 1) * dim), K).pos));
  const figuresOf = (runs: SimdRunResult[]): SimdBuildFigures => {
    const perRun = runs.map((r) => ({ vectorsPerSec: Math.round(opts.vectors / r.buildSeconds), p50Ms: round(percentile(r.queryMs, 50), 4), p99Ms: round(percentile(r.queryMs, 99), 4) }));
    const hits = truth.reduce((s, t, q) => s + t.filter((label) => runs[0].neighbours[q].includes(label)).length, 0);
    return {
      vectorsPerSec: median(perRun.map((x) => x.vectorsPerSec)),
      p50Ms: median(perRun.map((x) => x.p50Ms)),
      p99Ms: median(perRun.map((x) => x.p99Ms)),
      recall: round(hits / (recallQueries * K), 4),
      runs: perRun,
    };
  };
  const portable = figuresOf(results.portable);
  const native = results.native.length ? figuresOf(results.native) : undefined;
  const single = native ?? portable;
  const parallel = parallelUnavailable
    ? undefined
    : [...parallelRuns].map(([threads, runs]): ParallelBuildFigures => {
        const f = figuresOf(runs);
        return { ...f, threads, perThreadVectorsPerSec: Math.round(f.vectorsPerSec / threads), buildSpeedup: round(f.vectorsPerSec / single.vectorsPerSec) };
      });
  const figures: SimdFigures = {
    active: build.summary,
    vectors: opts.vectors,
    dim,
    source,
    queries: opts.queries,
    rounds: opts.rounds,
    params,
    portable,
    native,
    nativeUnavailable: native ? undefined : build.summary,
    buildSpeedup: native && round(native.vectorsPerSec / portable.vectorsPerSec),
    queryP50Speedup: native && round(portable.p50Ms / native.p50Ms),
    roundSpeedups: native?.runs.map((n, i) => ({ build: round(n.vectorsPerSec / portable.runs[i].vectorsPerSec), queryP50: round(portable.runs[i].p50Ms / n.p50Ms) })),
    parallel,
    parallelUnavailable,
  };
  log(
    native
      ? `simd: native builds ${figures.buildSpeedup}x faster (${native.vectorsPerSec} vs ${portable.vectorsPerSec} vectors/s) and queries ${figures.queryP50Speedup}x faster (p50 ${native.p50Ms} vs ${portable.p50Ms} ms); recall@10 ${native.recall} vs ${portable.recall}; by round ${figures.roundSpeedups!.map((x) => `${x.build}x/${x.queryP50}x`).join(", ")}`
      : `simd: only the portable build measured (${build.summary})`,
  );
  for (const p of parallel ?? [])
    log(
      `simd: parallel builder, ${p.threads} thread(s): ${p.vectorsPerSec} vectors/s (${p.perThreadVectorsPerSec} per thread), ${p.buildSpeedup}x the one-thread ${native ? "native" : "portable"} build; ` +
        `recall@10 ${p.recall} vs ${single.recall}; query p50 ${p.p50Ms} ms`,
    );
  return figures;
}
