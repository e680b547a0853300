import { Worker } from "node:worker_threads";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { CATALOG_SNAPSHOT_FILE } from "@/lib/catalog/snapshot";

/**
 * Published artifacts live in ARTIFACTS_DIR/builds/<buildId>/ and ARTIFACTS_DIR/current is a
 * symlink to the live build. A build is written completely (files fsynced, manifest last) before
 * the symlink is swapped with one rename, so readers see the old build or the new, never a mix.
 */
export const MODEL_FILE = "model.json";
export const INDEX_FILE = "index.hnsw";
const MANIFEST_FILE = "manifest.json";
/** The sparse vector store (vector-store.ts); builds published before it existed lack it. */
export const VECTORS_FILE = "vectors.bin";
/** Which movies each graph node stands for (ann-nodes.ts); builds published before it label nodes by movie id. */
export const NODES_FILE = "nodes.bin";

/** The graph's shard files: index.hnsw, then index.1.hnsw... (ann-nodes.ts). */
export function shardFile(shard: number): string {
  return shard === 0 ? INDEX_FILE : `index.${shard}.hnsw`;
}

const fileInfo = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().nonnegative() });

const manifestSchema = z.object({
  version: z.literal(1),
  buildId: z.string().min(1),
  recipe: z.string(),
  dim: z.number().int().positive(),
  count: z.number().int().nonnegative(),
  params: z.object({ M: z.number(), efConstruction: z.number(), efSearch: z.number() }),
  builtAt: z.string(),
  /** DB time the catalog snapshot was taken; rows updated after it are caught up at boot. */
  watermark: z.string(),
  source: z.string(),
  files: z.object({
    model: fileInfo,
    index: fileInfo,
    vectors: fileInfo.optional(),
    nodes: fileInfo.optional(),
    /** Shards 1.. of the graph (index.1.hnsw...), when the build used several processes. */
    shards: z.array(fileInfo).optional(),
    /**
     * The catalog snapshot (lib/catalog/snapshot.ts). Not part of the index: a bad one makes the
     * server read the catalog from MySQL, it never refuses the build (verifyFile, not verifyBuild).
     */
    catalog: fileInfo.optional(),
  }),
});
export type Manifest = z.infer<typeof manifestSchema>;

class ArtifactError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ArtifactError";
  }
}

function currentLink(dir: string): string {
  return path.join(dir, "current");
}

export function newBuildDir(dir: string, buildId: string): string {
  return path.join(dir, "builds", buildId);
}

export function makeBuildId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:.]/g, "").replace("T", "-").slice(0, 15)}-${process.pid}`;
}

// Hashing a 1-2 GB index takes seconds of CPU: do it on a worker thread so a booting server
// keeps loading its catalog on the main one meanwhile.
const HASH_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const hash = require("node:crypto").createHash("sha256");
const fd = fs.openSync(workerData, "r");
const buf = Buffer.allocUnsafe(8 << 20);
let n;
while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) hash.update(buf.subarray(0, n));
fs.closeSync(fd);
parentPort.postMessage(hash.digest("hex"));
`;

function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(HASH_WORKER, { eval: true, workerData: file });
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => code !== 0 && reject(new Error(`hashing ${file} failed (exit ${code})`)));
  });
}

async function fsyncPath(p: string): Promise<void> {
  const fh = await fs.promises.open(p, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export async function describeFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const [sha256, stat] = await Promise.all([sha256File(file), fs.promises.stat(file)]);
  return { sha256, bytes: stat.size };
}

/** Writes the manifest last, fsyncs the build, then atomically points `current` at it. */
export async function publishBuild(dir: string, buildDir: string, manifest: Manifest): Promise<void> {
  await sealBuild(buildDir, manifest);
  await switchCurrent(dir, buildDir);
}

/**
 * Makes a build complete on disk: its files fsynced, then the manifest written (last). A sealed
 * build is not live until switchCurrent; an incremental refresh commits MySQL in between.
 */
export async function sealBuild(buildDir: string, manifest: Manifest): Promise<void> {
  await fsyncPath(path.join(buildDir, MODEL_FILE));
  await fsyncPath(path.join(buildDir, INDEX_FILE));
  if (manifest.files.vectors) await fsyncPath(path.join(buildDir, VECTORS_FILE));
  if (manifest.files.nodes) await fsyncPath(path.join(buildDir, NODES_FILE));
  for (let s = 1; s <= (manifest.files.shards?.length ?? 0); s++) await fsyncPath(path.join(buildDir, shardFile(s)));
  if (manifest.files.catalog) await fsyncPath(path.join(buildDir, CATALOG_SNAPSHOT_FILE));
  const manifestTmp = path.join(buildDir, `${MANIFEST_FILE}.tmp`);
  await fs.promises.writeFile(manifestTmp, JSON.stringify(manifest, null, 2));
  await fsyncPath(manifestTmp);
  await fs.promises.rename(manifestTmp, path.join(buildDir, MANIFEST_FILE));
}

/** Points `current` at a sealed build with one rename (readers see the old build or the new), then prunes. */
export async function switchCurrent(dir: string, buildDir: string): Promise<void> {
  const linkTmp = path.join(dir, `current.tmp-${process.pid}`);
  await fs.promises.rm(linkTmp, { force: true });
  await fs.promises.symlink(path.relative(dir, buildDir), linkTmp);
  await fs.promises.rename(linkTmp, currentLink(dir));
  await fsyncPath(dir);
  await pruneBuilds(dir, path.basename(buildDir));
}

/** Keeps the live build and the one before it; removes older and abandoned ones. */
async function pruneBuilds(dir: string, liveId: string, keep = 2): Promise<void> {
  const buildsDir = path.join(dir, "builds");
  const entries = (await fs.promises.readdir(buildsDir)).sort().reverse();
  const published = entries.filter((e) => e === liveId || fs.existsSync(path.join(buildsDir, e, MANIFEST_FILE)));
  const retained = new Set([liveId, ...published.slice(0, keep)]);
  for (const e of entries) {
    if (retained.has(e)) continue;
    // Leave builds of a concurrently running ETL alone: only remove finished or stale ones.
    const age = Date.now() - (await fs.promises.stat(path.join(buildsDir, e))).mtimeMs;
    if (published.includes(e) || age > 24 * 3600_000) await fs.promises.rm(path.join(buildsDir, e), { recursive: true, force: true });
  }
}

/**
 * Removes builds that never got a manifest (left by a killed ETL). Call it only while holding the
 * ETL lock, so no other refresh can be writing one of them.
 */
export async function removeAbandonedBuilds(dir: string, keepId: string): Promise<string[]> {
  const buildsDir = path.join(dir, "builds");
  const entries = await fs.promises.readdir(buildsDir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const e of entries) {
    if (e === keepId || fs.existsSync(path.join(buildsDir, e, MANIFEST_FILE))) continue;
    await fs.promises.rm(path.join(buildsDir, e), { recursive: true, force: true });
    removed.push(e);
  }
  return removed;
}

/** The live build's folder and manifest, or undefined when nothing was published yet. */
export async function readCurrentManifest(dir: string): Promise<{ buildDir: string; manifest: Manifest } | undefined> {
  let buildDir: string;
  try {
    buildDir = path.resolve(dir, await fs.promises.readlink(currentLink(dir)));
  } catch {
    return undefined;
  }
  let raw: string;
  try {
    raw = await fs.promises.readFile(path.join(buildDir, MANIFEST_FILE), "utf8");
  } catch {
    throw new ArtifactError(`manifest missing in ${buildDir}`);
  }
  const parsed = manifestSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new ArtifactError(`manifest in ${buildDir} is invalid: ${parsed.error.message}`);
  return { buildDir, manifest: parsed.data };
}

/** Every file the manifest lists, with what it promises (absent: a build from before that file). */
function buildFiles(manifest: Manifest): [string, { sha256: string; bytes: number } | undefined][] {
  const { model, index, vectors, nodes, shards = [] } = manifest.files;
  return [
    [MODEL_FILE, model],
    [INDEX_FILE, index],
    [VECTORS_FILE, vectors],
    [NODES_FILE, nodes],
    ...shards.map((info, i) => [shardFile(i + 1), info] as [string, typeof info]),
  ];
}

/** Refuses missing or truncated files (a stat each): run before anything parses them. */
export async function checkBuildSizes(buildDir: string, manifest: Manifest): Promise<void> {
  for (const [file, expected] of buildFiles(manifest)) {
    if (!expected) continue;
    const stat = await fs.promises.stat(path.join(buildDir, file)).catch(() => undefined);
    if (!stat) throw new ArtifactError(`${file} missing in ${buildDir}`);
    if (stat.size !== expected.bytes) throw new ArtifactError(`${file} in ${buildDir} does not match its manifest size (truncated or modified)`);
  }
}

/** Refuses a missing, truncated or modified file of a build: its checksum, on a hashing thread. */
export async function verifyFile(buildDir: string, file: string, expected: { sha256: string; bytes: number }): Promise<void> {
  const actual = await describeFile(path.join(buildDir, file)).catch(() => undefined);
  if (!actual) throw new ArtifactError(`${file} missing in ${buildDir}`);
  if (actual.bytes !== expected.bytes || actual.sha256 !== expected.sha256)
    throw new ArtifactError(`${file} in ${buildDir} does not match its manifest checksum (truncated or modified)`);
}

/**
 * Refuses tampered or corrupted files: every checksum, one hashing thread per file. A loader may
 * parse the files meanwhile (after checkBuildSizes) as long as it uses nothing before this resolves.
 */
export async function verifyChecksums(buildDir: string, manifest: Manifest): Promise<void> {
  const checks = buildFiles(manifest).map(async ([file, expected]) => {
    if (expected) await verifyFile(buildDir, file, expected);
  });
  // Report the first failing file in manifest order, after every check has settled.
  const results = await Promise.allSettled(checks);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}

/** Refuses a build whose files are missing, truncated or modified: sizes, then checksums. */
export async function verifyBuild(buildDir: string, manifest: Manifest): Promise<void> {
  await checkBuildSizes(buildDir, manifest);
  await verifyChecksums(buildDir, manifest);
}
