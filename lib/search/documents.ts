/**
 * The indexed documents, by slot (insertion order, stable until a build renumbers them):
 * id, popularity rank, liveness, and where each sits in the last build (its rank there, or
 * -1). The tokens of documents added since the last build (the delta) are kept here too, in
 * one flat array, until a build copies them into its own document store.
 */
import { IdMap } from "./id-map";
import { grow } from "./typed-arrays";

/** Popularity used to order documents: log votes plus half log popularity. */
export function popularityRank(voteCount: number, popularity: number): number {
  const v = Number.isFinite(voteCount) && voteCount > 0 ? voteCount : 0;
  const p = Number.isFinite(popularity) && popularity > 0 ? popularity : 0;
  return Math.log1p(v) + 0.5 * Math.log1p(p);
}

/** A store as a snapshot saves it, right after a build (no delta tokens). */
export interface DocumentState {
  slotCount: number;
  ids: Float64Array<ArrayBuffer>;
  ranks: Float32Array<ArrayBuffer>;
  alive: Uint8Array<ArrayBuffer>;
  titleLen: Uint8Array<ArrayBuffer>;
  origLen: Uint8Array<ArrayBuffer>;
}

export class DocumentStore {
  /** Slots in use (live or dead). */
  slotCount = 0;
  /** Live documents. */
  aliveCount = 0;
  ids: Float64Array<ArrayBuffer>;
  ranks: Float32Array<ArrayBuffer>;
  alive: Uint8Array<ArrayBuffer>;
  /** Title and original title token counts; the tokens of a delta slot at fwd[fwdStart..]. */
  titleLen: Uint8Array<ArrayBuffer>;
  origLen: Uint8Array<ArrayBuffer>;
  fwdStart: Uint32Array<ArrayBuffer>;
  fwd: Uint32Array<ArrayBuffer>;
  fwdLen = 0;
  /** Rank of a slot in the last build; -1 for a slot added since. */
  slotToPos: Int32Array<ArrayBuffer>;
  private readonly idToSlot: IdMap;

  /** `saved` with `slotToPos`, each slot's rank in the build saved with it. */
  constructor(expected: number, saved?: DocumentState & { slotToPos: Int32Array<ArrayBuffer> }) {
    if (saved) {
      const n = saved.slotCount;
      const { ids, ranks, alive, titleLen, origLen, slotToPos } = saved;
      if ([ids, ranks, alive, titleLen, origLen, slotToPos].some((a) => a.length !== n)) throw new RangeError("saved document arrays differ in length");
      this.ids = ids;
      this.ranks = ranks;
      this.alive = alive;
      this.titleLen = titleLen;
      this.origLen = origLen;
      this.slotToPos = slotToPos;
      this.slotCount = n;
      this.fwdStart = new Uint32Array(n);
      this.fwd = new Uint32Array(1024);
      this.idToSlot = new IdMap(n);
      for (let s = 0; s < n; s++) if (alive[s]) this.idToSlot.set(ids[s], s);
      this.aliveCount = this.idToSlot.size;
      return;
    }
    this.ids = new Float64Array(expected);
    this.ranks = new Float32Array(expected);
    this.alive = new Uint8Array(expected);
    this.fwdStart = new Uint32Array(expected);
    this.titleLen = new Uint8Array(expected);
    this.origLen = new Uint8Array(expected);
    this.fwd = new Uint32Array(expected * 5);
    this.slotToPos = new Int32Array(expected);
    this.idToSlot = new IdMap(expected);
  }

  /** What a snapshot keeps (call right after a build: the delta tokens are not saved). */
  state(): DocumentState {
    const n = this.slotCount;
    return {
      slotCount: n,
      ids: this.ids.subarray(0, n),
      ranks: this.ranks.subarray(0, n),
      alive: this.alive.subarray(0, n),
      titleLen: this.titleLen.subarray(0, n),
      origLen: this.origLen.subarray(0, n),
    };
  }

  /** The slot of the live document `id`, or -1. */
  slotOf(id: number): number {
    return this.idToSlot.get(id);
  }

  /**
   * Adds a live document whose title tokens are tokens[0..tl) and original title tokens
   * tokens[tl..tl+ol); returns its slot.
   */
  add(id: number, rank: number, tokens: Uint32Array, tl: number, ol: number): number {
    const slot = this.slotCount++;
    if (slot >= this.ids.length) this.growSlots(slot + 1);
    this.ids[slot] = id;
    this.ranks[slot] = rank;
    this.alive[slot] = 1;
    this.slotToPos[slot] = -1;
    this.fwdStart[slot] = this.fwdLen;
    this.titleLen[slot] = tl;
    this.origLen[slot] = ol;
    const need = this.fwdLen + tl + ol;
    if (need > this.fwd.length) this.fwd = grow(this.fwd, need);
    const fwd = this.fwd;
    for (let i = 0, x = this.fwdLen; i < tl + ol; i++) fwd[x++] = tokens[i];
    this.fwdLen = need;
    this.idToSlot.set(id, slot);
    this.aliveCount++;
    return slot;
  }

  /** Marks a slot dead; returns its rank in the last build (-1: not built, or already dead). */
  kill(slot: number): number {
    if (!this.alive[slot]) return -1;
    this.alive[slot] = 0;
    this.idToSlot.delete(this.ids[slot]);
    this.aliveCount--;
    return this.slotToPos[slot];
  }

  /** After a build took in every live document: the delta token store starts empty again. */
  clearDeltaTokens(maxKept: number): void {
    this.fwdLen = 0;
    if (this.fwd.length > maxKept) this.fwd = new Uint32Array(maxKept);
  }

  /**
   * Slot = rank for the `count` live documents a build ordered (posSlot: rank -> slot,
   * rewritten to the identity); dead slots dropped.
   */
  renumber(posSlot: Uint32Array, count: number): void {
    const ids = new Float64Array(this.ids.length);
    const ranks = new Float32Array(this.ranks.length);
    for (let p = 0; p < count; p++) {
      const s = posSlot[p];
      ids[p] = this.ids[s];
      ranks[p] = this.ranks[s];
    }
    this.ids = ids;
    this.ranks = ranks;
    for (let p = 0; p < count; p++) {
      this.alive[p] = 1;
      this.slotToPos[p] = p;
      posSlot[p] = p;
    }
    this.alive.fill(0, count, this.slotCount);
    this.slotCount = count;
    this.idToSlot.clear();
    for (let p = 0; p < count; p++) this.idToSlot.set(ids[p], p);
  }

  private growSlots(needed: number): void {
    this.ids = grow(this.ids, needed);
    this.ranks = grow(this.ranks, needed);
    this.alive = grow(this.alive, needed);
    this.fwdStart = grow(this.fwdStart, needed);
    this.titleLen = grow(this.titleLen, needed);
    this.origLen = grow(this.origLen, needed);
    this.slotToPos = grow(this.slotToPos, needed);
  }
}
