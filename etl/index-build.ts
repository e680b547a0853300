import { fork } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { indexPoint } from "@/lib/reco/ann";
import { AnnNodesWriter, NODE_BASE } from "@/lib/reco/ann-nodes";
import { NODES_FILE, shardFile, VECTORS_FILE } from "@/lib/reco/artifacts";
import { VectorStoreWriter } from "@/lib/reco/vector-store";
import { FeatureModel } from "@/lib/reco/features";
import type { Movie } from "@/lib/movies/types";
import { type BuilderInfo, createIndexBuilder } from "./ann-builder";
import { readCleanFile } from "./pipeline";

export interface IndexBuildResult {
  /** Movies vectorised. */
  count: number;
  /** Graph nodes: distinct vectors (exact duplicates share one), all shards together. */
  nodes: number;
  /** Threads that inserted into the graph(s), all shards together. */
  cores: number;
  /** How the graph was built (the parallel addon or hnswlib-node on one thread), and why. */
  builder: BuilderInfo;
  ms: number;
  peakRssMb: number;
}

/** Which of the graph's shards a build process inserts: node g goes to shard g % of. */
interface ShardJob {
  shard: number;
  of: number;
}

/**
 * Shards the ETL builds side by side, one process each. Two shards halved the one-thread build
 * (ETL 318 s instead of ~430 s at 1.29M) but every search then asks both, doubling the query cost
 * (p50 0.35 -> 0.72 ms at ef 96; docs/BENCHMARKS.md): one graph it is, built by every core
 * (etl/ann-builder.ts). With shards, each process gets its share of the cores.
 */
const ETL_SHARDS = 1;

/**
 * Vectorises every movie with the fitted model and writes an HNSW index into `buildDir`, with
 * one node per distinct vector (ann-nodes.ts), the node -> movies lists beside it, and every
 * movie's point as the sparse vector store (exact scores for selective filters). With shards,
 * each process vectorises every movie (node numbers must agree) but inserts only its own
 * nodes; shard 0 writes the nodes and vectors files.
 */
export async function buildIndexFile(
  movies: AsyncIterable<Movie>,
  model: FeatureModel,
  capacity: number,
  buildDir: string,
  opts: { onProgress?: (done: number) => void; onBuilder?: (builder: BuilderInfo) => void; job?: ShardJob } = {},
): Promise<IndexBuildResult> {
  const { onProgress, job = { shard: 0, of: 1 } } = opts;
  const started = performance.now();
  const index = createIndexBuilder(model.dim, Math.ceil(capacity / job.of), { threads: Math.max(1, Math.floor(os.availableParallelism() / job.of)) });
  opts.onBuilder?.(index.info);
  const vectors = new VectorStoreWriter(model.dim);
  const nodes = new AnnNodesWriter();
  /** Vector hash -> its node's first row (a hash collision just makes a second node). */
  const nodeByHash = new Map<number, { node: number; row: number }>();
  let count = 0;
  let peakRss = process.memoryUsage.rss();
  for await (const movie of movies) {
    const point = indexPoint(model.vectorize(movie));
    const row = vectors.add(movie.id, point);
    const hash = vectors.hashRow(row);
    const same = nodeByHash.get(hash);
    if (same && vectors.sameRows(same.row, row)) nodes.add(movie.id, same.node);
    else {
      const node = nodes.nodes;
      if (node % job.of === job.shard) await index.add(NODE_BASE + node, point);
      nodes.add(movie.id, node);
      if (!same) nodeByHash.set(hash, { node, row });
    }
    if (++count % 10_000 === 0) {
      onProgress?.(count);
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }
  }
  await index.write(path.join(buildDir, shardFile(job.shard)));
  if (job.shard === 0) {
    await vectors.write(path.join(buildDir, VECTORS_FILE));
    await nodes.write(path.join(buildDir, NODES_FILE));
  }
  return { count, nodes: nodes.nodes, cores: index.info.threads, builder: index.info, ms: performance.now() - started, peakRssMb: Math.round(Math.max(peakRss, process.memoryUsage.rss()) / 2 ** 20) };
}

interface ChildJob {
  cleanFile: string;
  losersFile: string;
  modelFile: string;
  buildDir: string;
  capacity: number;
}

type ChildMessage = { progress: number } | { builder: BuilderInfo } | { result: IndexBuildResult } | { error: string };

interface ChildCallbacks {
  onProgress?: (done: number) => void;
  /** Shard 0's builder, as soon as it is chosen (the ETL logs it). */
  onBuilder?: (builder: BuilderInfo) => void;
}

/**
 * Builds the index's shards in child processes, side by side with this one loading MySQL. Each
 * child reads the cleaned NDJSON itself; nothing large crosses the process boundary.
 */
export async function buildIndexInChildren(job: ChildJob, shards = ETL_SHARDS, callbacks: ChildCallbacks = {}): Promise<IndexBuildResult> {
  const results = await Promise.all(Array.from({ length: shards }, (_, shard) => buildShardInChild(job, { shard, of: shards }, shard === 0 ? callbacks : {})));
  return {
    count: results[0].count,
    nodes: results[0].nodes,
    cores: results.reduce((sum, r) => sum + r.cores, 0),
    builder: results[0].builder,
    ms: Math.max(...results.map((r) => r.ms)),
    peakRssMb: results.reduce((sum, r) => sum + r.peakRssMb, 0),
  };
}

function buildShardInChild(job: ChildJob, shard: ShardJob, { onProgress, onBuilder }: ChildCallbacks): Promise<IndexBuildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ["--child", JSON.stringify({ ...job, ...shard })], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let settled = false;
    child.on("message", (msg: ChildMessage) => {
      if ("progress" in msg) onProgress?.(msg.progress);
      else if ("builder" in msg) onBuilder?.(msg.builder);
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

async function runChild(job: ChildJob & ShardJob): Promise<void> {
  const model = FeatureModel.fromJSON(JSON.parse(await fs.promises.readFile(job.modelFile, "utf8")));
  const losers = new Set<number>(JSON.parse(await fs.promises.readFile(job.losersFile, "utf8")));
  const result = await buildIndexFile(readCleanFile(job.cleanFile, losers), model, job.capacity, job.buildDir, {
    onProgress: (progress) => process.send!({ progress }),
    onBuilder: (builder) => process.send!({ builder }),
    job,
  });
  process.send!({ result }, () => process.exit(0));
}

if (process.argv[2] === "--child" && process.send) {
  // Exit if the parent goes away (kill -9 of the ETL must not leave a builder running).
  process.on("disconnect", () => process.exit(1));
  runChild(JSON.parse(process.argv[3]) as ChildJob & ShardJob).catch((err: Error) => {
    process.send!({ error: err.message }, () => process.exit(1));
  });
}
