/**
 * Edit distances for the two-typo matcher: optimal-string-alignment distance (Damerau-
 * Levenshtein with adjacent transpositions), bounded, as a DP and bit-parallel.
 */

const dlRows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];
/**
 * Optimal-string-alignment distance (Damerau-Levenshtein with adjacent transpositions) of
 * a and b when it is at most max, else a value above max (max + 1 as soon as a DP row
 * shows it must exceed max).
 */
export function boundedDamerau(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (la === 0) return lb;
  if (lb === 0) return la;
  if (lb + 1 > dlRows[0].length) for (let k = 0; k < 3; k++) dlRows[k] = new Int32Array(lb + 64);
  let prev2 = dlRows[0];
  let prev = dlRows[1];
  let cur = dlRows[2];
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = prev[j - 1] + (ca === cb ? 0 : 1);
      const del = prev[j] + 1;
      if (del < v) v = del;
      const ins = cur[j - 1] + 1;
      if (ins < v) v = ins;
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        const t = prev2[j - 2] + 1;
        if (t < v) v = t;
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const tmp = prev2;
    prev2 = prev;
    prev = cur;
    cur = tmp;
  }
  return prev[lb];
}

/**
 * Bit-parallel optimal-string-alignment distance (Hyyro 2003) from one pattern of at most 31
 * code units to many words; falls back to the DP for longer patterns.
 */
export class BitDistance {
  private static peq = new Int32Array(65536);
  private readonly m: number;
  private readonly chars: number[];
  constructor(private readonly pattern: string) {
    this.m = pattern.length;
    this.chars = [];
    if (this.m > 31) return;
    for (let i = 0; i < this.m; i++) {
      const c = pattern.charCodeAt(i);
      if (BitDistance.peq[c] === 0) this.chars.push(c);
      BitDistance.peq[c] |= 1 << i;
    }
  }
  /** Distance to `text`, exact up to 2 (3 means "more than 2"). */
  to(text: string): number {
    const m = this.m;
    if (Math.abs(text.length - m) > 2) return 3;
    if (m > 31 || m === 0) return Math.min(3, boundedDamerau(this.pattern, text, 2));
    const peq = BitDistance.peq;
    const high = 1 << (m - 1);
    let vp = -1;
    let vn = 0;
    let d0 = 0;
    let pmPrev = 0;
    let score = m;
    for (let j = 0; j < text.length; j++) {
      const pm = peq[text.charCodeAt(j)];
      const tr = (((~d0 & pm) << 1) & pmPrev) | 0;
      d0 = ((((pm & vp) + vp) ^ vp) | pm | vn | tr) | 0;
      const hp = vn | ~(d0 | vp);
      const hn = d0 & vp;
      if (hp & high) score++;
      else if (hn & high) score--;
      const x = (hp << 1) | 1;
      vn = x & d0;
      vp = (hn << 1) | ~(x | d0);
      pmPrev = pm;
    }
    return score > 3 ? 3 : score;
  }
  /** Clears the shared match table. */
  release(): void {
    for (const c of this.chars) BitDistance.peq[c] = 0;
  }
}
