/** Step 1: make (or reuse) the input CSV and time a whole ETL run into the bench database. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { dropDatabase } from "@/db/admin";
import mysql from "mysql2/promise";
import path from "node:path";
import { runEtl, type EtlReport } from "@/etl/run";
import { rowToMovie } from "@/lib/movies/row";
import { MODEL_FILE, readCurrentManifest } from "@/lib/reco/artifacts";
import { FeatureModel } from "@/lib/reco/features";
import { log, round } from "./util";

export interface EtlFigures {
  input: string;
  inputMb: number;
  synthSeconds?: number;
  rowsRead: number;
  kept: number;
  dim: number;
  recipe: string;
  stages: EtlReport["stages"];
  /** parse + clean + fit (the DESIGN's "parse + clean + vectorise" target covers this front half). */
  parseCleanFitMs: number;
  totalMs: number;
  rowsPerSec: number;
  peakRssMb: number;
  indexFileMb: number;
  /** Graph nodes (distinct vectors) and the cores the index build ran on. */
  indexNodes?: number;
  indexBuildCores?: number;
  /** Which builder made the graph (parallel addon or hnswlib-node on one thread). */
  indexBuilder?: string;
  /** vectorise throughput of the published model on rows read back from MySQL (the ETL interleaves it with the index build). */
  vectorizeRowsPerSec: number;
  /** parse + clean + fit + vectorise every kept row, the last estimated from that throughput. */
  frontHalfMs: number;
}

/** Times model.vectorize on up to `n` stored rows (the ETL does not time it on its own). */
async function vectorizeThroughput(databaseUrl: string, artifactsDir: string, n = 50_000): Promise<number> {
  const current = await readCurrentManifest(artifactsDir);
  if (!current) return NaN;
  const model = FeatureModel.fromJSON(JSON.parse(await fs.promises.readFile(path.join(current.buildDir, MODEL_FILE), "utf8")));
  const conn = await mysql.createConnection({ uri: databaseUrl });
  try {
    const [rows] = await conn.query<mysql.RowDataPacket[]>("SELECT * FROM movies LIMIT ?", [n]);
    const movies = rows.map((r) => rowToMovie(r as never));
    const out = new Float32Array(model.dim);
    for (const m of movies.slice(0, 2000)) model.vectorize(m, out); // warm-up
    const t0 = performance.now();
    for (const m of movies) model.vectorize(m, out);
    return Math.round(movies.length / ((performance.now() - t0) / 1000));
  } finally {
    await conn.end();
  }
}

function synthPath(rows: number): string {
  return `/tmp/bench-synth-${rows}.csv`;
}

/** Generates the synthetic catalog once with `npm run synth` (cached across runs). */
export function ensureSynth(rows: number): { file: string; seconds?: number } {
  const file = synthPath(rows);
  if (fs.existsSync(file)) return { file };
  log(`generating ${rows} synthetic rows into ${file}`);
  const t0 = performance.now();
  const res = spawnSync("npx", ["tsx", "tools/synth/cli.ts", "--rows", String(rows), "--out", file], { stdio: "inherit" });
  if (res.status !== 0) throw new Error(`npm run synth failed (exit ${res.status})`);
  return { file, seconds: round((performance.now() - t0) / 1000, 1) };
}

export async function runEtlStep(opts: {
  input: string;
  databaseUrl: string;
  artifactsDir: string;
  synthSeconds?: number;
}): Promise<EtlFigures> {
  // A fresh database and artifacts folder: the figures are those of a first load.
  await dropDatabase(opts.databaseUrl);
  await fs.promises.rm(opts.artifactsDir, { recursive: true, force: true });
  log(`ETL of ${opts.input} into ${opts.databaseUrl.replace(/\/\/[^@]*@/, "//")} (artifacts ${opts.artifactsDir})`);
  const r = await runEtl({ input: opts.input, databaseUrl: opts.databaseUrl, artifactsDir: opts.artifactsDir, quiet: true });
  const indexFiles = fs.readdirSync(`${opts.artifactsDir}/current`).filter((f) => /^index(\.\d+)?\.hnsw$/.test(f));
  const figures: EtlFigures = {
    input: opts.input,
    inputMb: round(fs.statSync(opts.input).size / 1e6, 1),
    synthSeconds: opts.synthSeconds,
    rowsRead: r.rowsRead,
    kept: r.kept,
    dim: r.dim,
    recipe: r.recipe,
    stages: r.stages,
    parseCleanFitMs: r.stages.parse_clean.ms + r.stages.fit.ms,
    totalMs: r.totalMs,
    rowsPerSec: Math.round(r.rowsRead / (r.totalMs / 1000)),
    peakRssMb: r.peakRssMb,
    indexFileMb: indexFiles.length ? round(indexFiles.reduce((sum, f) => sum + fs.statSync(`${opts.artifactsDir}/current/${f}`).size, 0) / 1e6, 1) : NaN,
    indexNodes: r.indexNodes,
    indexBuildCores: r.indexBuildCores,
    indexBuilder: r.indexBuilder,
    vectorizeRowsPerSec: NaN,
    frontHalfMs: NaN,
  };
  figures.vectorizeRowsPerSec = await vectorizeThroughput(opts.databaseUrl, opts.artifactsDir);
  figures.frontHalfMs = Math.round(figures.parseCleanFitMs + (1000 * r.kept) / figures.vectorizeRowsPerSec);
  log(
    `ETL: ${r.rowsRead} read, ${r.kept} kept, ${r.dim} dims, total ${(r.totalMs / 1000).toFixed(1)} s; ` +
      Object.entries(r.stages)
        .map(([k, s]) => `${k} ${(s.ms / 1000).toFixed(1)} s`)
        .join(", "),
  );
  return figures;
}
