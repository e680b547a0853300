import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ANN_PARAMS, type AnnIndex, type AnnParams, createAnnIndex, upsertPoint } from "@/lib/reco/ann";

/**
 * Who inserts the ETL's points into the HNSW graph. hnswlib-node's addPoint inserts on the calling
 * thread only; the project's addon (native/hnsw-build, compiled at install by
 * scripts/build-hnsw-builder.mjs against hnswlib-node's hnswlib headers) inserts batches into one
 * graph with every core, off the JS thread. Both write the file hnswlib-node's readIndex loads
 * (space "cosine", same seed and labels); without the addon the ETL builds as before, on one thread.
 */

/** The addon's surface (native/hnsw-build/hnsw_build.cc). */
interface NativeBuilder {
  /** Copies the batch, normalises it and inserts it with `threads` threads; one call at a time. */
  addBatch(points: Float32Array, labels: Uint32Array, threads: number): Promise<void>;
  writeIndex(file: string): Promise<void>;
}
interface NativeAddon {
  Builder: new (dim: number, maxElements: number, M: number, efConstruction: number, randomSeed: number) => NativeBuilder;
}

const ADDON_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "native", "hnsw-build", "build", "Release");
const ADDON = "hnsw_build.node";
const RECORD = "hnsw-build.json";
/** Points per batch: ~0.2-1 s of inserting on two cores, while this thread vectorises the next. */
const BATCH = 2048;
/** hnswlib-node's seed for the ETL's graphs (lib/reco/ann.ts createAnnIndex). */
const SEED = 42;

export interface BuilderInfo {
  path: "parallel" | "single";
  /** Threads inserting into the graph. */
  threads: number;
  /** One line for logs, e.g. "parallel: 2 threads into one graph (native/hnsw-build, -O3 -march=native)". */
  summary: string;
}

interface IndexBuilder {
  info: BuilderInfo;
  /** Adds a point (waits only when the previous batch is still being inserted). Labels must be distinct. */
  add(label: number, point: ArrayLike<number>): Promise<void>;
  /** Resolves once every point added so far is in the graph. */
  flush(): Promise<void>;
  /** Inserts what is left and writes the index file. */
  write(file: string): Promise<void>;
}

type Loaded = { addon: NativeAddon; flags: string } | { reason: string };
const loaded = new Map<string, Loaded>();

function loadAddon(dir: string): Loaded {
  const cached = loaded.get(dir);
  if (cached) return cached;
  let record: { build?: string; flags?: string; reason?: string } = {};
  try {
    record = JSON.parse(fs.readFileSync(path.join(dir, RECORD), "utf8"));
  } catch {
    // no record: the install step did not run here (npm ci --ignore-scripts)
  }
  let result: Loaded;
  if (!fs.existsSync(path.join(dir, ADDON)))
    result = { reason: record.build === "none" && record.reason ? record.reason : `${ADDON} not built (run node scripts/build-hnsw-builder.mjs)` };
  else {
    try {
      result = { addon: createRequire(import.meta.url)(path.join(dir, ADDON)) as NativeAddon, flags: record.flags ?? "flags unknown" };
    } catch (err) {
      result = { reason: `${ADDON} does not load: ${(err as Error).message.split("\n")[0]}` };
    }
  }
  loaded.set(dir, result);
  return result;
}

/** INDEX_BUILDER: "parallel" (the default: the addon when it loads) or "single" (hnswlib-node on one thread). */
function requestedPath(): "parallel" | "single" {
  const v = process.env.INDEX_BUILDER?.trim() || "parallel";
  if (v !== "parallel" && v !== "single") throw new Error(`INDEX_BUILDER must be "parallel" or "single", not "${v}"`);
  return v;
}

class ParallelBuilder implements IndexBuilder {
  private readonly native: NativeBuilder;
  private readonly points: Float32Array;
  private readonly labels = new Uint32Array(BATCH);
  private n = 0;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    addon: NativeAddon,
    private readonly dim: number,
    capacity: number,
    params: AnnParams,
    readonly info: BuilderInfo,
  ) {
    this.native = new addon.Builder(dim, Math.max(16, capacity), params.M, params.efConstruction, SEED);
    this.points = new Float32Array(BATCH * dim);
  }

  async add(label: number, point: ArrayLike<number>): Promise<void> {
    this.points.set(point, this.n * this.dim);
    this.labels[this.n++] = label;
    if (this.n === BATCH) await this.submit();
  }

  async flush(): Promise<void> {
    if (this.n) await this.submit();
    await this.inFlight;
  }

  async write(file: string): Promise<void> {
    await this.flush();
    await this.native.writeIndex(file);
  }

  /** Hands the filled batch over (the addon copies it) once the previous one is in. */
  private async submit(): Promise<void> {
    await this.inFlight;
    const n = this.n;
    this.n = 0;
    this.inFlight = this.native.addBatch(this.points.subarray(0, n * this.dim), this.labels.subarray(0, n), this.info.threads);
    // Seen at the next submit or write; until then a failure must not count as unhandled.
    this.inFlight.catch(() => {});
  }
}

class SingleBuilder implements IndexBuilder {
  private readonly index: AnnIndex;

  constructor(
    dim: number,
    capacity: number,
    params: AnnParams,
    readonly info: BuilderInfo,
  ) {
    this.index = createAnnIndex(dim, capacity, params);
  }

  async add(label: number, point: ArrayLike<number>): Promise<void> {
    upsertPoint(this.index, label, Array.isArray(point) ? point : Array.from(point));
  }

  async flush(): Promise<void> {}

  async write(file: string): Promise<void> {
    await this.index.writeIndex(file);
  }
}

/**
 * The builder for a graph of up to `capacity` points (grown if more come): the parallel addon with
 * `threads` threads (default: every core), else hnswlib-node on this thread, saying why.
 */
export function createIndexBuilder(dim: number, capacity: number, opts: { threads?: number; params?: AnnParams; addonDir?: string } = {}): IndexBuilder {
  const params = opts.params ?? ANN_PARAMS;
  const single = (reason: string) => new SingleBuilder(dim, capacity, params, { path: "single", threads: 1, summary: `single: one thread (hnswlib-node); ${reason}` });
  if (requestedPath() === "single") return single("INDEX_BUILDER=single");
  const got = loadAddon(opts.addonDir ?? ADDON_DIR);
  if ("reason" in got) return single(`parallel builder unavailable: ${got.reason}`);
  const threads = Math.max(1, Math.floor(opts.threads ?? os.availableParallelism()));
  const summary = `parallel: ${threads} thread${threads > 1 ? "s" : ""} into one graph (native/hnsw-build, ${got.flags})`;
  return new ParallelBuilder(got.addon, dim, capacity, params, { path: "parallel", threads, summary });
}
