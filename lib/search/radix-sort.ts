/**
 * Stable LSD radix sort of indexes by unsigned integer keys: the index sorts its vocabulary
 * (by the first characters of each word) and its documents (by popularity) with it.
 */

/**
 * The permutation of 0..n-1 that orders the items by their keys, stable (equal keys keep
 * index order). `passes` lists, least significant first, the key array and bit shift of
 * each `bits`-wide digit: item i's digit is (keys[i] >>> shift) & (2^bits - 1).
 */
export function radixOrder(
  n: number,
  passes: readonly (readonly [keys: Uint32Array, shift: number])[],
  bits: number,
): Uint32Array<ArrayBuffer> {
  const buckets = 1 << bits;
  const mask = buckets - 1;
  let idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  let tmp = new Uint32Array(n);
  const count = new Uint32Array(buckets + 1);
  for (const [keys, shift] of passes) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[((keys[i] >>> shift) & mask) + 1]++;
    for (let b = 0; b < buckets; b++) count[b + 1] += count[b];
    for (let i = 0; i < n; i++) {
      const k = idx[i];
      tmp[count[(keys[k] >>> shift) & mask]++] = k;
    }
    const t = idx;
    idx = tmp;
    tmp = t;
  }
  return idx;
}
