/**
 * Maximal marginal relevance: re-ranks a candidate pool so that a list is not filled by near
 * copies of one another (the sequels of one franchise). Each pick maximises
 *   (1 - diversity) * relevance - diversity * (highest similarity to an earlier pick),
 * so diversity 0 keeps the relevance order and 1 only spreads the picks out.
 */
interface Scored {
  id: number;
  score: number;
}

/** How many candidates to score before re-ranking `k` of them: enough alternatives to every cluster. */
export function poolSize(k: number, diversity: number): number {
  return diversity > 0 ? Math.min(250, Math.max(k * 5, 50)) : k;
}

/**
 * The best `k` of `pool` (best first) by MMR; `similarity(a, b)` is the cosine of two candidates.
 * The returned items keep their relevance score: the API's `score` stays "how like the query".
 */
export function mmr<T extends Scored>(pool: readonly T[], k: number, diversity: number, similarity: (a: number, b: number) => number): T[] {
  if (diversity <= 0 || pool.length <= 1) return pool.slice(0, k);
  const left = [...pool];
  // Highest similarity of each remaining candidate to any pick so far.
  const nearest = new Float64Array(left.length).fill(-Infinity);
  const out: T[] = [];
  while (out.length < k && left.length) {
    let best = 0;
    let bestValue = -Infinity;
    for (let i = 0; i < left.length; i++) {
      const penalty = out.length ? nearest[i] : 0;
      const value = (1 - diversity) * left[i].score - diversity * penalty;
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    const [picked] = left.splice(best, 1);
    nearest.copyWithin(best, best + 1);
    out.push(picked);
    for (let i = 0; i < left.length; i++) nearest[i] = Math.max(nearest[i], similarity(picked.id, left[i].id));
  }
  return out;
}
