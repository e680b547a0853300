/**
 * npm run bench -- [--rows N | --input FILE] [--only etl,boot,query,catalog,http,refresh,tradeoff,simd] [--keep] [--duration S]
 * The benchmark suite: ETL stages, in-process ANN latency/recall vs an exact scan, server boot
 * and HTTP load, then an incremental refresh of 1% of the catalog; writes docs/BENCHMARKS.md. Runs against its own database (movies_bench) and
 * artifacts folder (/tmp/bench-artifacts/<dataset>), dropped afterwards unless --keep.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { dropDatabase } from "@/db/admin";
import { parseBenchArgs, USAGE, type BenchOptions } from "./bench/args";
import { ensureSynth, runEtlStep, type EtlFigures } from "./bench/etl";
import { runCatalogStep, type CatalogFigures } from "./bench/catalog";
import { startCeiling, type CeilingHandle } from "./bench/ceiling";
import { runHttpStep, type HttpFigures } from "./bench/http";
import { runQueryStep, type QueryFigures } from "./bench/query";
import { runRefreshStep, type RefreshFigures } from "./bench/refresh";
import { runSimdStep, type SimdFigures } from "./bench/simd";
import { FULL_DATASET, writeBenchmarks } from "./bench/report";
import { runTradeoffStep, type TradeoffFigures } from "./bench/tradeoff";
import { startServer, type BootFigures, type ServerHandle } from "./bench/server";
import { log, machine } from "./bench/util";

/** Repetitions of each catalog page and facet count: enough for a p99. */
const CATALOG_ROUNDS = 200;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function main(o: BenchOptions): Promise<number> {
  // The generated file given with --input (/tmp/bench-synth-N.csv) is the same catalog as --rows N.
  const base = o.input ? path.basename(o.input).replace(/\.[^.]+$/, "").replace(/^bench-synth-/, "synth-") : `synth-${o.rows}`;
  // A run with extra server environment is a variant: its figures do not replace the plain run's.
  const env = Object.entries(o.serverEnv).map(([k, v]) => `${k}=${v}`).join(" ");
  const sweepVariant = o.only.has("tradeoff") && (o.tradeoffSample !== 100_000 || o.tradeoffConfigs || o.tradeoffFromCsv);
  const label = env ? `${base} with server ${env}` : sweepVariant ? `${base} HNSW sweep (${o.tradeoffConfigs?.map((c) => c.join("x")).join(",") ?? "default configs"}, sample ${o.tradeoffSample})` : base;
  const date = new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC";
  const command = `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim();
  const m = machine();
  const steps = [...o.only];
  if (o.renderDocs) {
    writeBenchmarks(path.join(ROOT, "docs", "BENCHMARKS.md"), { label, machine: m, date, command, steps: [], figures: {}, failures: {}, renderOnly: true });
    log("re-rendered docs/BENCHMARKS.md");
    return 0;
  }
  log(`${label}: steps ${steps.join(",")} on ${m.cores} cores, ${m.memoryGb} GB (load ${m.loadAvgAtStart.join(" ")})`);
  const figures: { etl?: EtlFigures; boot?: BootFigures; query?: QueryFigures; http?: HttpFigures; tradeoff?: TradeoffFigures; simd?: SimdFigures; catalog?: CatalogFigures; refresh?: RefreshFigures } = {};
  const failures: Record<string, string> = {};
  const fail = (step: string, err: unknown) => {
    failures[step] = (err as Error).message?.split("\n")[0] ?? String(err);
    log(`${step} FAILED: ${(err as Error).stack ?? err}`);
  };
  let server: ServerHandle | undefined;
  const resultsDir = "/tmp/bench-results";
  fs.mkdirSync(resultsDir, { recursive: true });
  const save = () => fs.writeFileSync(path.join(resultsDir, `${label.replace(/[^A-Za-z0-9_.-]+/g, "_")}.json`), JSON.stringify({ label, date, command, machine: m, figures, failures }, null, 2));
  try {
    if (o.only.has("etl")) {
      try {
        const synth = o.input ? { file: path.resolve(o.input), seconds: undefined } : ensureSynth(o.rows);
        figures.etl = await runEtlStep({ input: synth.file, databaseUrl: o.databaseUrl, artifactsDir: o.artifactsDir, synthSeconds: synth.seconds });
      } catch (err) {
        fail("etl", err);
      }
      save();
    }
    const canUseArtifacts = !failures.etl;
    const inputFile = () => (o.input ? path.resolve(o.input) : ensureSynth(o.rows).file);
    if (o.only.has("simd")) {
      try {
        figures.simd = await runSimdStep({ vectors: o.simdVectors, queries: o.queries, rounds: o.simdRounds, seed: o.seed, csv: o.simdFromCsv ? inputFile() : undefined, threads: o.simdThreads });
      } catch (err) {
        fail("simd", err);
      }
      save();
    }
    if (o.only.has("query")) {
      if (!canUseArtifacts) failures.query = "skipped: the ETL failed";
      else
        try {
          figures.query = await runQueryStep({ artifactsDir: o.artifactsDir, queries: o.queries, exactQueries: o.exactQueries, efs: o.efs, seed: o.seed });
        } catch (err) {
          fail("query", err);
        }
      save();
      if (global.gc) global.gc();
    }
    if (o.only.has("catalog")) {
      if (!canUseArtifacts) failures.catalog = "skipped: the ETL failed";
      else
        try {
          figures.catalog = await runCatalogStep({ databaseUrl: o.databaseUrl, rounds: CATALOG_ROUNDS });
        } catch (err) {
          fail("catalog", err);
        }
      save();
      if (global.gc) global.gc();
    }
    if (o.only.has("tradeoff")) {
      if (!canUseArtifacts && !o.tradeoffFromCsv) failures.tradeoff = "skipped: the ETL failed";
      else
        try {
          figures.tradeoff = await runTradeoffStep({
            artifactsDir: o.artifactsDir,
            sampleSize: o.tradeoffSample,
            queries: o.tradeoffQueries,
            efs: [64, 96, 128, 256],
            seed: o.seed,
            configs: o.tradeoffConfigs,
            csv: o.tradeoffFromCsv ? inputFile() : undefined,
          });
        } catch (err) {
          fail("tradeoff", err);
        }
      save();
      if (global.gc) global.gc();
    }
    if (o.only.has("boot") || o.only.has("http")) {
      if (!canUseArtifacts) {
        for (const s of ["boot", "http"]) if (o.only.has(s as "boot")) failures[s] = "skipped: the ETL failed";
      } else {
        try {
          server = await startServer({ cwd: ROOT, port: o.port, databaseUrl: o.databaseUrl, artifactsDir: o.artifactsDir, env: o.serverEnv });
          if (o.only.has("boot")) figures.boot = server.boot;
        } catch (err) {
          fail("boot", err);
          if (o.only.has("http")) failures.http = "skipped: the server did not boot";
        }
        save();
        if (server && o.only.has("http")) {
          let ceiling: CeilingHandle | undefined;
          try {
            ceiling = await startCeiling(ROOT, o.port + 1);
            figures.http = await runHttpStep({
              baseUrl: server.baseUrl,
              ceilingUrl: ceiling.baseUrl,
              serverPid: server.pid,
              databaseUrl: o.databaseUrl,
              connections: o.connections,
              duration: o.duration,
              seed: o.seed,
            });
            figures.http.serverEnv = o.serverEnv;
          } catch (err) {
            fail("http", err);
          } finally {
            await ceiling?.stop();
          }
          save();
        }
      }
    }
    // Last: it changes the catalog the other steps measure.
    if (o.only.has("refresh")) {
      await server?.stop();
      server = undefined;
      if (!canUseArtifacts) failures.refresh = "skipped: the ETL failed";
      else
        try {
          figures.refresh = await runRefreshStep({ input: inputFile(), databaseUrl: o.databaseUrl, artifactsDir: o.artifactsDir, fullMs: figures.etl?.totalMs, seed: o.seed });
        } catch (err) {
          fail("refresh", err);
        }
      save();
    }
  } finally {
    await server?.stop();
    // The simd step uses neither the bench database nor the artifacts: a run of it alone leaves them be.
    if (o.keep) log(`kept the database ${o.databaseUrl} and artifacts ${o.artifactsDir}`);
    else if ([...o.only].some((s) => s !== "simd")) {
      await dropDatabase(o.databaseUrl).catch((err) => log(`could not drop the bench database: ${(err as Error).message}`));
      await fs.promises.rm(o.artifactsDir, { recursive: true, force: true });
    }
  }
  if (o.writeDocs) {
    const file = path.join(ROOT, "docs", "BENCHMARKS.md");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeBenchmarks(file, { label, machine: m, date, command, steps, figures, failures });
    log(`wrote ${file}`);
  }
  log(`results saved to ${resultsDir}/${label}.json`);
  if (base !== FULL_DATASET && !o.input) log(`note: the DESIGN targets apply to the 1.29M-row run (--rows 1290000)`);
  return Object.keys(failures).length ? 1 : 0;
}

let opts: BenchOptions | "help";
try {
  opts = parseBenchArgs(process.argv.slice(2));
} catch (err) {
  console.error(`bench: ${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (opts === "help") {
  console.log(USAGE);
  process.exit(0);
}
main(opts).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`bench: ${(err as Error).stack ?? err}`);
    process.exit(1);
  },
);
