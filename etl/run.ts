import fs from "node:fs";
import path from "node:path";
import type mysql from "mysql2/promise";
import { CATALOG_SNAPSHOT_FILE, writeCatalogSnapshot } from "@/lib/catalog/snapshot";
import { artifactsDir as defaultArtifactsDir, databaseUrl } from "@/lib/config";
import { API_ID_MIN } from "@/lib/movies/ids";
import type { Movie } from "@/lib/movies/types";
import { makeBuildId, MODEL_FILE, newBuildDir, removeAbandonedBuilds } from "@/lib/reco/artifacts";
import { createFitter, DEFAULT_RECIPE, type FeatureFitter, type FeatureModel, type RecipeName } from "@/lib/reco/features";
import { connect, runMigrations } from "@/db/admin";
import { dropDelta } from "./incremental/catalog-delta";
import { FIT_STATS_FILE } from "./incremental/digest";
import { DigestRecorder } from "./incremental/recorder";
import type { Drift } from "./incremental/drift";
import { type IncrementalReport, runIncremental } from "./incremental/refresh";
import { incrementalBase, recoverIncrementalPublish, setMark } from "./incremental/state";
import { buildIndexInChildren, type IndexBuildResult } from "./index-build";
import { acquireEtlLock, buildDeferredIndexes, dbNow, dropStaging, prepareStaging, StagingWriter } from "./load";
import { cleanFile, readCleanFile, type DropCounts } from "./pipeline";
import { publishRefresh, writeFileAtomic } from "./publish";
import { InputError } from "./read";
import { type Stage, stageTiming, type StageTiming, runStages } from "./stages";
import { recoverInterruptedPublish } from "./swap";

interface EtlOptions {
  input: string;
  databaseUrl?: string;
  artifactsDir?: string;
  recipe?: RecipeName;
  currentYear?: number;
  quiet?: boolean;
  /** Graph shards built side by side (default ETL_SHARDS). */
  indexShards?: number;
  /** Rebuild everything even when an incremental refresh would do. */
  full?: boolean;
}

/** Which way a refresh went, and why. */
interface RefreshPath {
  path: "full" | "incremental";
  /** Incremental: what allowed it. Full: --full, or why an incremental refresh did not apply. */
  reason: string;
  /** Incremental: movies against the live build, and lines of the file parsed (the rest matched by hash). */
  changes?: { added: number; changed: number; removed: number; unchanged: number; linesParsed: number };
  /** Incremental: how far a refit would move from the live feature model (etl/incremental/drift.ts). */
  drift?: Drift;
  /** Incremental: the graph's nodes after the patch, deleted ones among them, and those added. */
  graph?: { nodes: number; deletedNodes: number; newNodes: number };
  /** Incremental: how long API writes waited on the publish gate while the catalog rows changed. */
  gatedMs?: number;
  /** Full: whether the build kept the row digest a later incremental refresh needs ("kept"), or why not. */
  digest?: string;
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
  /** Threads that inserted into the graph (every core with the parallel builder). */
  indexBuildCores: number;
  /** Which builder made the graph and why, e.g. "parallel: 2 threads into one graph (...)" or "single: ...". */
  indexBuilder: string;
  buildId: string;
  refresh: RefreshPath;
  /** Full: parse_clean, fit, load_mysql, catalog_snapshot, index_build, publish (after scan when an incremental attempt fell back). Incremental: scan, load_mysql, index_patch (catalog_snapshot beside it), publish. */
  stages: Record<string, StageTiming>;
  totalMs: number;
  peakRssMb: number;
}

export class EtlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EtlError";
  }
}

/** Yields each item once and lets the array forget it, so the consumer's copy is the only one left. */
function* handedOver<T>(items: (T | undefined)[]): Generator<T> {
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    items[i] = undefined;
    yield item;
  }
}

/** What the refresh's stages hand on to each other. */
interface Refresh {
  options: EtlOptions;
  conn: mysql.Connection;
  url: string;
  dir: string;
  buildId: string;
  buildDir: string;
  watermark: string;
  log: (line: string) => void;
  cleanPath: string;
  losersPath: string;
  fitter: FeatureFitter;
  digest: DigestRecorder;
  /** Why the build keeps no row digest (undefined: it does). */
  digestSkipped?: string;
  summary?: Awaited<ReturnType<typeof cleanFile>>;
  idCollisions?: number[];
  model?: FeatureModel;
  index?: IndexBuildResult;
  published?: Awaited<ReturnType<typeof publishRefresh>>;
}

/** Parse + clean into a work file, fitting the feature model in the same pass. */
const parseClean: Stage<Refresh> = {
  name: "parse_clean",
  async run(r, ctx) {
    const out = fs.createWriteStream(r.cleanPath, { highWaterMark: 1 << 20 });
    const bar = ctx.progress("parse+clean", 1, "bytes");
    r.digest.start(r.options.input);
    const summary = await cleanFile(
      r.options.input,
      async (movie) => {
        r.fitter.add(movie);
        if (!out.write(`${JSON.stringify(movie)}\n`)) await new Promise<void>((done) => out.once("drain", () => done()));
      },
      {
        currentYear: r.options.currentYear,
        onProgress: (bytes, total) => {
          bar.update(bytes, total);
          ctx.sampleRss();
        },
        onRecord: (raw, result) => r.digest.record(raw, result),
      },
    );
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    bar.stop();
    if (summary.kept === 0) throw new EtlError(`no movie in ${r.options.input} survived cleaning; the live catalog is unchanged`);
    r.summary = summary;
    r.idCollisions = await apiMoviesAmong(r.conn, summary.reservedIds);
    if (summary.dropped.reserved_id)
      r.log(
        `dropped ${summary.dropped.reserved_id} row(s) with ids reserved for API-made movies (>= ${API_ID_MIN})` +
          (r.idCollisions.length ? `; ${r.idCollisions.length} collided with one: ${r.idCollisions.slice(0, 10).join(", ")}` : ""),
      );
    r.log(`parsed ${summary.rowsRead} rows, kept ${summary.kept} (${Math.round(ctx.timing(0).ms)} ms)`);
    return summary.rowsRead;
  },
};

const fit: Stage<Refresh> = {
  name: "fit",
  async run(r) {
    r.model = r.fitter.finish();
    await fs.promises.writeFile(path.join(r.buildDir, MODEL_FILE), JSON.stringify(r.model.toJSON()));
    await fs.promises.writeFile(r.losersPath, JSON.stringify([...r.summary!.losers]));
    // What the next refresh starts from: the fit's counts and the row digest (beside the CSV copy).
    await fs.promises.writeFile(path.join(r.buildDir, FIT_STATS_FILE), JSON.stringify(r.fitter.stats()));
    r.digestSkipped = await r.digest.finish(r.summary!.losers);
    if (r.digestSkipped) r.log(`no row digest kept (the next refresh will be full): ${r.digestSkipped}`);
    return r.summary!.kept;
  },
};

/**
 * The MySQL load and the index build side by side: the index in a child process, whose builder
 * threads share the cores with the loader and mysqld.
 */
const loadAndIndex: Stage<Refresh> = {
  name: "load_and_index",
  async run(r, ctx) {
    const kept = r.summary!.kept;
    const indexBar = ctx.progress("index build", kept);
    const loadBar = ctx.progress("mysql load", kept);
    const indexJob = buildIndexInChildren(
      {
        cleanFile: r.cleanPath,
        losersFile: r.losersPath,
        modelFile: path.join(r.buildDir, MODEL_FILE),
        buildDir: r.buildDir,
        capacity: Math.ceil(kept * 1.05) + 1000,
      },
      r.options.indexShards,
      { onProgress: (done) => indexBar.update(done), onBuilder: (builder) => r.log(`index build: ${builder.summary}`) },
    );
    // Surface an index failure even while the load is still running.
    let indexFailure: Error | undefined;
    indexJob.catch((err: Error) => (indexFailure = err));

    const deferred = await prepareStaging(r.conn);
    const writer = new StagingWriter(r.conn, r.watermark);
    // The snapshot is written from the same rows: one read of the clean file for both.
    const loaded: (Movie | undefined)[] = [];
    for await (const movie of readCleanFile(r.cleanPath, r.summary!.losers)) {
      if (indexFailure) throw indexFailure;
      await writer.add(movie);
      loaded.push(movie);
      if (writer.rows % 20_000 === 0) {
        loadBar.update(writer.rows);
        ctx.sampleRss();
      }
    }
    await writer.close();
    await buildDeferredIndexes(r.conn, deferred);
    loadBar.update(writer.rows);
    loadBar.stop();
    const load_mysql = ctx.timing(writer.rows);
    // The index build outlasts the load: the catalog snapshot is written meanwhile, from the rows just loaded.
    const snapStart = performance.now();
    const snap = await writeCatalogSnapshot(path.join(r.buildDir, CATALOG_SNAPSHOT_FILE), handedOver(loaded), {
      buildId: r.buildId,
      stamp: r.watermark,
    });
    const catalog_snapshot = stageTiming(performance.now() - snapStart, snap.movies, Math.round(process.memoryUsage.rss() / 2 ** 20));
    r.log(`catalog snapshot: ${snap.movies} movies, ${Math.round(snap.bytes / 2 ** 20)} MB (${Math.round(catalog_snapshot.ms)} ms)`);
    r.index = await indexJob;
    indexBar.update(r.index.count);
    indexBar.stop();
    r.log(`loaded ${writer.rows} rows into staging; index holds ${r.index.count} vectors`);
    return { load_mysql, catalog_snapshot, index_build: stageTiming(r.index.ms, r.index.count, r.index.peakRssMb) };
  },
};

/** One RENAME for MySQL, one symlink swap for the artifacts. */
const publish: Stage<Refresh> = {
  name: "publish",
  async run(r) {
    await fs.promises.rm(r.cleanPath, { force: true });
    await fs.promises.rm(r.losersPath, { force: true });
    // Until the mark says published, the catalog rows may match neither build (state.ts).
    await setMark(r.conn, r.buildId, "publishing");
    r.published = await publishRefresh(
      { conn: r.conn, url: r.url },
      {
        artifactsDir: r.dir,
        buildDir: r.buildDir,
        buildId: r.buildId,
        recipe: r.model!.recipe,
        dim: r.model!.dim,
        count: r.index!.count,
        watermark: r.watermark,
        source: path.basename(r.options.input),
      },
    );
    await setMark(r.conn, r.buildId, "published");
    return r.summary!.kept;
  },
};

const REFRESH_STAGES = [parseClean, fit, loadAndIndex, publish];

/**
 * A refresh. Incremental when the live build allows it (incremental/state.ts) and the file fits
 * its feature model (incremental/refresh.ts); otherwise, or with --full, a full rebuild: clean
 * the CSV into a work file while fitting the feature model, then load MySQL staging tables while
 * a child process builds the HNSW index, then publish both atomically. Until the publish step
 * nothing a reader sees has changed; a crash leaves only work files.
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
  let refresh: Refresh | undefined;
  const incremental = { committed: false };
  try {
    if (!(await acquireEtlLock(conn))) throw new EtlError("another ETL run is in progress on this database; try again when it has finished");
    const abandoned = await removeAbandonedBuilds(dir, buildId);
    if (abandoned.length) log(`removed ${abandoned.length} unfinished build(s) left by an interrupted run`);
    await fs.promises.mkdir(buildDir, { recursive: true });
    const recoveredApiRows = await recoverInterruptedPublish(conn, url);
    if (recoveredApiRows) log(`recovered ${recoveredApiRows} API row(s) left by an interrupted publish`);
    for (const line of await recoverIncrementalPublish(conn, dir)) log(line);
    await dropDelta(conn);
    const watermark = await dbNow(conn);
    const currentYear = options.currentYear ?? new Date().getUTCFullYear();
    const recipe = options.recipe ?? DEFAULT_RECIPE;
    const base = { input: options.input, startedAt, t0, recoveredApiRows, buildId };

    let reason = options.full ? "--full was given" : undefined;
    let scanStages: Record<string, StageTiming> = {};
    if (!reason) {
      const live = await incrementalBase(conn, dir);
      if (!live.ok) reason = live.reason;
      else if (live.manifest.recipe !== recipe) reason = `the live model's recipe is ${live.manifest.recipe}, this refresh's ${recipe}`;
      else {
        const outcome = await runIncremental({
          input: options.input, conn, url, dir, liveDir: live.buildDir, liveManifest: live.manifest, buildId, buildDir, watermark, currentYear, quiet: options.quiet, log, progress: incremental,
        });
        if (outcome.ok) return await reportIncremental(conn, dir, base, outcome.report);
        reason = outcome.reason;
        scanStages = outcome.stages;
        // Start the full rebuild from an empty build folder.
        await fs.promises.rm(buildDir, { recursive: true, force: true });
        await fs.promises.mkdir(buildDir, { recursive: true });
      }
    }
    log(`full rebuild: ${reason}`);
    refresh = {
      options,
      conn,
      url,
      dir,
      buildId,
      buildDir,
      watermark,
      log,
      cleanPath: path.join(buildDir, "clean.ndjson"),
      losersPath: path.join(buildDir, "losers.json"),
      fitter: createFitter(recipe),
      digest: new DigestRecorder(buildDir, currentYear),
    };
    const stages = { ...scanStages, ...(await runStages(REFRESH_STAGES, refresh, { quiet: options.quiet })) };
    const { summary, model, index, published } = refresh as Required<Refresh>;
    const report: EtlReport = {
      input: options.input,
      startedAt,
      finishedAt: new Date().toISOString(),
      rowsRead: summary.rowsRead,
      kept: summary.kept,
      dropped: summary.dropped,
      clipped: summary.clipped,
      apiRowsKept: published.apiRowsKept,
      apiEditsOverCatalog: published.apiEditsOverCatalog,
      idCollisions: refresh.idCollisions!,
      recoveredApiRows,
      recipe: model.recipe,
      dim: model.dim,
      indexNodes: index.nodes,
      indexBuildCores: index.cores,
      indexBuilder: index.builder.summary,
      buildId,
      refresh: { path: "full", reason: reason!, digest: refresh.digestSkipped ?? "kept" },
      stages,
      totalMs: Math.round(performance.now() - t0),
      // The loader and the index child run side by side: their peaks add up on the machine.
      peakRssMb: Math.max(...Object.values(stages).map((st) => st.peakRssMb), stages.load_mysql.peakRssMb + index.peakRssMb),
    };
    await writeFileAtomic(path.join(dir, "etl-report.json"), JSON.stringify(report, null, 2));
    return report;
  } finally {
    // A build whose catalog rows are committed stays: the next run switches to it (state.ts).
    refresh?.digest.abort();
    if (!refresh?.published && !incremental.committed) {
      await dropStaging(conn).catch(() => {});
      await dropDelta(conn).catch(() => {});
      await fs.promises.rm(buildDir, { recursive: true, force: true }).catch(() => {});
    }
    await conn.end().catch(() => {});
  }
}

async function reportIncremental(
  conn: mysql.Connection,
  dir: string,
  base: { input: string; startedAt: string; t0: number; recoveredApiRows: number; buildId: string },
  r: IncrementalReport,
): Promise<EtlReport> {
  const { scan, drift, index, delta, model, stages } = r;
  const report: EtlReport = {
    input: base.input,
    startedAt: base.startedAt,
    finishedAt: new Date().toISOString(),
    rowsRead: scan.rowsRead,
    kept: scan.kept,
    dropped: scan.dropped,
    clipped: scan.clipped,
    apiRowsKept: r.apiRowsKept,
    apiEditsOverCatalog: r.apiEditsOverCatalog,
    idCollisions: await apiMoviesAmong(conn, scan.reservedIds),
    recoveredApiRows: base.recoveredApiRows,
    recipe: model.recipe,
    dim: model.dim,
    indexNodes: index.nodes - index.deletedNodes,
    indexBuildCores: 1,
    indexBuilder: `incremental: ${index.newNodes} nodes added to a copy of the live graph (hnswlib-node, one thread)`,
    buildId: base.buildId,
    refresh: {
      path: "incremental",
      reason: `the live build's row digest matched the file and its feature model still fits (${driftSummary(drift)})`,
      changes: { added: scan.added, changed: scan.changed, removed: scan.removed, unchanged: scan.unchanged, linesParsed: scan.linesParsed },
      drift,
      graph: { nodes: index.nodes, deletedNodes: index.deletedNodes, newNodes: index.newNodes },
      gatedMs: delta.gatedMs,
    },
    stages,
    totalMs: Math.round(performance.now() - base.t0),
    peakRssMb: Math.max(...Object.values(stages).map((st) => st.peakRssMb)),
  };
  await writeFileAtomic(path.join(dir, "etl-report.json"), JSON.stringify(report, null, 2));
  return report;
}

const driftSummary = (d: Drift) =>
  `vocabulary gain ${(100 * d.vocabularyGain).toFixed(1)}%, idf ${(100 * d.idf).toFixed(2)}%, range ${(100 * d.range).toFixed(2)}%; ` +
  `a refit would move vectors by ${d.meanShift.toExponential(1)} on average, 1 - cosine over ${d.sampled} movies`;

/** The ids among `ids` that belong to movies created through the API. */
async function apiMoviesAmong(conn: mysql.Connection, ids: number[]): Promise<number[]> {
  if (!ids.length) return [];
  const [rows] = await conn.query<mysql.RowDataPacket[]>("SELECT id FROM movies WHERE origin = 'api' AND id IN (?) ORDER BY id", [ids]);
  return rows.map((r) => Number(r.id));
}

async function ensureWritableDir(dir: string): Promise<void> {
  try {
    await fs.promises.mkdir(dir, { recursive: true });
    await fs.promises.access(dir, fs.constants.W_OK);
  } catch (err) {
    throw new EtlError(`ARTIFACTS_DIR ${dir} is not writable (${(err as Error).message})`);
  }
}
