/**
 * One run of the simd step, in its own process so each addon is measured alone:
 * tsx scripts/bench/simd-run.ts ADDON VECTORS_FILE JSON_OPTIONS -> one JSON line on stdout.
 * The vectors file holds `count` base vectors then `queries` query vectors (float32, `dim` each).
 * With `threads`, the ETL's parallel builder (etl/ann-builder.ts) builds the graph with that many
 * threads, and ADDON (hnswlib-node) reads the file it writes and answers the queries.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createIndexBuilder } from "@/etl/ann-builder";
import type { AnnIndex } from "@/lib/reco/ann";

export interface SimdRunOptions {
  dim: number;
  count: number;
  queries: number;
  M: number;
  efConstruction: number;
  ef: number;
  k: number;
  /** Build with the parallel builder on this many threads instead of ADDON's addPoint. */
  threads?: number;
}

export interface SimdRunResult {
  buildSeconds: number;
  /** Query latencies in ms, in query order. */
  queryMs: number[];
  /** The k labels found for each query, for recall against the exact scan. */
  neighbours: number[][];
}

/** hnswlib-node's one-thread build: addPoint per vector, on this thread. */
function buildWithAddon(HierarchicalNSW: typeof import("hnswlib-node").HierarchicalNSW, all: Float32Array, o: SimdRunOptions) {
  // Converted up front: the timings cover the addon, not building JS arrays.
  const base = Array.from({ length: o.count }, (_, i) => Array.from(all.subarray(i * o.dim, (i + 1) * o.dim)));
  const index = new HierarchicalNSW("cosine", o.dim);
  index.initIndex({ maxElements: o.count, m: o.M, efConstruction: o.efConstruction, randomSeed: 42 });
  const started = process.hrtime.bigint();
  base.forEach((p, i) => index.addPoint(p, i));
  return { index, buildSeconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** The ETL's parallel builder, batches and all; the timing ends when the last point is in. */
async function buildParallel(HierarchicalNSW: typeof import("hnswlib-node").HierarchicalNSW, all: Float32Array, o: SimdRunOptions & { threads: number }) {
  const builder = createIndexBuilder(o.dim, o.count, { threads: o.threads, params: { M: o.M, efConstruction: o.efConstruction, efSearch: o.ef } });
  if (builder.info.path !== "parallel") throw new Error(`the parallel builder is not available: ${builder.info.summary}`);
  const started = process.hrtime.bigint();
  for (let i = 0; i < o.count; i++) await builder.add(i, all.subarray(i * o.dim, (i + 1) * o.dim));
  await builder.flush();
  const buildSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const file = path.join(os.tmpdir(), `bench-simd-${process.pid}.hnsw`);
  try {
    await builder.write(file);
    const index = new HierarchicalNSW("cosine", o.dim);
    await index.readIndex(file);
    return { index, buildSeconds };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

async function main(addonFile: string, vectorsFile: string, o: SimdRunOptions): Promise<SimdRunResult> {
  const mod = { exports: {} };
  process.dlopen(mod, addonFile);
  const { HierarchicalNSW } = mod.exports as typeof import("hnswlib-node");
  const all = new Float32Array(fs.readFileSync(vectorsFile).buffer.slice(0));
  const queries = Array.from({ length: o.queries }, (_, i) => Array.from(all.subarray((o.count + i) * o.dim, (o.count + i + 1) * o.dim)));
  const { index, buildSeconds }: { index: AnnIndex; buildSeconds: number } =
    o.threads === undefined ? buildWithAddon(HierarchicalNSW, all, o) : await buildParallel(HierarchicalNSW, all, { ...o, threads: o.threads });

  index.setEf(o.ef);
  for (const q of queries) index.searchKnn(q, o.k); // warm-up pass, untimed
  const queryMs: number[] = [];
  const neighbours: number[][] = [];
  for (const q of queries) {
    const t = process.hrtime.bigint();
    const res = index.searchKnn(q, o.k);
    queryMs.push(Number(process.hrtime.bigint() - t) / 1e6);
    neighbours.push(res.neighbors);
  }
  return { buildSeconds, queryMs, neighbours };
}

const [addonFile, vectorsFile, options] = process.argv.slice(2);
process.stdout.write(JSON.stringify(await main(addonFile, vectorsFile, JSON.parse(options) as SimdRunOptions)) + "\n");
