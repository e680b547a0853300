import { SORT_KEYS } from "@/lib/api/catalog-schemas";

export { SORT_KEYS };
/** The catalog's sort orders. Every one is a total order: key, then movie id. */
export type SortKey = (typeof SORT_KEYS)[number];
export type SortOrder = "asc" | "desc";
export type Key = number | string;

/** Where a page starts: after the movie with this key and id, in the walk's direction. */
export interface Position {
  key: Key;
  id: number;
}

/** Packed (rank of key, position) stays an exact double below 2^53: up to 2^22 movies and slots. */
const POS_SPAN = 2 ** 22;

/**
 * For each slot, a rank of its key (equal keys share one, smaller keys rank lower), from typed
 * arrays and native sorts: boxed keys and comparator calls cost seconds at a million movies.
 */
function keyRanks(slots: Int32Array, keyOf: (slot: number) => Key): Float64Array {
  const n = slots.length;
  const ranks = new Float64Array(n);
  if (!n) return ranks;
  if (typeof keyOf(slots[0]) === "number") {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = keyOf(slots[i]) as number;
    const sorted = keys.slice().sort();
    for (let i = 0; i < n; i++) {
      const k = keys[i];
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid] < k) lo = mid + 1;
        else hi = mid;
      }
      ranks[i] = lo;
    }
    return ranks;
  }
  // Strings: the default sort's UTF-16 code unit order, the same as compareKeys.
  const keys = Array.from(slots, keyOf) as string[];
  const rankOf = new Map<string, number>();
  for (const k of [...new Set(keys)].sort()) rankOf.set(k, rankOf.size);
  for (let i = 0; i < n; i++) ranks[i] = rankOf.get(keys[i])!;
  return ranks;
}

/** The slots in ascending id order, by one native sort of id * 2^22 + slot. */
function slotsById(live: Int32Array, idOf: (slot: number) => number): Int32Array {
  const packed = new Float64Array(live.length);
  for (let i = 0; i < live.length; i++) packed[i] = idOf(live[i]) * POS_SPAN + live[i];
  packed.sort();
  const out = new Int32Array(live.length);
  for (let i = 0; i < live.length; i++) out[i] = packed[i] % POS_SPAN;
  return out;
}

/**
 * The live movies' slots sorted by (key, id) ascending; a descending page walks it backwards.
 * Keyset pages seek with a binary search, so the last page costs what the first does. Kept in
 * order by every write: a moved movie costs two binary searches and a memmove of the array's tail
 * (~1 ms at a million).
 */
export class SortedView {
  private slots: Int32Array;
  private count: number;

  private constructor(
    slots: Int32Array,
    readonly keyOf: (slot: number) => Key,
    private readonly idOf: (slot: number) => number,
  ) {
    this.slots = slots;
    this.count = slots.length;
  }

  /**
   * Sorts with the engine's native numeric sort on (rank of key) * 2^22 + (position in id order),
   * not a comparator (about ten times faster at a million movies).
   */
  static build(live: Int32Array, keyOf: (slot: number) => Key, idOf: (slot: number) => number): SortedView {
    const n = live.length;
    const out = new Int32Array(Math.max(16, n));
    if (n > POS_SPAN || live.some((slot) => slot >= POS_SPAN)) {
      const sorted = Int32Array.from(live).sort((a, b) => compareKeys(keyOf(a), keyOf(b)) || idOf(a) - idOf(b));
      out.set(sorted);
    } else {
      const byId = slotsById(live, idOf);
      const ranks = keyRanks(byId, keyOf);
      const packed = new Float64Array(n);
      for (let i = 0; i < n; i++) packed[i] = ranks[i] * POS_SPAN + i;
      packed.sort();
      for (let i = 0; i < n; i++) out[i] = byId[packed[i] % POS_SPAN];
    }
    const view = new SortedView(out, keyOf, idOf);
    view.count = n;
    return view;
  }

  /** A view saved by `slotsInOrder`, taken over as is. */
  static restore(slots: Int32Array, keyOf: (slot: number) => Key, idOf: (slot: number) => number): SortedView {
    return new SortedView(slots, keyOf, idOf);
  }

  /** The live slots in order (a view of the array the view keeps: copy it to keep it). */
  slotsInOrder(): Int32Array {
    return this.slots.subarray(0, this.count);
  }

  get size(): number {
    return this.count;
  }

  at(position: number): number {
    return this.slots[position];
  }

  /** (key, id) of `slot` against the given position: negative when the slot sorts first. */
  private compare(slot: number, key: Key, id: number): number {
    return compareKeys(this.keyOf(slot), key) || this.idOf(slot) - id;
  }

  /**
   * The first position whose (key, id) is >= (key, id) (`strict`: >). `self`, a slot whose key has
   * already changed, counts as equal: it still sits where (key, id) put it.
   */
  seek(key: Key, id: number, strict = false, self = -1): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.slots[mid] === self ? 0 : this.compare(this.slots[mid], key, id);
      if (c < 0 || (strict && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(slot: number): void {
    if (this.count === this.slots.length) {
      const bigger = new Int32Array(Math.max(16, this.slots.length * 2));
      bigger.set(this.slots);
      this.slots = bigger;
    }
    const at = this.seek(this.keyOf(slot), this.idOf(slot));
    this.slots.copyWithin(at + 1, at, this.count);
    this.slots[at] = slot;
    this.count++;
  }

  /** Takes out `slot`, found by the key it was sorted under. */
  remove(slot: number, key: Key): void {
    const at = this.seek(key, this.idOf(slot), false, slot);
    if (at >= this.count || this.slots[at] !== slot) return;
    this.slots.copyWithin(at, at + 1, this.count);
    this.count--;
  }

  /** Re-places `slot` after its key changed from `oldKey` (nothing to do when it did not). */
  move(slot: number, oldKey: Key): void {
    if (this.keyOf(slot) === oldKey) return;
    this.remove(slot, oldKey);
    this.insert(slot);
  }

  /**
   * Slots in `order` from just after `after` (or the start) that pass `admit`, up to `limit`; also
   * says whether another admitted slot follows.
   */
  page(order: SortOrder, after: Position | undefined, admit: (slot: number) => boolean, limit: number): { slots: number[]; more: boolean } {
    const out: number[] = [];
    const step = order === "asc" ? 1 : -1;
    let i = order === "asc" ? (after ? this.seek(after.key, after.id, true) : 0) : (after ? this.seek(after.key, after.id) : this.count) - 1;
    for (; i >= 0 && i < this.count; i += step) {
      const slot = this.slots[i];
      if (!admit(slot)) continue;
      if (out.length === limit) return { slots: out, more: true };
      out.push(slot);
    }
    return { slots: out, more: false };
  }
}

export function compareKeys(a: Key, b: Key): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
