/**
 * Exact nearest neighbours by a full scan: the ground truth the offline evaluation ranks with
 * and the benchmarks measure the index's recall (and the original's scan time) against.
 */

/**
 * The k positions of `all` (unit vectors of `dim` floats, one after another) with the largest dot
 * product with `q` (= cosine), best first, position `skip` left out; ties go to the earlier
 * position. Unfilled places (fewer than k vectors) hold position -1 and similarity -Infinity.
 */
export function exactTopK(all: Float32Array, dim: number, q: Float32Array, k: number, skip = -1): { pos: Int32Array; sim: Float64Array } {
  const pos = new Int32Array(k).fill(-1);
  const sim = new Float64Array(k).fill(-Infinity);
  const n = all.length / dim;
  for (let p = 0; p < n; p++) {
    if (p === skip) continue;
    const base = p * dim;
    let s = 0;
    for (let d = 0; d < dim; d++) s += q[d] * all[base + d];
    if (s <= sim[k - 1]) continue;
    let j = k - 1;
    while (j > 0 && sim[j - 1] < s) {
      sim[j] = sim[j - 1];
      pos[j] = pos[j - 1];
      j--;
    }
    sim[j] = s;
    pos[j] = p;
  }
  return { pos, sim };
}
