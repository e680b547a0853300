/**
 * Exact nearest neighbours by a full scan: the ground truth the offline evaluation ranks with
 * and the benchmarks measure the index's recall (and the original's scan time) against.
 */

/**
 * The k positions of 0..n-1 with the largest `score`, best first, position `skip` left out; ties
 * go to the earlier position. Unfilled places (fewer than k positions) hold -1 and -Infinity.
 */
export function topKByScore(n: number, score: (p: number) => number, k: number, skip = -1): { pos: Int32Array; sim: Float64Array } {
  const pos = new Int32Array(k).fill(-1);
  const sim = new Float64Array(k).fill(-Infinity);
  for (let p = 0; p < n; p++) {
    if (p === skip) continue;
    const s = score(p);
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

/** The k positions of `all` (unit vectors of `dim` floats, one after another) nearest `q` by dot product (= cosine). */
export function exactTopK(all: Float32Array, dim: number, q: Float32Array, k: number, skip = -1): { pos: Int32Array; sim: Float64Array } {
  return topKByScore(
    all.length / dim,
    (p) => {
      const base = p * dim;
      let s = 0;
      for (let d = 0; d < dim; d++) s += q[d] * all[base + d];
      return s;
    },
    k,
    skip,
  );
}
