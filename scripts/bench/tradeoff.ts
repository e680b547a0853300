/**
 * Optional step `tradeoff` (not in the default set): HNSW M / efConstruction trade-offs measured
 * on a seeded sample of the published vectors: build speed, file size, and per-ef latency/recall.
 */
import fs from "node:fs";
import path from "node:path";
import { cleanFile, readCleanFile } from "@/etl/pipeline";
import { createFitter, DEFAULT_RECIPE } from "@/lib/reco/features";
import { ANN_PARAMS, createAnnIndex, readAnnIndex } from "@/lib/reco/ann";
import { INDEX_FILE, readCurrentManifest } from "@/lib/reco/artifacts";
import { log, randomFloats, percentile, round, sample } from "./util";

interface TradeoffRow {
  M: number;
  efConstruction: number;
  buildS: number;
  vectorsPerSec: number;
  fileMb: number;
  search: { ef: number; p50Ms: number; recall: number }[];
}
export interface TradeoffFigures {
  sample: number;
  dim: number;
  queries: number;
  rows: TradeoffRow[];
}

const TRADEOFF_CONFIGS: [number, number][] = [
  [8, 100],
  [16, 64],
  [16, 100],
  [16, 200],
  [24, 100],
  [32, 100],
];

/** Cleans and vectorises a CSV the way the ETL does (no MySQL, no index): ids and a flat vector buffer. */
export async function vectorsFromCsv(input: string): Promise<{ ids: number[]; flat: Float32Array; dim: number }> {
  const t0 = performance.now();
  const work = `/tmp/bench-tradeoff-clean-${process.pid}.ndjson`;
  const out = fs.createWriteStream(work, { highWaterMark: 1 << 20 });
  const fitter = createFitter(DEFAULT_RECIPE);
  const summary = await cleanFile(input, async (movie) => {
    fitter.add(movie);
    if (!out.write(`${JSON.stringify(movie)}\n`)) await new Promise<void>((r) => out.once("drain", () => r()));
  });
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  const model = fitter.finish();
  const dim = model.dim;
  let flat = new Float32Array(summary.kept * dim);
  const ids: number[] = [];
  for await (const movie of readCleanFile(work, summary.losers)) {
    model.vectorize(movie, flat.subarray(ids.length * dim, (ids.length + 1) * dim));
    ids.push(movie.id);
  }
  fs.rmSync(work, { force: true });
  if (ids.length * dim < flat.length) flat = flat.slice(0, ids.length * dim);
  log(`tradeoff: ${ids.length} vectors of ${dim} dims from ${input} in ${Math.round((performance.now() - t0) / 1000)} s`);
  return { ids, flat, dim };
}

export async function runTradeoffStep(opts: {
  artifactsDir: string;
  sampleSize: number;
  queries: number;
  efs: number[];
  seed: number;
  configs?: [number, number][];
  /** Vectorise this CSV instead of reading the published index (no ETL needed). */
  csv?: string;
}): Promise<TradeoffFigures> {
  let allIds: number[];
  let allFlat: Float32Array;
  let dim: number;
  if (opts.csv) {
    ({ ids: allIds, flat: allFlat, dim } = await vectorsFromCsv(opts.csv));
  } else {
    const current = await readCurrentManifest(opts.artifactsDir);
    if (!current) throw new Error(`no published build in ${opts.artifactsDir}`);
    dim = current.manifest.dim;
    const full = await readAnnIndex(path.join(current.buildDir, INDEX_FILE), dim);
    allIds = full.getIdsList();
    allFlat = new Float32Array(0);
    const pick = sample(allIds, opts.sampleSize, randomFloats(opts.seed + 7));
    allFlat = new Float32Array(pick.length * dim);
    pick.forEach((id, i) => allFlat.set(full.getPoint(id), i * dim));
    allIds = pick;
  }
  const rand = randomFloats(opts.seed + 7);
  // A seeded sample of positions (all of them when the sample is at least the catalog).
  const pos = allIds.length <= opts.sampleSize ? allIds.map((_, i) => i) : sample(allIds.map((_, i) => i), opts.sampleSize, rand);
  const n = pos.length;
  const ids = pos.map((p) => allIds[p]);
  const flat = pos.length === allIds.length ? allFlat : new Float32Array(n * dim);
  if (flat !== allFlat) pos.forEach((p, i) => flat.set(allFlat.subarray(p * dim, (p + 1) * dim), i * dim));
  const vec = (i: number) => Array.from(flat.subarray(i * dim, (i + 1) * dim));
  const qIdx = sample(
    Array.from({ length: n }, (_, i) => i),
    opts.queries,
    rand,
  );
  // Exact top-10 (excluding the query) on the sample.
  const truth = qIdx.map((qi) => {
    const q = flat.subarray(qi * dim, (qi + 1) * dim);
    const sims: { i: number; s: number }[] = [];
    let floor = -Infinity;
    for (let p = 0; p < n; p++) {
      if (p === qi) continue;
      let s = 0;
      const b = p * dim;
      for (let d = 0; d < dim; d++) s += q[d] * flat[b + d];
      if (sims.length < 10 || s > floor) {
        sims.push({ i: p, s });
        if (sims.length > 10) {
          sims.sort((a, b2) => b2.s - a.s);
          sims.length = 10;
          floor = sims[9].s;
        }
      }
    }
    sims.sort((a, b2) => b2.s - a.s);
    return { set: new Set(sims.slice(0, 10).map((x) => ids[x.i])), kth: sims[Math.min(9, sims.length - 1)].s };
  });
  log(`tradeoff: ${n} sampled vectors, ${qIdx.length} queries with exact neighbours`);
  const qVecs = qIdx.map((qi) => vec(qi));
  const rows: TradeoffRow[] = [];
  const tmp = `/tmp/bench-tradeoff-${process.pid}.hnsw`;
  for (const [M, efC] of opts.configs ?? TRADEOFF_CONFIGS) {
    // createAnnIndex types its params as the ANN_PARAMS literals; any numbers work at run time.
    const index = createAnnIndex(dim, n, { M, efConstruction: efC, efSearch: 64 } as unknown as typeof ANN_PARAMS);
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      index.addPoint(vec(i), ids[i]);
      if (i % 100_000 === 99_999) log(`tradeoff: M ${M} efC ${efC}: ${i + 1}/${n} inserted (${Math.round((i + 1) / ((performance.now() - t0) / 1000))}/s)`);
    }
    const buildS = (performance.now() - t0) / 1000;
    index.writeIndexSync(tmp);
    const fileMb = round(fs.statSync(tmp).size / 1e6, 1);
    fs.rmSync(tmp, { force: true });
    const search: TradeoffRow["search"] = [];
    for (const ef of opts.efs) {
      index.setEf(ef);
      const ms: number[] = [];
      let hits = 0;
      qIdx.forEach((qi, k) => {
        const t = performance.now();
        const res = index.searchKnn(qVecs[k], 11);
        ms.push(performance.now() - t);
        const got = res.neighbors.filter((id) => id !== ids[qi]).slice(0, 10);
        for (let j = 0; j < got.length; j++) if (truth[k].set.has(got[j]) || 1 - res.distances[res.neighbors.indexOf(got[j])] >= truth[k].kth - 1e-6) hits++;
      });
      search.push({ ef, p50Ms: round(percentile(ms, 50), 3), recall: round(hits / (qIdx.length * 10), 4) });
    }
    const row: TradeoffRow = { M, efConstruction: efC, buildS: round(buildS, 1), vectorsPerSec: Math.round(n / buildS), fileMb, search };
    rows.push(row);
    log(`tradeoff: M ${M} efC ${efC}: build ${row.buildS} s (${row.vectorsPerSec}/s), ${fileMb} MB; ` + search.map((s) => `ef ${s.ef} p50 ${s.p50Ms} ms recall ${s.recall}`).join(", "));
  }
  return { sample: n, dim, queries: qIdx.length, rows };
}
