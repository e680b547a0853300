import fs from "node:fs";
import { removePoint, upsertPoint, type AnnIndex } from "./ann";
import type { Neighbour } from "./engine";

/**
 * Movies with exactly the same feature vector share one graph node. A synthetic 1.29M catalog
 * has ~3.6 exact duplicates per movie: as separate nodes they fill each other's neighbour
 * lists at distance 0 and cut the graph into cliques (recall@10 0.81; docs/BENCHMARKS.md).
 *
 * Labels: a published build's node g has label NODE_BASE + g and lists its member movies in
 * the nodes file; a live write (an edited or new movie) gets its own node labelled with the
 * movie id (ids stay below 2^31, labels are u32). A build without the file (older builds)
 * labels every node with its movie id.
 *
 * Shards: the ETL builds the graph as S indexes in parallel processes, node g in shard g % S;
 * a search asks each and merges by distance. Live writes go to shard 0.
 *
 * File layout (little endian): magic "MNOD", u32 version, u32 nodes, u32 members,
 * u32 offsets[nodes + 1], i32 members[members] (each node's movie ids, ascending),
 * i32 sortedIds[members], u32 nodeOfSorted[members] (the reverse lookup).
 */
export const NODE_BASE = 2 ** 31;
const MAGIC = 0x444f4e4d; // "MNOD"
const VERSION = 1;
const HEADER_BYTES = 16;

export class AnnNodes {
  /** Published members that left their node: deleted, or moved to their own node by a live write. */
  private readonly gone = new Set<number>();
  /** Labels marked deleted in the index (markDelete keeps them in its count). */
  private readonly dead = new Set<number>();
  private liveFileNodes: number;

  private constructor(
    readonly shards: AnnIndex[],
    private readonly offsets: Uint32Array,
    private readonly members: Int32Array,
    private readonly sortedIds: Int32Array,
    private readonly nodeOfSorted: Uint32Array,
  ) {
    this.liveFileNodes = offsets.length - 1;
  }

  /** An index whose labels are movie ids (live-built, or published before the nodes file). */
  static plain(index: AnnIndex): AnnNodes {
    return new AnnNodes([index], new Uint32Array(1), new Int32Array(0), new Int32Array(0), new Uint32Array(0));
  }

  static async read(shards: AnnIndex[], file: string): Promise<AnnNodes> {
    const t = await readNodesTable(file);
    return new AnnNodes(shards, t.offsets, t.members, t.sortedIds, t.nodeOfSorted);
  }

  /** Shard 0: where live writes go. */
  get index(): AnnIndex {
    return this.shards[0];
  }

  private shardOf(label: number): AnnIndex {
    return label < NODE_BASE ? this.shards[0] : this.shards[(label - NODE_BASE) % this.shards.length];
  }

  setEf(ef: number): void {
    for (const shard of this.shards) shard.setEf(ef);
  }

  /** Nodes in the graph, deleted ones included (what an unfiltered search can walk). */
  get nodeCount(): number {
    let n = 0;
    for (const shard of this.shards) n += shard.getCurrentCount();
    return n;
  }

  /** Movies with a live vector in the index. */
  get vectorCount(): number {
    const fileExtra = this.members.length - this.gone.size - this.liveFileNodes;
    return this.nodeCount - this.dead.size + fileExtra;
  }

  /** Calls `fn` with each live movie of the node labelled `label`. */
  private forMembers(label: number, fn: (id: number) => boolean | void): void {
    if (label < NODE_BASE) {
      fn(label);
      return;
    }
    const g = label - NODE_BASE;
    const gone = this.gone;
    for (let p = this.offsets[g], end = this.offsets[g + 1]; p < end; p++) {
      const id = this.members[p];
      if ((gone.size === 0 || !gone.has(id)) && fn(id) === true) return;
    }
  }

  membersOf(label: number): number[] {
    const out: number[] = [];
    this.forMembers(label, (id) => void out.push(id));
    return out;
  }

  /** Whether any live movie of the node passes `pred` (a filtered search admits the node). */
  admits(label: number, pred: (id: number) => boolean): boolean {
    if (label < NODE_BASE) return pred(label);
    let ok = false;
    this.forMembers(label, (id) => (ok = pred(id)));
    return ok;
  }

  /**
   * The movies of the k nearest nodes (each node's members share its score), best first.
   * `admit` filters nodes during the walk; the caller still filters the movies.
   */
  search(query: number[], k: number, admit?: (label: number) => boolean): Neighbour[] {
    let labels: number[] = [];
    let distances: number[] = [];
    for (const shard of this.shards) {
      const want = Math.min(k, shard.getCurrentCount());
      if (want <= 0) continue;
      const res = shard.searchKnn(query, want, admit);
      labels = labels.concat(res.neighbors);
      distances = distances.concat(res.distances);
    }
    let order = labels.map((_, i) => i);
    if (this.shards.length > 1) order = order.sort((a, b) => distances[a] - distances[b]).slice(0, k);
    const out: Neighbour[] = [];
    for (const i of order) {
      const score = 1 - distances[i];
      this.forMembers(labels[i], (id) => void out.push({ id, score }));
    }
    return out;
  }

  /** The published node holding `id`, or -1 (not published, or gone since). */
  private fileNodeOf(id: number): number {
    if (this.gone.has(id)) return -1;
    let lo = 0;
    let hi = this.sortedIds.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.sortedIds[mid];
      if (v === id) return this.nodeOfSorted[mid];
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Takes `id` out of its published node; the node is deleted from the graph with its last member. */
  private leaveFileNode(id: number): boolean {
    const g = this.fileNodeOf(id);
    if (g < 0) return false;
    this.gone.add(id);
    let left = 0;
    this.forMembers(NODE_BASE + g, () => void left++);
    if (left === 0) {
      this.markDead(NODE_BASE + g);
      this.liveFileNodes--;
    }
    return true;
  }

  private markDead(label: number): void {
    if (removePoint(this.shardOf(label), label)) this.dead.add(label);
  }

  /** A live write: the movie gets (or updates) its own node, leaving its published one. */
  upsert(id: number, point: number[]): void {
    this.leaveFileNode(id);
    upsertPoint(this.index, id, point);
    // addPoint on a label marked deleted revives it.
    this.dead.delete(id);
  }

  remove(id: number): void {
    if (!this.leaveFileNode(id)) this.markDead(id);
  }
}

/** Groups a build's movies by node as they are inserted, and writes the nodes file. */
export class AnnNodesWriter {
  private nodeOfRow = new Uint32Array(1024);
  private ids = new Int32Array(1024);
  private rows = 0;
  nodes = 0;

  /** Records that movie `id` lives at `node` (a fresh one when node === nodes). */
  add(id: number, node: number): void {
    if (this.rows === this.ids.length) {
      const grow = <T extends Int32Array | Uint32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.ids = grow(this.ids);
      this.nodeOfRow = grow(this.nodeOfRow);
    }
    this.ids[this.rows] = id;
    this.nodeOfRow[this.rows++] = node;
    if (node >= this.nodes) this.nodes = node + 1;
  }

  get members(): number {
    return this.rows;
  }

  async write(file: string): Promise<void> {
    const n = this.rows;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => this.ids[a] - this.ids[b]);
    const sortedIds = new Int32Array(n);
    const nodeOfSorted = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      sortedIds[i] = this.ids[order[i]];
      nodeOfSorted[i] = this.nodeOfRow[order[i]];
    }
    await writeNodesTable(file, this.nodes, sortedIds, nodeOfSorted);
  }
}

/** The nodes file's arrays (layout above). */
interface NodesTable {
  offsets: Uint32Array;
  members: Int32Array;
  sortedIds: Int32Array;
  nodeOfSorted: Uint32Array;
}

export async function readNodesTable(file: string): Promise<NodesTable> {
  const buf = await fs.promises.readFile(file);
  if (buf.length < HEADER_BYTES || buf.readUInt32LE(0) !== MAGIC || buf.readUInt32LE(4) !== VERSION) throw new Error("nodes file has an unknown format");
  const nodes = buf.readUInt32LE(8);
  const members = buf.readUInt32LE(12);
  if (buf.length !== HEADER_BYTES + 4 * (nodes + 1) + 12 * members) throw new Error("nodes file is truncated");
  let at = HEADER_BYTES;
  // Copy into aligned typed arrays (a Buffer's offset need not be 4-aligned).
  const take = <T>(Ctor: { new (b: ArrayBuffer): T }, n: number): T => {
    const copy = new ArrayBuffer(4 * n);
    new Uint8Array(copy).set(buf.subarray(at, at + 4 * n));
    at += 4 * n;
    return new Ctor(copy);
  };
  return { offsets: take(Uint32Array, nodes + 1), members: take(Int32Array, members), sortedIds: take(Int32Array, members), nodeOfSorted: take(Uint32Array, members) };
}

/**
 * Writes a nodes file from every member's id (ascending) and node; `nodes` counts the graph's
 * nodes, those left without members included (an incremental build's deleted nodes).
 */
export async function writeNodesTable(file: string, nodes: number, sortedIds: Int32Array, nodeOfSorted: Uint32Array): Promise<void> {
  const n = sortedIds.length;
  const offsets = new Uint32Array(nodes + 1);
  for (let i = 0; i < n; i++) offsets[nodeOfSorted[i] + 1]++;
  for (let g = 0; g < nodes; g++) offsets[g + 1] += offsets[g];
  const members = new Int32Array(n);
  const fill = offsets.slice(0, nodes);
  for (let i = 0; i < n; i++) {
    if (i > 0 && sortedIds[i] <= sortedIds[i - 1]) throw new Error(`nodes: id ${sortedIds[i]} out of order or added twice`);
    // Visiting members by id leaves each node's members ascending.
    members[fill[nodeOfSorted[i]]++] = sortedIds[i];
  }
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(VERSION, 4);
  header.writeUInt32LE(nodes, 8);
  header.writeUInt32LE(n, 12);
  const parts = [header, offsets, members, sortedIds, nodeOfSorted].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  await fs.promises.writeFile(file, Buffer.concat(parts));
}
