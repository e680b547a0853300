import { fork } from "node:child_process";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { createAnnIndex, indexPoint, upsertPoint } from "@/lib/reco/ann";
import { VECTORS_FILE } from "@/lib/reco/artifacts";
import { VectorStoreWriter } from "@/lib/reco/vector-store";
import { FeatureModel } from "@/lib/reco/features";
import type { Movie } from "@/lib/movies/types";
import { readCleanFile } from "./pipeline";

export interface IndexBuildResult {
  count: number;
  ms: number;
  peakRssMb: number;
}

/**
 * Vectorises every movie with the fitted model and writes an HNSW index to `outFile`, and the
 * same points as the sparse vector store beside it (exact scores for selective filters).
 */
export async function buildIndexFile(
  movies: AsyncIterable<Movie>,
  model: FeatureModel,
  capacity: number,
  outFile: string,
  onProgress?: (done: number) => void,
): Promise<IndexBuildResult> {
  const started = performance.now();
  const index = createAnnIndex(model.dim, capacity);
  const vectors = new VectorStoreWriter(model.dim);
  let count = 0;
  let peakRss = process.memoryUsage.rss();
  for await (const movie of movies) {
    const point = indexPoint(model.vectorize(movie));
    upsertPoint(index, movie.id, point);
    vectors.add(movie.id, point);
    if (++count % 10_000 === 0) {
      onProgress?.(count);
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }
  }
  await index.writeIndex(outFile);
  await vectors.write(path.join(path.dirname(outFile), VECTORS_FILE));
  return { count, ms: performance.now() - started, peakRssMb: Math.round(Math.max(peakRss, process.memoryUsage.rss()) / 2 ** 20) };
}

interface ChildJob {
  cleanFile: string;
  losersFile: string;
  modelFile: string;
  outFile: string;
  capacity: number;
}

type ChildMessage = { progress: number } | { result: IndexBuildResult } | { error: string };

/**
 * Builds the index in a child process so it runs on the second core while this one loads MySQL.
 * The child reads the cleaned NDJSON itself; nothing large crosses the process boundary.
 */
export function buildIndexInChild(job: ChildJob, onProgress?: (done: number) => void): Promise<IndexBuildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ["--child", JSON.stringify(job)], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let settled = false;
    child.on("message", (msg: ChildMessage) => {
      if ("progress" in msg) onProgress?.(msg.progress);
      else if ("result" in msg) {
        settled = true;
        resolve(msg.result);
      } else if ("error" in msg) {
        settled = true;
        reject(new Error(`index build failed: ${msg.error}`));
      }
    });
    child.on("exit", (code, signal) => {
      if (!settled) reject(new Error(`index build process exited (${signal ?? code}) before finishing`));
    });
    // A dying parent takes the build with it rather than leaving an orphan writing files.
    const killChild = () => child.kill("SIGKILL");
    process.once("exit", killChild);
    child.on("exit", () => process.removeListener("exit", killChild));
  });
}

async function runChild(job: ChildJob): Promise<void> {
  const model = FeatureModel.fromJSON(JSON.parse(await fs.promises.readFile(job.modelFile, "utf8")));
  const losers = new Set<number>(JSON.parse(await fs.promises.readFile(job.losersFile, "utf8")));
  const result = await buildIndexFile(readCleanFile(job.cleanFile, losers), model, job.capacity, job.outFile, (progress) =>
    process.send!({ progress }),
  );
  process.send!({ result }, () => process.exit(0));
}

if (process.argv[2] === "--child" && process.send) {
  // Exit if the parent goes away (kill -9 of the ETL must not leave a builder running).
  process.on("disconnect", () => process.exit(1));
  runChild(JSON.parse(process.argv[3]) as ChildJob).catch((err: Error) => {
    process.send!({ error: err.message }, () => process.exit(1));
  });
}
