import fs from "node:fs";
import path from "node:path";
import { patchCatalogSnapshot } from "@/lib/catalog/snapshot";
import type { Movie } from "@/lib/movies/types";
import { type ChildReply, serveChildJob, startChildJob } from "../child-job";

/**
 * An incremental refresh's catalog snapshot, made in a child process while this one patches the
 * index (seconds each at 1M, one core each): the child reads the live build's snapshot, applies the
 * changes (handed over in a file beside the output) and writes the new one (lib/catalog/snapshot.ts).
 */
const CHANGES_FILE = "catalog-changes.json";

interface SnapshotJob {
  liveFile: string;
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
  const written = await patchCatalogSnapshot(job.liveFile, job.file, changes, { buildId: job.buildId, stamp: job.stamp });
  return { done: { ...written, ms: performance.now() - started, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) } };
}

serveChildJob(runChild);
