import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { VectorStore, VectorStoreWriter } from "@/lib/reco/vector-store";

describe("VectorStore", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vectors-test-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const dim = 6;
  const rows: [number, number[]][] = [
    [42, [0, 0.6, 0, 0.8, 0, 0]],
    [7, [1, 0, 0, 0, 0, 0]],
    [2_000_000_001, [0, 0, 0, 0, 0.6, 0.8]],
    [300, [0, 0, 0, 0, 0, 0]],
  ];

  async function written(): Promise<VectorStore> {
    const w = new VectorStoreWriter(dim);
    for (const [id, v] of rows) w.add(id, v);
    const file = path.join(dir, "vectors.bin");
    await w.write(file);
    return VectorStore.read(file, dim);
  }

  it("round-trips sparse rows sorted by id, whatever the order they came in", async () => {
    const store = await written();
    for (const [id, v] of rows) expect(Array.from(store.get(id)!)).toEqual(v.map((x) => Math.fround(x)));
    expect(store.get(8)).toBeUndefined();
    // 2 + 1 + 2 + 0 non-zeros, stored as u16 dims + f32 values, plus ids and offsets.
    expect(store.bytes).toBe(4 * 4 + 5 * 4 + 5 * 2 + 5 * 4);
  });

  it("scores a dense query by dot product, NaN for an unknown id", async () => {
    const store = await written();
    const q = new Float32Array([0.5, 0, 0, 1, 0, 1]);
    expect(store.dot(q, 42)).toBeCloseTo(0.8);
    expect(store.dot(q, 7)).toBeCloseTo(0.5);
    expect(store.dot(q, 2_000_000_001)).toBeCloseTo(0.8);
    expect(store.dot(q, 300)).toBe(0);
    expect(store.dot(q, 9)).toBeNaN();
  });

  it("lets a live write replace or add a vector on top of the file", async () => {
    const store = await written();
    store.set(7, [0, 0, 1, 0, 0, 0]);
    store.set(9, [0, 0, 0, 0, 0, 1]);
    const q = new Float32Array([1, 0, 2, 0, 0, 3]);
    expect(store.dot(q, 7)).toBe(2);
    expect(store.dot(q, 9)).toBe(3);
    expect(store.has(9)).toBe(true);
  });

  it("finds exact duplicate rows by hash and comparison, in the writer and in the read file", async () => {
    const w = new VectorStoreWriter(dim);
    const a = w.add(10, [0, 0.6, 0, 0.8, 0, 0]);
    const b = w.add(11, [0, 0.6, 0, 0.8, 0, 0]);
    const c = w.add(12, [0, 0.8, 0, 0.6, 0, 0]);
    const d = w.add(13, [0, 0.6, 0, 0, 0.8, 0]);
    expect([a, b, c, d]).toEqual([0, 1, 2, 3]);
    expect(w.hashRow(a)).toBe(w.hashRow(b));
    expect(w.sameRows(a, b)).toBe(true);
    expect(new Set([w.hashRow(a), w.hashRow(c), w.hashRow(d)]).size).toBe(3);
    expect(w.sameRows(a, c)).toBe(false);
    expect(w.sameRows(a, d)).toBe(false);
    await w.write(path.join(dir, "dups.bin"));
    const store = await VectorStore.read(path.join(dir, "dups.bin"), dim);
    expect(store.rows).toBe(4);
    expect(store.idAtRow(1)).toBe(11);
    expect(store.hashRow(0)).toBe(store.hashRow(1));
    expect(store.hashRow(0)).toBe(w.hashRow(a));
    expect(store.hashRow(2)).not.toBe(store.hashRow(0));
  });

  it("refuses a file of another dimension, a truncated one, or a duplicate id", async () => {
    await written();
    const file = path.join(dir, "vectors.bin");
    await expect(VectorStore.read(file, dim + 1)).rejects.toThrow(/dimensions/);
    fs.writeFileSync(path.join(dir, "cut.bin"), fs.readFileSync(file).subarray(0, 40));
    await expect(VectorStore.read(path.join(dir, "cut.bin"), dim)).rejects.toThrow(/truncated/);
    const w = new VectorStoreWriter(dim);
    w.add(1, [1, 0, 0, 0, 0, 0]);
    w.add(1, [0, 1, 0, 0, 0, 0]);
    await expect(w.write(path.join(dir, "dup.bin"))).rejects.toThrow(/added twice/);
  });
});
