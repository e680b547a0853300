import { createRequire } from "node:module";
import type { HierarchicalNSW as Hnsw } from "hnswlib-node";

// hnswlib-node is a native CommonJS addon: load it with require so bundlers leave it alone.
const require = createRequire(import.meta.url);
const { HierarchicalNSW } = require("hnswlib-node") as typeof import("hnswlib-node");

export type AnnIndex = Hnsw;

export interface AnnParams {
  M: number;
  efConstruction: number;
  efSearch: number;
}

/** HNSW parameters, chosen by measurement (docs/BENCHMARKS.md). */
export const ANN_PARAMS: Readonly<AnnParams> = { M: 16, efConstruction: 100, efSearch: 96 };

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

export function removePoint(index: AnnIndex, label: number): void {
  try {
    index.markDelete(label);
  } catch {
    // Not in the index (never vectorised or already deleted): nothing to remove.
  }
}
