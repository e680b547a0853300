import fs from "node:fs";
import path from "node:path";
import type mysql from "mysql2/promise";
import { API_ID_MIN } from "@/lib/movies/ids";
import type { Movie } from "@/lib/movies/types";
import { CATALOG_SNAPSHOT_FILE } from "@/lib/catalog/snapshot";
import { type Manifest, MODEL_FILE, sealBuild, switchCurrent } from "@/lib/reco/artifacts";
import { FeatureModel, type FitStats } from "@/lib/reco/features";
import { writeManifest } from "../publish";
import { type Stage, type StageTiming, runStages, stageTiming } from "../stages";
import { pauseForTest } from "../swap";
import { applyDelta, DELTA_TABLES, dropDelta, stageDelta } from "./catalog-delta";
import { FIT_STATS_FILE, ROWS_FILE, type RowDigest, WINNER } from "./digest";
import { type Drift, driftVerdict, measureDrift } from "./drift";
import { deletedNodeShare, type IndexPatch, patchIndex } from "./index-patch";
import { scanFile, type ScanResult } from "./scan";
import { patchSnapshotInChild } from "./snapshot-child";
import { setMark } from "./state";

/**
 * The incremental refresh: one pass over the file finds the lines that changed since the live
 * build (scan.ts); if the live feature model still fits the new file (drift.ts) and few enough
 * movies changed, a copy of the live index gets only those (index-patch.ts), MySQL gets only
 * those (catalog-delta.ts), and both are published as a full refresh publishes: the build sealed,
 * the catalog rows committed with the build's mark, then the artifacts' `current` switched.
 */

/** Beyond this share of the live catalog's movies added, changed or removed, a full rebuild. */
const MAX_CHANGED_SHARE = 0.05;
/** Deleted nodes still take part in graph walks: past this share of the graph, a full rebuild compacts them. */
const MAX_DELETED_NODES = 0.1;

interface IncrementalInput {
  input: string;
  conn: mysql.Connection;
  url: string;
  dir: string;
  liveDir: string;
  liveManifest: Manifest;
  buildId: string;
  buildDir: string;
  watermark: string;
  currentYear: number;
  quiet?: boolean;
  log: (line: string) => void;
  /** Set once the catalog rows are committed: from then on the new build must not be removed. */
  progress: { committed: boolean };
}

export interface IncrementalReport {
  scan: Omit<ScanResult, "digest" | "upserts" | "removed" | "fitRemoved" | "fitAdded" | "sample"> & { removed: number };
  drift: Drift;
  index: IndexPatch;
  delta: Awaited<ReturnType<typeof applyDelta>>;
  manifest: Manifest;
  model: FeatureModel;
  apiRowsKept: number;
  apiEditsOverCatalog: number;
  stages: Record<string, StageTiming>;
}

type IncrementalOutcome = { ok: true; report: IncrementalReport } | { ok: false; reason: string; stages: Record<string, StageTiming> };

interface State extends IncrementalInput {
  model?: FeatureModel;
  scan?: ScanResult;
  drift?: Drift;
  stats?: FitStats;
  fallback?: string;
  index?: IndexPatch;
  manifest?: Manifest;
  delta?: Awaited<ReturnType<typeof applyDelta>>;
}

const scan: Stage<State> = {
  name: "scan",
  async run(s) {
    s.model = FeatureModel.fromJSON(JSON.parse(await fs.promises.readFile(path.join(s.liveDir, MODEL_FILE), "utf8")));
    const outcome = await scanFile(s.input, s.liveDir, s.buildDir, s.currentYear);
    if (!outcome.ok) {
      s.fallback = outcome.reason;
      return 0;
    }
    const r = outcome.scan;
    s.scan = r;
    const liveMovies = s.liveManifest.count;
    const changed = r.upserts.length + r.removed.length;
    if (changed > MAX_CHANGED_SHARE * liveMovies) {
      s.fallback = `${changed} of ${liveMovies} movies were added, changed or removed (more than ${100 * MAX_CHANGED_SHARE}%)`;
      return r.rowsRead;
    }
    const deleted = await deletedNodeShare(s.liveDir);
    if (deleted > MAX_DELETED_NODES) {
      s.fallback = `${(100 * deleted).toFixed(1)}% of the live graph's nodes are deleted (more than ${100 * MAX_DELETED_NODES}%): a full rebuild compacts it`;
      return r.rowsRead;
    }
    const saved = JSON.parse(await fs.promises.readFile(path.join(s.liveDir, FIT_STATS_FILE), "utf8")) as FitStats;
    const { drift, stats } = measureDrift(s.model, saved, { removed: r.fitRemoved, added: r.fitAdded, sample: r.sample });
    s.drift = drift;
    s.stats = stats;
    const verdict = driftVerdict(drift);
    if (verdict) s.fallback = `the feature model no longer fits: ${verdict}`;
    s.log(`scanned ${r.rowsRead} lines, parsed ${r.linesParsed}: ${r.added} added, ${r.changed} changed, ${r.removed.length} removed`);
    await pauseForTest("scanned");
    return r.rowsRead;
  },
};

/**
 * Everything the new build folder holds, written in one place: the patched index, nodes and
 * vectors, the live model (unchanged), and what the next refresh starts from (row digest, fit
 * statistics; scan.ts already copied the CSV beside them). `upserts` and `removed` are the
 * catalog's changes against the live build, for any further file derived from the final rows.
 * The catalog snapshot is written beside it (indexPatch).
 */
async function writeIncrementalBuild(
  s: State,
  build: { digest: RowDigest; stats: FitStats; upserts: readonly Movie[]; removed: readonly number[] },
  onProgress: (done: number, total: number) => void,
): Promise<IndexPatch> {
  const index = await patchIndex(s.liveDir, s.buildDir, s.model!, build.upserts, build.removed, onProgress);
  await fs.promises.copyFile(path.join(s.liveDir, MODEL_FILE), path.join(s.buildDir, MODEL_FILE));
  await build.digest.write(path.join(s.buildDir, ROWS_FILE));
  await fs.promises.writeFile(path.join(s.buildDir, FIT_STATS_FILE), JSON.stringify(build.stats));
  return index;
}

/**
 * The patched index, and beside it (a child process, the other core) the live build's catalog
 * snapshot carried over the changes (snapshot-child.ts), so servers keep starting from a file
 * rather than a read of every row.
 */
const indexPatch: Stage<Required<Pick<State, "scan">> & State> = {
  name: "index_patch",
  async run(s, ctx) {
    const snapshot = await startCatalogSnapshot(s);
    const bar = ctx.progress("index patch", 1);
    try {
      s.index = await writeIncrementalBuild(s, { digest: s.scan.digest, stats: s.stats!, upserts: s.scan.upserts, removed: s.scan.removed }, (done, total) => {
        bar.update(done, total);
        ctx.sampleRss();
      });
    } catch (err) {
      snapshot?.kill();
      throw err;
    }
    bar.stop();
    s.log(`index patched: ${s.index.revectorised} movies vectorised, ${s.index.newNodes} nodes added, ${s.index.deletedNodes} of ${s.index.nodes} nodes deleted`);
    const catalog_snapshot = snapshot && (await finishCatalogSnapshot(s, snapshot));
    await pauseForTest("built");
    return {
      index_patch: { ms: Math.round(s.index.ms), rowsPerSec: Math.round(s.index.revectorised / Math.max(s.index.ms / 1000, 1e-3)), peakRssMb: s.index.peakRssMb },
      ...(catalog_snapshot ? { catalog_snapshot } : {}),
    };
  },
};

/**
 * Starts the snapshot's child, stamped with the newest updated_at the catalog rows will have once
 * the delta commits: the rows it leaves, and the watermark it gives the new versions. Without a
 * sound live snapshot (the child checks its checksum) none is written; servers then read MySQL, as
 * they say in their log.
 */
async function startCatalogSnapshot(s: Required<Pick<State, "scan">> & State) {
  const live = s.liveManifest.files.catalog;
  const skip = (why: string) => void s.log(`catalog snapshot not written (servers will read MySQL): ${why}`);
  if (!live) return skip(`the live build ${s.liveManifest.buildId} has none`);
  const [[{ kept }]] = (await s.conn.query(
    `SELECT DATE_FORMAT(MAX(m.updated_at), '%Y-%m-%d %H:%i:%s.%f') AS kept FROM movies m
     WHERE m.origin = 'catalog' AND NOT EXISTS (SELECT 1 FROM ${DELTA_TABLES.gone} g WHERE g.id = m.id)
     AND NOT EXISTS (SELECT 1 FROM ${DELTA_TABLES.movies} d WHERE d.id = m.id)`,
  )) as unknown as [[{ kept: string | null }]];
  const stamps = [kept?.slice(0, 23), s.scan.upserts.length ? s.watermark : undefined].filter((x): x is string => !!x);
  if (!stamps.length) return skip("the catalog will hold no rows");
  const file = path.join(s.buildDir, CATALOG_SNAPSHOT_FILE);
  return patchSnapshotInChild({ liveDir: s.liveDir, live, file, buildId: s.buildId, stamp: stamps.sort().at(-1)! }, s.scan);
}

/** Waits for the snapshot; one that failed is removed (the build publishes without it) and the reason logged. */
async function finishCatalogSnapshot(s: State, snapshot: Awaited<ReturnType<typeof patchSnapshotInChild>>): Promise<StageTiming | undefined> {
  const reply = await snapshot.result.catch((err: Error) => ({ failed: err.message }));
  if ("failed" in reply) {
    await fs.promises.rm(path.join(s.buildDir, CATALOG_SNAPSHOT_FILE), { force: true });
    s.log(`catalog snapshot not written (servers will read MySQL): ${reply.failed}`);
    return undefined;
  }
  const { movies, bytes, ms, peakRssMb } = reply.done;
  s.log(`catalog snapshot: ${movies} movies, ${Math.round(bytes / 2 ** 20)} MB (${Math.round(ms)} ms, beside the index patch)`);
  return stageTiming(ms, movies, peakRssMb);
}

const loadDelta: Stage<Required<Pick<State, "scan">> & State> = {
  name: "load_mysql",
  async run(s) {
    await stageDelta(s.conn, s.scan.upserts, s.scan.removed, s.watermark);
    return s.scan.upserts.length + s.scan.removed.length;
  },
};

/** Seal, commit the catalog rows with the build's mark, switch the artifacts, mark published. */
const publish: Stage<Required<Pick<State, "scan">> & State> = {
  name: "publish",
  async run(s) {
    s.manifest = await writeManifest({
      artifactsDir: s.dir,
      buildDir: s.buildDir,
      buildId: s.buildId,
      recipe: s.model!.recipe,
      dim: s.model!.dim,
      count: s.index!.count,
      watermark: s.watermark,
      source: path.basename(s.input),
    });
    await sealBuild(s.buildDir, s.manifest);
    await pauseForTest("sealed");
    s.delta = await applyDelta(s.conn, s.url, s.buildId);
    s.progress.committed = true;
    await pauseForTest("committed");
    await switchCurrent(s.dir, s.buildDir);
    await setMark(s.conn, s.buildId, "published");
    await dropDelta(s.conn);
    return s.scan.upserts.length + s.scan.removed.length;
  },
};

/** Tries the incremental refresh; says why not when the live build or the file do not allow it. */
export async function runIncremental(input: IncrementalInput): Promise<IncrementalOutcome> {
  const s: State = { ...input };
  const first = await runStages([scan], s, { quiet: input.quiet });
  if (s.fallback) return { ok: false, reason: s.fallback, stages: first };
  const t = s as State & Required<Pick<State, "scan">>;
  // The MySQL side first: the snapshot's stamp reads what it stages.
  const rest = await runStages([loadDelta, indexPatch, publish], t, { quiet: input.quiet });
  const [[{ n }]] = (await s.conn.query("SELECT COUNT(*) AS n FROM movies WHERE origin = 'api'")) as unknown as [[{ n: number }]];
  const { digest: _d, upserts: _u, removed, fitRemoved: _r, fitAdded: _a, sample: _s, ...counts } = t.scan;
  return {
    ok: true,
    report: {
      scan: { ...counts, removed: removed.length },
      drift: s.drift!,
      index: s.index!,
      delta: s.delta!,
      manifest: s.manifest!,
      model: s.model!,
      apiRowsKept: Number(n),
      apiEditsOverCatalog: await apiEditsOverCatalog(s.conn, t.scan.digest),
      stages: { ...first, ...rest },
    },
  };
}

/** API rows with a TMDB id the new file keeps a movie for (kept in their API version). */
async function apiEditsOverCatalog(conn: mysql.Connection, digest: RowDigest): Promise<number> {
  const [rows] = await conn.query<mysql.RowDataPacket[]>("SELECT id FROM movies WHERE origin = 'api' AND id < ?", [API_ID_MIN]);
  const ids = new Set(rows.map((r) => Number(r.id)));
  if (!ids.size) return 0;
  let n = 0;
  for (let i = 0; i < digest.count; i++) if (digest.code[i] === WINNER && ids.has(digest.id[i])) n++;
  return n;
}
