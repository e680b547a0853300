import path from "node:path";
import { indexPoint, readAnnIndex, removePoint } from "@/lib/reco/ann";
import { NODE_BASE, readNodesTable, writeNodesTable } from "@/lib/reco/ann-nodes";
import { INDEX_FILE, NODES_FILE, VECTORS_FILE } from "@/lib/reco/artifacts";
import type { FeatureModel } from "@/lib/reco/features";
import { VectorStore, VectorStoreWriter } from "@/lib/reco/vector-store";
import type { Movie } from "@/lib/movies/types";

/**
 * The live build's graph, nodes and vectors, patched for the changed rows only and written into
 * a new build folder (the live files are read, never written). Movies with exactly the same
 * vector share a node (lib/reco/ann-nodes.ts): a movie whose vector changed leaves its node,
 * which is marked deleted in the graph when its last member leaves; a new vector joins the node
 * of an equal one, or gets a node of its own, appended to the graph. Deleted nodes keep their
 * place (labels do not move): their share is reported, and a full rebuild compacts them away.
 */

export interface IndexPatch {
  /** Movies in the new build. */
  count: number;
  /** Graph nodes, deleted ones included, and how many are deleted. */
  nodes: number;
  deletedNodes: number;
  /** Nodes appended for new vectors, and movies whose vector changed (or is new). */
  newNodes: number;
  revectorised: number;
  ms: number;
  peakRssMb: number;
}

export async function patchIndex(
  liveDir: string,
  buildDir: string,
  model: FeatureModel,
  upserts: readonly Movie[],
  removed: readonly number[],
  onProgress?: (done: number, total: number) => void,
): Promise<IndexPatch> {
  const started = performance.now();
  let peak = process.memoryUsage.rss();
  const [table, store, index] = await Promise.all([
    readNodesTable(path.join(liveDir, NODES_FILE)),
    VectorStore.read(path.join(liveDir, VECTORS_FILE), model.dim),
    readAnnIndex(path.join(liveDir, INDEX_FILE), model.dim),
  ]);
  const { offsets, sortedIds, nodeOfSorted } = table;
  const fileNodes = offsets.length - 1;
  const nodeOf = (id: number): number => {
    let lo = 0;
    let hi = sortedIds.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (sortedIds[mid] === id) return nodeOfSorted[mid];
      if (sortedIds[mid] < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };
  const members: number[] = Array.from({ length: fileNodes }, (_, g) => offsets[g + 1] - offsets[g]);
  const emptied = new Set<number>();
  const leave = (g: number) => {
    if (--members[g] === 0) emptied.add(g);
  };
  const gone = new Set<number>(removed);
  for (const id of removed) {
    const g = nodeOf(id);
    if (g >= 0) leave(g);
  }

  // Vectorise the new versions; a changed movie whose vector is the same stays where it is.
  const fresh = new VectorStoreWriter(model.dim);
  const pending: { id: number; row: number; hash: number; point: Float32Array }[] = [];
  for (const movie of upserts) {
    const point = Float32Array.from(indexPoint(model.vectorize(movie)));
    const g = nodeOf(movie.id);
    if (g >= 0) {
      if (sameVector(store.get(movie.id), point)) continue;
      leave(g);
      gone.add(movie.id);
    }
    const row = fresh.add(movie.id, point);
    pending.push({ id: movie.id, row, hash: fresh.hashRow(row), point });
  }

  // Nodes holding a vector equal to a new one: found by hash over the published vectors.
  const wanted = new Set(pending.map((p) => p.hash));
  const candidates = new Map<number, number[]>();
  for (let r = 0; r < store.rows; r++) {
    const h = store.hashRow(r);
    if (!wanted.has(h)) continue;
    const g = nodeOf(store.idAtRow(r));
    if (g >= 0 && offsets[g + 1] > offsets[g]) candidates.set(h, [...(candidates.get(h) ?? []), g]);
  }
  const representative = (g: number) => table.members[offsets[g]];
  const assigned = new Map<number, number>();
  const added: { g: number; point: Float32Array }[] = [];
  const newByHash = new Map<number, number[]>();
  for (const p of pending) {
    let g = (candidates.get(p.hash) ?? []).find((c) => sameVector(store.get(representative(c)), p.point));
    g ??= (newByHash.get(p.hash) ?? []).find((c) => sameVector(added[c - fileNodes].point, p.point));
    if (g === undefined) {
      g = fileNodes + added.length;
      added.push({ g, point: p.point });
      members.push(0);
      newByHash.set(p.hash, [...(newByHash.get(p.hash) ?? []), g]);
    }
    members[g]++;
    emptied.delete(g);
    assigned.set(p.id, g);
  }

  const current = index.getCurrentCount();
  if (current + added.length > index.getMaxElements()) index.resizeIndex(current + added.length + Math.ceil(current * 0.05) + 1000);
  added.forEach(({ g, point }, k) => {
    index.addPoint(Array.from(point), NODE_BASE + g);
    if (k % 500 === 0) {
      onProgress?.(k, added.length);
      peak = Math.max(peak, process.memoryUsage.rss());
    }
  });
  for (const g of emptied) removePoint(index, NODE_BASE + g);

  // Every member's node, by id: the published ones minus those gone, merged with the moved and new ones.
  const moved = [...assigned.entries()].sort((a, b) => a[0] - b[0]);
  const ids = new Int32Array(sortedIds.length + moved.length);
  const nodeOfId = new Uint32Array(ids.length);
  let n = 0;
  for (let i = 0, j = 0; i < sortedIds.length || j < moved.length; ) {
    const fileId = i < sortedIds.length ? sortedIds[i] : Infinity;
    if (j < moved.length && moved[j][0] <= fileId) {
      if (moved[j][0] === fileId) i++;
      ids[n] = moved[j][0];
      nodeOfId[n++] = moved[j++][1];
    } else {
      if (!gone.has(fileId)) {
        ids[n] = fileId;
        nodeOfId[n++] = nodeOfSorted[i];
      }
      i++;
    }
  }
  const nodes = fileNodes + added.length;
  await Promise.all([
    index.writeIndex(path.join(buildDir, INDEX_FILE)),
    store.writeMerged(path.join(buildDir, VECTORS_FILE), gone, fresh),
    writeNodesTable(path.join(buildDir, NODES_FILE), nodes, ids.subarray(0, n), nodeOfId.subarray(0, n)),
  ]);
  peak = Math.max(peak, process.memoryUsage.rss());
  return {
    count: n,
    nodes,
    deletedNodes: members.filter((m) => m === 0).length,
    newNodes: added.length,
    revectorised: pending.length,
    ms: performance.now() - started,
    peakRssMb: Math.round(peak / 2 ** 20),
  };
}

/** The share of the live graph's nodes that are deleted (left without members by earlier patches). */
export async function deletedNodeShare(liveDir: string): Promise<number> {
  const { offsets } = await readNodesTable(path.join(liveDir, NODES_FILE));
  let empty = 0;
  for (let g = 0; g + 1 < offsets.length; g++) if (offsets[g] === offsets[g + 1]) empty++;
  return empty / Math.max(offsets.length - 1, 1);
}

/** Exactly the same vector (the stored one is float32, as the new one is). */
function sameVector(a: Float32Array | undefined, b: Float32Array): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
