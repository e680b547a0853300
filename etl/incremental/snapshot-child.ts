import fs from "node:fs";
import path from "node:path";
import { CATALOG_SNAPSHOT_FILE, patchCatalogSnapshot } from "@/lib/catalog/snapshot";
import { verifyFile } from "@/lib/reco/artifacts";
import type { Movie } from "@/lib/movies/types";
import { type ChildReply, serveChildJob, startChildJob } from "../child-job";

/**
 * An incremental refresh's catalog snapshot, made in a child process while this one patches the
 * index (seconds each at 1M, one core each): the child reads the live build's snapshot while its
 * checksum is checked, applies the changes (handed over in a file beside the output) and writes the
 * new one (lib/catalog/snapshot.ts). A live snapshot that fails its check is a failed job.
 */
const CHANGES_FILE = "catalog-changes.json";

interface SnapshotJob {
  liveDir: string;
  /** The live build's manifest entry for its snapshot. */
  live: { sha256: string; bytes: number };
  file: string;
  changesFile: string;
  buildId: string;
  stamp: string;
}

type Written = { movies: number; bytes: number; ms: number; peakRssMb: number };

export async function patchSnapshotInChild(
  job: Omit<SnapshotJob, "changesFile">,
  changes: { upserts: readonly Movie[]; removed: readonly number[] },
): Promise<{ result: Promise<ChildReply<Written>>; kill: () => void }> {
  const changesFile = path.join(path.dirname(job.file), CHANGES_FILE);
  await fs.promises.writeFile(changesFile, JSON.stringify({ upserts: changes.upserts, removed: changes.removed }));
  const child = startChildJob<SnapshotJob, Written>(import.meta.url, { ...job, changesFile }, "catalog snapshot");
  return { result: child.result.finally(() => fs.promises.rm(changesFile, { force: true })), kill: child.kill };
}

async function runChild(job: SnapshotJob): Promise<ChildReply<Written>> {
  const started = performance.now();
  const changes = JSON.parse(await fs.promises.readFile(job.changesFile, "utf8")) as { upserts: Movie[]; removed: number[] };
  const [check, patched] = await Promise.allSettled([
    verifyFile(job.liveDir, CATALOG_SNAPSHOT_FILE, job.live),
    patchCatalogSnapshot(path.join(job.liveDir, CATALOG_SNAPSHOT_FILE), job.file, changes, { buildId: job.buildId, stamp: job.stamp }),
  ]);
  // The checksum's verdict first: a damaged file may also fail to decode.
  if (check.status === "rejected") return { failed: (check.reason as Error).message };
  if (patched.status === "rejected") throw patched.reason;
  return { done: { ...patched.value, ms: performance.now() - started, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) } };
}

serveChildJob(runChild);
