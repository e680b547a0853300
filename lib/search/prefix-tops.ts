/**
 * The most popular documents of every very common short prefix ("t", "th", "the"...): what
 * a query ending in such a prefix needs, without reading thousands of posting lists.
 */

/**
 * A prefix range with more words than this is checked by range at scoring time instead of
 * being expanded word by word into the token's score codes, and (1-3 characters) has its
 * most popular documents precomputed.
 */
export const RANGE_FILL_MAX = 4096;
/** Documents kept per very common prefix. */
export const PREFIX_TOP = 2000;

/**
 * For every prefix of 1 to 3 characters that starts more than RANGE_FILL_MAX vocabulary
 * words, the PREFIX_TOP most popular documents holding such a word (ranks, ascending).
 * `sorted`: word ids in string order; the documents' tokens in rank order as in BuiltIndex.
 */
export function buildPrefixTops(
  sorted: Uint32Array,
  words: readonly string[],
  posStart: Uint32Array,
  posFwd: Uint32Array,
  posCount: number,
): Map<string, Uint32Array> {
  const V = sorted.length;
  const tops = new Map<string, Uint32Array>();
  // big prefix ranges, from one scan of the sorted vocabulary: the words sharing their
  // first L characters are contiguous (shorter words sort before the group)
  const ranges: [string, number, number][] = [];
  const groupStart = [-1, -1, -1];
  const close = (l: number, end: number) => {
    const a = groupStart[l];
    if (a >= 0 && end - a > RANGE_FILL_MAX) ranges.push([words[sorted[a]].slice(0, l + 1), a, end]);
    groupStart[l] = -1;
  };
  for (let i = 0; i < V; i++) {
    const w = words[sorted[i]];
    for (let l = 0; l < 3; l++) {
      const a = groupStart[l];
      if (a >= 0) {
        const g = words[sorted[a]];
        let same = w.length > l;
        for (let c = 0; c <= l && same; c++) same = w.charCodeAt(c) === g.charCodeAt(c);
        if (same) continue;
        close(l, i);
      }
      if (w.length > l) groupStart[l] = i;
    }
  }
  for (let l = 0; l < 3; l++) close(l, V);
  if (ranges.length === 0) return tops;
  // word -> the big ranges it belongs to (at most one per prefix length)
  const member = new Int32Array(V * 3).fill(-1);
  for (let r = 0; r < ranges.length; r++) {
    const [prefix, lo, hi] = ranges[r];
    for (let i = lo; i < hi; i++) member[sorted[i] * 3 + prefix.length - 1] = r;
  }
  const lists = ranges.map(() => new Uint32Array(PREFIX_TOP));
  const fill = new Uint32Array(ranges.length);
  const lastPos = new Int32Array(ranges.length).fill(-1);
  let open = ranges.length;
  for (let p = 0; p < posCount && open > 0; p++) {
    const end = posStart[p + 1];
    for (let x = posStart[p] + 1; x < end; x++) {
      const w = posFwd[x];
      for (let l = 0; l < 3; l++) {
        const r = member[w * 3 + l];
        if (r < 0 || lastPos[r] === p || fill[r] >= PREFIX_TOP) continue;
        lastPos[r] = p;
        lists[r][fill[r]++] = p;
        if (fill[r] === PREFIX_TOP) open--;
      }
    }
  }
  for (let r = 0; r < ranges.length; r++) tops.set(ranges[r][0], lists[r].subarray(0, fill[r]));
  return tops;
}
