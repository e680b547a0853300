import fs from "node:fs";
import path from "node:path";
import type mysql from "mysql2/promise";
import { artifactsDir as defaultArtifactsDir, databaseUrl } from "@/lib/config";
import { API_ID_MIN } from "@/lib/movies/ids";
import { makeBuildId, MODEL_FILE, newBuildDir, removeAbandonedBuilds } from "@/lib/reco/artifacts";
import { createFitter, DEFAULT_RECIPE, type RecipeName } from "@/lib/reco/features";
import { connect, runMigrations } from "@/db/admin";
import { buildIndexInChildren, type IndexBuildResult } from "./index-build";
import { acquireEtlLock, buildDeferredIndexes, dbNow, dropStaging, prepareStaging, StagingWriter } from "./load";
import { cleanFile, readCleanFile, type DropCounts } from "./pipeline";
import { createProgress } from "./progress";
import { publishRefresh, writeFileAtomic } from "./publish";
import { InputError } from "./read";
import { recoverInterruptedPublish } from "./swap";

export interface EtlOptions {
  input: string;
  databaseUrl?: string;
  artifactsDir?: string;
  recipe?: RecipeName;
  currentYear?: number;
  quiet?: boolean;
  /** Graph shards built side by side (default ETL_SHARDS). */
  indexShards?: number;
}

export interface StageTiming {
  ms: number;
  rowsPerSec: number;
  peakRssMb: number;
}

export interface EtlReport {
  input: string;
  startedAt: string;
  finishedAt: string;
  rowsRead: number;
  kept: number;
  dropped: DropCounts;
  /** Kept rows per field shortened to fit its column. */
  clipped: Record<string, number>;
  apiRowsKept: number;
  /** TMDB movies of the CSV kept in their API-edited version. */
  apiEditsOverCatalog: number;
  /** CSV rows (dropped as `reserved_id`) whose id is a movie created through the API. */
  idCollisions: number[];
  /** API rows copied back from the tables of a publish that was killed after its swap. */
  recoveredApiRows: number;
  recipe: string;
  dim: number;
  /** Graph nodes: distinct vectors (movies with exactly the same vector share one). */
  indexNodes: number;
  /** Processes (one core each) that built the graph's shards side by side. */
  indexBuildCores: number;
  buildId: string;
  stages: Record<"parse_clean" | "fit" | "load_mysql" | "index_build" | "publish", StageTiming>;
  totalMs: number;
  peakRssMb: number;
}

export class EtlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EtlError";
  }
}

const rssMb = () => Math.round(process.memoryUsage.rss() / 2 ** 20);

/**
 * A refresh: clean the CSV into a work file while fitting the feature model, then load MySQL
 * staging tables while a child process builds the HNSW index, then publish both atomically.
 * Until the publish step nothing a reader sees has changed; a crash leaves only work files.
 */
export async function runEtl(options: EtlOptions): Promise<EtlReport> {
  const url = options.databaseUrl ?? databaseUrl();
  const dir = options.artifactsDir ?? defaultArtifactsDir();
  const log = options.quiet ? () => {} : (s: string) => process.stderr.write(`${s}\n`);
  const t0 = performance.now();
  const startedAt = new Date().toISOString();

  if (!fs.existsSync(options.input)) throw new InputError(`input file not found: ${options.input}`);
  await ensureWritableDir(dir);
  await runMigrations(url);
  const conn = await connect(url);
  const buildId = makeBuildId();
  const buildDir = newBuildDir(dir, buildId);
  let published = false;
  try {
    if (!(await acquireEtlLock(conn))) throw new EtlError("another ETL run is in progress on this database; try again when it has finished");
    const abandoned = await removeAbandonedBuilds(dir, buildId);
    if (abandoned.length) log(`removed ${abandoned.length} unfinished build(s) left by an interrupted run`);
    await fs.promises.mkdir(buildDir, { recursive: true });
    const recoveredApiRows = await recoverInterruptedPublish(conn, url);
    if (recoveredApiRows) log(`recovered ${recoveredApiRows} API row(s) left by an interrupted publish`);
    const watermark = await dbNow(conn);

    // Stage 1: parse + clean (+ fit the feature model in the same pass).
    let peak = rssMb();
    const cleanPath = path.join(buildDir, "clean.ndjson");
    const out = fs.createWriteStream(cleanPath, { highWaterMark: 1 << 20 });
    const fitter = createFitter(options.recipe ?? DEFAULT_RECIPE);
    const parseBar = options.quiet ? undefined : createProgress("parse+clean", 1, "bytes");
    let tStage = performance.now();
    const summary = await cleanFile(
      options.input,
      async (movie) => {
        fitter.add(movie);
        if (!out.write(`${JSON.stringify(movie)}\n`)) await new Promise<void>((r) => out.once("drain", () => r()));
      },
      {
        currentYear: options.currentYear,
        onProgress: (bytes, total) => {
          parseBar?.update(bytes, total);
          peak = Math.max(peak, rssMb());
        },
      },
    );
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    parseBar?.stop();
    const parseMs = performance.now() - tStage;
    if (summary.kept === 0) throw new EtlError(`no movie in ${options.input} survived cleaning; the live catalog is unchanged`);
    const idCollisions = await apiMoviesAmong(conn, summary.reservedIds);
    if (summary.dropped.reserved_id)
      log(
        `dropped ${summary.dropped.reserved_id} row(s) with ids reserved for API-made movies (>= ${API_ID_MIN})` +
          (idCollisions.length ? `; ${idCollisions.length} collided with one: ${idCollisions.slice(0, 10).join(", ")}` : ""),
      );
    const stages = {} as EtlReport["stages"];
    stages.parse_clean = timing(parseMs, summary.rowsRead, peak);
    log(`parsed ${summary.rowsRead} rows, kept ${summary.kept} (${Math.round(parseMs)} ms)`);

    tStage = performance.now();
    const model = fitter.finish();
    await fs.promises.writeFile(path.join(buildDir, MODEL_FILE), JSON.stringify(model.toJSON()));
    const losersPath = path.join(buildDir, "losers.json");
    await fs.promises.writeFile(losersPath, JSON.stringify([...summary.losers]));
    stages.fit = timing(performance.now() - tStage, summary.kept, rssMb());

    // Stage 2: MySQL load and index build run side by side on the two cores.
    const indexBar = options.quiet ? undefined : createProgress("index build", summary.kept);
    const loadBar = options.quiet ? undefined : createProgress("mysql load", summary.kept);
    tStage = performance.now();
    const indexJob = buildIndexInChildren(
      {
        cleanFile: cleanPath,
        losersFile: losersPath,
        modelFile: path.join(buildDir, MODEL_FILE),
        buildDir,
        capacity: Math.ceil(summary.kept * 1.05) + 1000,
      },
      options.indexShards,
      (done) => indexBar?.update(done),
    );
    // Surface an index failure even while the load is still running.
    let indexFailure: Error | undefined;
    indexJob.catch((err: Error) => (indexFailure = err));

    let loadPeak = rssMb();
    const deferred = await prepareStaging(conn);
    const writer = new StagingWriter(conn, watermark);
    for await (const movie of readCleanFile(cleanPath, summary.losers)) {
      if (indexFailure) throw indexFailure;
      await writer.add(movie);
      if (writer.rows % 20_000 === 0) {
        loadBar?.update(writer.rows);
        loadPeak = Math.max(loadPeak, rssMb());
      }
    }
    await writer.close();
    await buildDeferredIndexes(conn, deferred);
    loadBar?.update(writer.rows);
    loadBar?.stop();
    stages.load_mysql = timing(performance.now() - tStage, writer.rows, Math.max(loadPeak, rssMb()));
    const indexResult: IndexBuildResult = await indexJob;
    indexBar?.update(indexResult.count);
    indexBar?.stop();
    stages.index_build = timing(indexResult.ms, indexResult.count, indexResult.peakRssMb);
    log(`loaded ${writer.rows} rows into staging; index holds ${indexResult.count} vectors in ${indexResult.nodes} nodes`);

    // Stage 3: publish (one RENAME for MySQL, one symlink swap for the artifacts).
    tStage = performance.now();
    await fs.promises.rm(cleanPath, { force: true });
    await fs.promises.rm(losersPath, { force: true });
    const { apiRowsKept, apiEditsOverCatalog } = await publishRefresh({ conn, url }, {
      artifactsDir: dir,
      buildDir,
      buildId,
      recipe: model.recipe,
      dim: model.dim,
      count: indexResult.count,
      watermark,
      source: path.basename(options.input),
    });
    published = true;
    stages.publish = timing(performance.now() - tStage, summary.kept, rssMb());

    const report: EtlReport = {
      input: options.input,
      startedAt,
      finishedAt: new Date().toISOString(),
      rowsRead: summary.rowsRead,
      kept: summary.kept,
      dropped: summary.dropped,
      clipped: summary.clipped,
      apiRowsKept,
      apiEditsOverCatalog,
      idCollisions,
      recoveredApiRows,
      recipe: model.recipe,
      dim: model.dim,
      indexNodes: indexResult.nodes,
      indexBuildCores: indexResult.cores,
      buildId,
      stages,
      totalMs: Math.round(performance.now() - t0),
      // The loader and the index child run side by side: their peaks add up on the machine.
      peakRssMb: Math.max(...Object.values(stages).map((st) => st.peakRssMb), stages.load_mysql.peakRssMb + indexResult.peakRssMb),
    };
    await writeFileAtomic(path.join(dir, "etl-report.json"), JSON.stringify(report, null, 2));
    return report;
  } finally {
    if (!published) {
      await dropStaging(conn).catch(() => {});
      await fs.promises.rm(buildDir, { recursive: true, force: true }).catch(() => {});
    }
    await conn.end().catch(() => {});
  }
}

/** The ids among `ids` that belong to movies created through the API. */
async function apiMoviesAmong(conn: mysql.Connection, ids: number[]): Promise<number[]> {
  if (!ids.length) return [];
  const [rows] = await conn.query<mysql.RowDataPacket[]>("SELECT id FROM movies WHERE origin = 'api' AND id IN (?) ORDER BY id", [ids]);
  return rows.map((r) => Number(r.id));
}

function timing(ms: number, rows: number, peakRssMb: number): StageTiming {
  return { ms: Math.round(ms), rowsPerSec: Math.round(rows / Math.max(ms / 1000, 1e-3)), peakRssMb };
}

async function ensureWritableDir(dir: string): Promise<void> {
  try {
    await fs.promises.mkdir(dir, { recursive: true });
    await fs.promises.access(dir, fs.constants.W_OK);
  } catch (err) {
    throw new EtlError(`ARTIFACTS_DIR ${dir} is not writable (${(err as Error).message})`);
  }
}
