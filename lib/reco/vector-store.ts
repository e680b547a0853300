import fs from "node:fs";

/**
 * Every movie's vector, kept sparse (a v2 vector has ~30 non-zeros of ~390 dimensions), so exact
 * scores over tens of thousands of movies take milliseconds without asking the native index
 * (whose getPoint costs ~40 µs a call). The published file is compressed sparse rows sorted by
 * id; live writes go to an overlay map on top of it.
 *
 * File layout (little endian): magic "MVEC", u32 version, u32 dim, u32 rows, u32 nnz,
 * i32 ids[rows], u32 offsets[rows + 1], u16 dims[nnz], f32 values[nnz].
 */
const MAGIC = 0x4345564d; // "MVEC"
const VERSION = 1;
const HEADER_BYTES = 20;

interface SparseRow {
  dims: Uint16Array;
  values: Float32Array;
}

function toSparse(dense: ArrayLike<number>): SparseRow {
  let nnz = 0;
  for (let i = 0; i < dense.length; i++) if (dense[i] !== 0) nnz++;
  const dims = new Uint16Array(nnz);
  const values = new Float32Array(nnz);
  for (let i = 0, p = 0; i < dense.length; i++) {
    if (dense[i] === 0) continue;
    dims[p] = i;
    values[p++] = dense[i];
  }
  return { dims, values };
}

/** A 53-bit hash of a sparse row's non-zeros (positions and float bits): equal vectors hash equal. */
function hashSparse(dims: Uint16Array, values: Float32Array, from: number, to: number): number {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let p = from; p < to; p++) {
    h1 = Math.imul(h1 ^ dims[p], 0x01000193);
    h1 = Math.imul(h1 ^ bits[p], 0x01000193);
    h2 = Math.imul(h2 ^ bits[p], 0x5bd1e995) ^ (h2 >>> 15);
    h2 = Math.imul(h2 ^ dims[p], 0x5bd1e995);
  }
  return (h1 >>> 0) * 2 ** 21 + ((h2 >>> 0) & 0x1fffff);
}

export class VectorStore {
  private readonly overlay = new Map<number, SparseRow>();

  private constructor(
    readonly dim: number,
    private readonly ids: Int32Array,
    private readonly offsets: Uint32Array,
    private readonly dims: Uint16Array,
    private readonly values: Float32Array,
  ) {}

  static empty(dim: number): VectorStore {
    return new VectorStore(dim, new Int32Array(0), new Uint32Array(1), new Uint16Array(0), new Float32Array(0));
  }

  static async read(file: string, expectedDim: number): Promise<VectorStore> {
    const buf = await fs.promises.readFile(file);
    if (buf.length < HEADER_BYTES || buf.readUInt32LE(0) !== MAGIC || buf.readUInt32LE(4) !== VERSION)
      throw new Error("vectors file has an unknown format");
    const dim = buf.readUInt32LE(8);
    const rows = buf.readUInt32LE(12);
    const nnz = buf.readUInt32LE(16);
    if (dim !== expectedDim) throw new Error(`vectors file has ${dim} dimensions, the model ${expectedDim}`);
    const size = HEADER_BYTES + rows * 4 + (rows + 1) * 4 + nnz * 2 + nnz * 4;
    if (buf.length !== size) throw new Error("vectors file is truncated");
    // Copy into aligned typed arrays (a Buffer's offset need not be 4-aligned).
    let at = HEADER_BYTES;
    const take = <T>(Ctor: { new (b: ArrayBuffer): T; BYTES_PER_ELEMENT: number }, n: number): T => {
      const bytes = n * Ctor.BYTES_PER_ELEMENT;
      const copy = new ArrayBuffer(bytes);
      new Uint8Array(copy).set(buf.subarray(at, at + bytes));
      at += bytes;
      return new Ctor(copy);
    };
    return new VectorStore(dim, take(Int32Array, rows), take(Uint32Array, rows + 1), take(Uint16Array, nnz), take(Float32Array, nnz));
  }

  /** Replaces (or adds) one movie's vector: a live write. */
  set(id: number, dense: ArrayLike<number>): void {
    this.overlay.set(id, toSparse(dense));
  }

  /** The file row holding `id`'s published vector, or -1 (live writes live in the overlay, not here). */
  rowOf(id: number): number {
    let lo = 0;
    let hi = this.ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.ids[mid];
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  has(id: number): boolean {
    return this.overlay.has(id) || this.rowOf(id) >= 0;
  }

  hasOverlay(id: number): boolean {
    return this.overlay.has(id);
  }

  /** Dot product of a dense query with the vector in file row `row`. */
  dotRow(query: Float32Array, row: number): number {
    const { dims, values } = this;
    let s = 0;
    for (let p = this.offsets[row], end = this.offsets[row + 1]; p < end; p++) s += query[dims[p]] * values[p];
    return s;
  }

  /** Dot product of a dense query with `id`'s vector; NaN when the store has no vector for it. */
  dot(query: Float32Array, id: number): number {
    const own = this.overlay.get(id);
    if (own) {
      let s = 0;
      for (let p = 0; p < own.dims.length; p++) s += query[own.dims[p]] * own.values[p];
      return s;
    }
    const row = this.rowOf(id);
    return row < 0 ? Number.NaN : this.dotRow(query, row);
  }

  /** `id`'s vector as a dense array, or undefined. */
  get(id: number): Float32Array | undefined {
    const out = new Float32Array(this.dim);
    const own = this.overlay.get(id);
    if (own) {
      for (let p = 0; p < own.dims.length; p++) out[own.dims[p]] = own.values[p];
      return out;
    }
    const row = this.rowOf(id);
    if (row < 0) return undefined;
    for (let p = this.offsets[row], end = this.offsets[row + 1]; p < end; p++) out[this.dims[p]] = this.values[p];
    return out;
  }

  /** Rows of the published file (live writes aside). */
  get rows(): number {
    return this.ids.length;
  }

  idAtRow(row: number): number {
    return this.ids[row];
  }

  /** A hash of file row `row`: equal vectors hash equal. */
  hashRow(row: number): number {
    return hashSparse(this.dims, this.values, this.offsets[row], this.offsets[row + 1]);
  }

  get bytes(): number {
    return this.ids.byteLength + this.offsets.byteLength + this.dims.byteLength + this.values.byteLength;
  }

  /**
   * Writes this store's published rows without the ids in `drop`, plus the rows of `put`: an
   * incremental build's file, merged in one pass (both sides are sorted by id). An id of `put`
   * replaces the file's row of that id.
   */
  async writeMerged(file: string, drop: ReadonlySet<number>, put: VectorStoreWriter): Promise<void> {
    const add = put.sorted();
    const n = this.ids.length;
    const out: Csr = { ids: new Int32Array(n + add.ids.length), offsets: new Uint32Array(n + add.ids.length + 1), dims: new Uint16Array(this.dims.length + add.dims.length), values: new Float32Array(this.values.length + add.values.length) };
    const mine: Csr = { ids: this.ids, offsets: this.offsets, dims: this.dims, values: this.values };
    let rows = 0;
    let nnz = 0;
    const copy = (src: Csr, from: number, to: number) => {
      // A run of consecutive rows is one copy of each array.
      const a = src.offsets[from];
      const b = src.offsets[to];
      out.dims.set(src.dims.subarray(a, b), nnz);
      out.values.set(src.values.subarray(a, b), nnz);
      for (let r = from; r < to; r++) {
        out.ids[rows] = src.ids[r];
        out.offsets[++rows] = nnz + src.offsets[r + 1] - a;
      }
      nnz += b - a;
    };
    const m = add.ids.length;
    for (let i = 0, j = 0; i < n || j < m; ) {
      const fileId = i < n ? this.ids[i] : Infinity;
      const putId = j < m ? add.ids[j] : Infinity;
      if (putId <= fileId) {
        if (putId === fileId) i++;
        copy(add, j, j + 1);
        j++;
      } else if (drop.has(fileId)) i++;
      else {
        let end = i + 1;
        while (end < n && this.ids[end] < putId && !drop.has(this.ids[end])) end++;
        copy(mine, i, end);
        i = end;
      }
    }
    await writeCsr(file, this.dim, { ids: out.ids.subarray(0, rows), offsets: out.offsets.subarray(0, rows + 1), dims: out.dims.subarray(0, nnz), values: out.values.subarray(0, nnz) });
  }
}

/** Collects vectors during an index build (flat, growable arrays) and writes the store's file at the end. */
export class VectorStoreWriter {
  private ids = new Int32Array(1024);
  private starts = new Uint32Array(1025);
  private dims = new Uint16Array(1 << 16);
  private values = new Float32Array(1 << 16);
  private rows = 0;

  constructor(private readonly dim: number) {}

  private static grown<T extends Int32Array | Uint32Array | Uint16Array | Float32Array>(a: T, need: number): T {
    if (need <= a.length) return a;
    const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
    b.set(a);
    return b;
  }

  /** Appends a row; returns its number (in the order added). */
  add(id: number, dense: ArrayLike<number>): number {
    const row = toSparse(dense);
    const at = this.starts[this.rows];
    this.ids = VectorStoreWriter.grown(this.ids, this.rows + 1);
    this.starts = VectorStoreWriter.grown(this.starts, this.rows + 2);
    this.dims = VectorStoreWriter.grown(this.dims, at + row.dims.length);
    this.values = VectorStoreWriter.grown(this.values, at + row.dims.length);
    this.ids[this.rows] = id;
    this.dims.set(row.dims, at);
    this.values.set(row.values, at);
    this.starts[++this.rows] = at + row.dims.length;
    return this.rows - 1;
  }

  /** A hash of row `r` (in the order added): equal vectors hash equal. */
  hashRow(r: number): number {
    return hashSparse(this.dims, this.values, this.starts[r], this.starts[r + 1]);
  }

  /** Whether rows `a` and `b` hold exactly the same vector. */
  sameRows(a: number, b: number): boolean {
    const from = this.starts[a];
    const len = this.starts[a + 1] - from;
    const other = this.starts[b];
    if (this.starts[b + 1] - other !== len) return false;
    for (let i = 0; i < len; i++) if (this.dims[from + i] !== this.dims[other + i] || !Object.is(this.values[from + i], this.values[other + i])) return false;
    return true;
  }

  /** The rows sorted by id, as the file holds them. */
  sorted(): Csr {
    const n = this.rows;
    const nnz = this.starts[n];
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => this.ids[a] - this.ids[b]);
    const ids = new Int32Array(n);
    const offsets = new Uint32Array(n + 1);
    const dims = new Uint16Array(nnz);
    const values = new Float32Array(nnz);
    let p = 0;
    for (let r = 0; r < n; r++) {
      const i = order[r];
      if (r > 0 && this.ids[i] === ids[r - 1]) throw new Error(`vector store: id ${this.ids[i]} added twice`);
      ids[r] = this.ids[i];
      const from = this.starts[i];
      const to = this.starts[i + 1];
      dims.set(this.dims.subarray(from, to), p);
      values.set(this.values.subarray(from, to), p);
      p += to - from;
      offsets[r + 1] = p;
    }
    return { ids, offsets, dims, values };
  }

  async write(file: string): Promise<void> {
    await writeCsr(file, this.dim, this.sorted());
  }
}

/** Compressed sparse rows sorted by id: the file's arrays. */
interface Csr {
  ids: Int32Array;
  offsets: Uint32Array;
  dims: Uint16Array;
  values: Float32Array;
}

async function writeCsr(file: string, dim: number, { ids, offsets, dims, values }: Csr): Promise<void> {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(VERSION, 4);
  header.writeUInt32LE(dim, 8);
  header.writeUInt32LE(ids.length, 12);
  header.writeUInt32LE(dims.length, 16);
  const parts = [header, ids, offsets, dims, values].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  await fs.promises.writeFile(file, Buffer.concat(parts));
}
