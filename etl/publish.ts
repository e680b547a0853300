import fs from "node:fs";
import path from "node:path";
import type mysql from "mysql2/promise";
import { CATALOG_SNAPSHOT_FILE } from "@/lib/catalog/snapshot";
import { ANN_PARAMS } from "@/lib/reco/ann";
import {
  describeFile,
  INDEX_FILE,
  MODEL_FILE,
  NODES_FILE,
  publishBuild,
  shardFile,
  VECTORS_FILE,
  type Manifest,
} from "@/lib/reco/artifacts";
import { publishStaging } from "./swap";

interface PublishInput {
  artifactsDir: string;
  buildDir: string;
  buildId: string;
  recipe: string;
  dim: number;
  count: number;
  watermark: string;
  source: string;
}

/** The graph's shard files beyond index.hnsw that the build wrote. */
function extraShards(buildDir: string): string[] {
  const files: string[] = [];
  for (let s = 1; fs.existsSync(path.join(buildDir, shardFile(s))); s++) files.push(shardFile(s));
  return files;
}

export async function writeManifest(input: PublishInput): Promise<Manifest> {
  return {
    version: 1,
    buildId: input.buildId,
    recipe: input.recipe,
    dim: input.dim,
    count: input.count,
    params: { ...ANN_PARAMS },
    builtAt: new Date().toISOString(),
    watermark: input.watermark,
    source: input.source,
    files: {
      model: await describeFile(path.join(input.buildDir, MODEL_FILE)),
      index: await describeFile(path.join(input.buildDir, INDEX_FILE)),
      vectors: await describeFile(path.join(input.buildDir, VECTORS_FILE)),
      nodes: await describeFile(path.join(input.buildDir, NODES_FILE)),
      shards: await Promise.all(extraShards(input.buildDir).map((file) => describeFile(path.join(input.buildDir, file)))),
      catalog: fs.existsSync(path.join(input.buildDir, CATALOG_SNAPSHOT_FILE))
        ? await describeFile(path.join(input.buildDir, CATALOG_SNAPSHOT_FILE))
        : undefined,
    },
  };
}

/**
 * The last step of a refresh: the catalog tables swap in one RENAME, then the artifacts' `current`
 * link swaps. Running servers notice the new manifest and switch to it.
 */
export async function publishRefresh(db: { conn: mysql.Connection; url: string }, input: PublishInput) {
  const manifest = await writeManifest(input);
  const swap = await publishStaging(db.conn, db.url);
  await publishBuild(input.artifactsDir, input.buildDir, manifest);
  return { manifest, ...swap };
}

/** Writes `data` to `file` via a temporary file and rename, so readers never see half of it. */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  await fs.promises.writeFile(tmp, data);
  await fs.promises.rename(tmp, file);
}
