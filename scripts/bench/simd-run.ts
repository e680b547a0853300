/**
 * One run of the simd step, in its own process so each addon is measured alone:
 * tsx scripts/bench/simd-run.ts ADDON VECTORS_FILE JSON_OPTIONS -> one JSON line on stdout.
 * The vectors file holds `count` base vectors then `queries` query vectors (float32, `dim` each).
 */
import fs from "node:fs";

export interface SimdRunOptions {
  dim: number;
  count: number;
  queries: number;
  M: number;
  efConstruction: number;
  ef: number;
  k: number;
}

export interface SimdRunResult {
  buildSeconds: number;
  /** Query latencies in ms, in query order. */
  queryMs: number[];
  /** The k labels found for each query, for recall against the exact scan. */
  neighbours: number[][];
}

function main(addonFile: string, vectorsFile: string, o: SimdRunOptions): SimdRunResult {
  const mod = { exports: {} };
  process.dlopen(mod, addonFile);
  const { HierarchicalNSW } = mod.exports as typeof import("hnswlib-node");
  const all = new Float32Array(fs.readFileSync(vectorsFile).buffer.slice(0));
  const row = (i: number) => Array.from(all.subarray(i * o.dim, (i + 1) * o.dim));
  // Converted up front: the timings cover the addon, not building JS arrays.
  const base = Array.from({ length: o.count }, (_, i) => row(i));
  const queries = Array.from({ length: o.queries }, (_, i) => row(o.count + i));

  const index = new HierarchicalNSW("cosine", o.dim);
  index.initIndex({ maxElements: o.count, m: o.M, efConstruction: o.efConstruction, randomSeed: 42 });
  const started = process.hrtime.bigint();
  base.forEach((p, i) => index.addPoint(p, i));
  const buildSeconds = Number(process.hrtime.bigint() - started) / 1e9;

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
process.stdout.write(JSON.stringify(main(addonFile, vectorsFile, JSON.parse(options) as SimdRunOptions)) + "\n");
