/** Growing typed arrays: the index keeps no per-document objects, only flat typed arrays. */

/** A power-of-two multiple of `current` (at least 16) holding `needed` elements. */
export function nextCapacity(current: number, needed: number): number {
  let c = Math.max(16, current);
  while (c < needed) c *= 2;
  return c;
}

type GrowableArray =
  | Uint32Array<ArrayBuffer>
  | Int32Array<ArrayBuffer>
  | Uint8Array<ArrayBuffer>
  | Float32Array<ArrayBuffer>
  | Float64Array<ArrayBuffer>;

/** `a` itself when it holds `needed` elements, else a copy with room to spare. */
export function grow<T extends GrowableArray>(a: T, needed: number): T {
  if (needed <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(nextCapacity(a.length, needed));
  b.set(a as never);
  return b;
}
