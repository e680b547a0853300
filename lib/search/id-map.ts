import { nextCapacity } from "./typed-arrays";

/**
 * Map from a document id (a non-negative safe integer) to a slot: open addressing with
 * linear probing over typed arrays (no per-entry objects), backward-shift deletion. Ids
 * above 2^31 - 1 (not expected from MySQL INT keys) go to a plain Map.
 */
export class IdMap {
  private keys: Int32Array<ArrayBuffer>;
  private vals: Int32Array<ArrayBuffer>;
  private mask: number;
  private count = 0;
  private big = new Map<number, number>();

  constructor(expected: number) {
    const cap = nextCapacity(1024, Math.ceil(expected / 0.7));
    this.keys = new Int32Array(cap).fill(-1);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
  }

  private home(id: number): number {
    const h = Math.imul(id, 0x9e3779b1);
    return (h ^ (h >>> 16)) & this.mask;
  }

  /** Ids mapped. */
  get size(): number {
    return this.count + this.big.size;
  }

  /** The slot of `id`, or -1. */
  get(id: number): number {
    if (id > 0x7fffffff) return this.big.get(id) ?? -1;
    const keys = this.keys;
    let i = this.home(id);
    for (;;) {
      const k = keys[i];
      if (k === id) return this.vals[i];
      if (k === -1) return -1;
      i = (i + 1) & this.mask;
    }
  }

  set(id: number, slot: number): void {
    if (id > 0x7fffffff) {
      this.big.set(id, slot);
      return;
    }
    const keys = this.keys;
    let i = this.home(id);
    for (;;) {
      const k = keys[i];
      if (k === id) {
        this.vals[i] = slot;
        return;
      }
      if (k === -1) break;
      i = (i + 1) & this.mask;
    }
    keys[i] = id;
    this.vals[i] = slot;
    if (++this.count > this.keys.length * 0.75) this.grow();
  }

  delete(id: number): void {
    if (id > 0x7fffffff) {
      this.big.delete(id);
      return;
    }
    const keys = this.keys;
    const mask = this.mask;
    let i = this.home(id);
    for (;;) {
      const k = keys[i];
      if (k === id) break;
      if (k === -1) return;
      i = (i + 1) & mask;
    }
    // backward shift: pull later entries of the probe run into the hole
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const k = keys[j];
      if (k === -1) break;
      const h = this.home(k);
      const movable = i <= j ? h <= i || h > j : h <= i && h > j;
      if (movable) {
        keys[i] = k;
        this.vals[i] = this.vals[j];
        i = j;
      }
    }
    keys[i] = -1;
    this.count--;
  }

  clear(): void {
    this.keys.fill(-1);
    this.count = 0;
    this.big.clear();
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    this.keys = new Int32Array(oldKeys.length * 2).fill(-1);
    this.vals = new Int32Array(oldKeys.length * 2);
    this.mask = this.keys.length - 1;
    this.count = 0;
    for (let i = 0; i < oldKeys.length; i++) if (oldKeys[i] !== -1) this.set(oldKeys[i], oldVals[i]);
  }
}
