import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { HierarchicalNSW as Hnsw } from "hnswlib-node";

// hnswlib-node is a native CommonJS addon: load it with require so bundlers leave it alone.
const require = createRequire(import.meta.url);
const { HierarchicalNSW } = require("hnswlib-node") as typeof import("hnswlib-node");

export type AnnIndex = Hnsw;

/** Which compiled hnswlib-node addon is loaded: the install step's -march=native one or the portable one. */
export interface AnnAddonBuild {
  build: "native" | "portable" | "unknown";
  /** hnswlib's distance kernels: avx512, avx, sse or scalar. */
  kernels?: string;
  /** Instruction sets the compiler targeted, e.g. avx2, fma. */
  features: string[];
  /** Why the portable build is active, or why the build is unknown. */
  reason?: string;
  /** One line for logs and benchmarks, e.g. "native (sse4.2, avx, avx2, fma; avx kernels)". */
  summary: string;
}

interface AddonRecord {
  build?: string;
  kernels?: string;
  features?: string[];
  reason?: string;
  sha256?: string;
}

function unknownBuild(reason: string): AnnAddonBuild {
  return { build: "unknown", features: [], reason, summary: `unknown (${reason})` };
}

let addonBuild: AnnAddonBuild | undefined;

/** Reads the record scripts/build-native-ann.mjs leaves next to the addon at install time. */
export function annAddonBuild(): AnnAddonBuild {
  if (addonBuild) return addonBuild;
  // Inside Next's server bundle require.resolve is the bundler's and answers a module id, not a
  // path: the package is then looked up from the working directory (where `next start` runs).
  const resolved: unknown = require.resolve("hnswlib-node");
  const pkg = typeof resolved === "string" ? path.join(path.dirname(resolved), "..") : path.join(process.cwd(), "node_modules", "hnswlib-node");
  const release = path.join(pkg, "build", "Release");
  const read = (file: string) => {
    try {
      return fs.readFileSync(path.join(release, file));
    } catch {
      return undefined;
    }
  };
  const addon = read("addon.node");
  const recordText = read("simd-build.json");
  let record: AddonRecord | undefined;
  try {
    record = recordText && JSON.parse(recordText.toString("utf8"));
  } catch {
    return (addonBuild = unknownBuild("simd-build.json is not JSON"));
  }
  if (!addon) addonBuild = unknownBuild("addon.node not in build/Release");
  // No record: hnswlib-node's own default build; the install step never ran.
  else if (!record) addonBuild = { build: "portable", features: [], reason: "install step not run", summary: "portable (install step not run)" };
  else if (record.sha256 !== crypto.createHash("sha256").update(addon).digest("hex")) addonBuild = unknownBuild("addon.node changed after the install step");
  else if (record.build !== "native" && record.build !== "portable") addonBuild = unknownBuild(`unexpected build "${record.build}"`);
  else {
    const features = record.features ?? [];
    const detail = [features.join(", "), `${record.kernels} kernels`, record.reason].filter(Boolean).join("; ");
    addonBuild = { build: record.build, kernels: record.kernels, features, reason: record.reason, summary: `${record.build} (${detail})` };
  }
  return addonBuild;
}

export interface AnnParams {
  M: number;
  efConstruction: number;
  efSearch: number;
}

/**
 * HNSW parameters, chosen by measurement (docs/BENCHMARKS.md, issue 11): at 1.29M rows, one graph
 * with exact duplicates collapsed, efConstruction 100 stopped at recall@10 0.94; 200 reached 0.98
 * at ef 320 but made the ETL 321 s; 160 keeps the ETL under 300 s, and ef 384 buys back the
 * recall. M 32 answers alike for 124 MB more of links at 1M.
 */
export const ANN_PARAMS: Readonly<AnnParams> = { M: 16, efConstruction: 160, efSearch: 384 };

export function createAnnIndex(dim: number, capacity: number, params: AnnParams = ANN_PARAMS): AnnIndex {
  const index = new HierarchicalNSW("cosine", dim);
  index.initIndex({ maxElements: Math.max(16, capacity), m: params.M, efConstruction: params.efConstruction, randomSeed: 42 });
  index.setEf(params.efSearch);
  return index;
}

export async function readAnnIndex(file: string, dim: number, efSearch: number = ANN_PARAMS.efSearch): Promise<AnnIndex> {
  const index = new HierarchicalNSW("cosine", dim);
  await index.readIndex(file);
  index.setEf(efSearch);
  return index;
}

/**
 * The point the index stores for a feature vector. A movie with no usable features has a zero
 * vector, for which cosine is NaN: it gets a uniform direction instead (equally unlike
 * everything) so the graph stays sound.
 */
export function indexPoint(vector: Float32Array): number[] {
  const point: number[] = Array.from(vector);
  if (!point.some((x) => x !== 0)) point.fill(1 / Math.sqrt(point.length));
  return point;
}

/** Inserts or replaces `label`'s point, growing the index when full (live writes). */
export function upsertPoint(index: AnnIndex, label: number, point: number[]): void {
  const ids = index.getCurrentCount();
  if (ids >= index.getMaxElements()) index.resizeIndex(Math.ceil(index.getMaxElements() * 1.25) + 16);
  // addPoint on an existing label updates it in place and clears a delete mark.
  index.addPoint(point, label);
}

/** Marks `label` deleted; false when it is not in the index or already deleted. */
export function removePoint(index: AnnIndex, label: number): boolean {
  try {
    index.markDelete(label);
    return true;
  } catch {
    return false;
  }
}
