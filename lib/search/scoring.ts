/**
 * Scoring a candidate title against the query (0..1, steps of 0.01): each query token is
 * greedily matched to its best title token; 0.55 x share of query tokens matched + 0.25 x
 * match quality (exact 1, prefix 0.85-0.95, one typo 0.4, two 0.2) + 0.10 x whole title
 * covered + 0.06 x word order kept + 0.04 x first word matched. And the top k of the scored
 * documents: by score, then popularity, then the smaller id.
 */
import { CODE_SCALE as CODE_SCALE_IMPORTED, MAX_QUERY_TOKENS, type TokenMatch } from "./token-match";

// Weights of the document score (they sum to 1): the share of query tokens matched comes
// first, then how well they matched, then covering the whole title, keeping the query's
// word order, and starting at the title's first word.
const CODE_SCALE = CODE_SCALE_IMPORTED; // local copy: used per scored document
const W_MATCHED = 0.55;
const W_QUALITY = 0.25;
const W_LENGTH = 0.1;
const W_ORDER = 0.06;
const W_START = 0.04;

/** Quality of a prefix match: 0.85 to 0.95 as more of the word is typed. */
export function prefixScore(queryLen: number, wordLen: number): number {
  if (queryLen <= 2) return 0.85;
  return 0.85 + 0.1 * (queryLen / Math.max(queryLen, wordLen));
}

/**
 * The reported match quality: the score in steps of 0.01, so that matches of practically
 * equal quality tie and popularity orders them.
 */
export function quantize(s: number): number {
  return Math.round(s * 100) / 100;
}

function lengthScore(extra: number): number {
  return extra === 0 ? 1 : extra === 1 ? 0.5 : extra === 2 ? 0.25 : 0;
}

/** Scores documents (as token id runs) against the token matches of one query. */
export class QueryScorer {
  private codes: Uint8Array[] = [];
  /** Per query token: its prefix range in the sorted vocabulary when too large to expand
   * into its codes (range mode), else -1; and its prefix match codes by word length. */
  private readonly lo = new Int32Array(MAX_QUERY_TOKENS);
  private readonly hi = new Int32Array(MAX_QUERY_TOKENS);
  private prefixCodes: Uint8Array[] = [];
  private sortedPos: Int32Array = new Int32Array(0);
  private wordLen: Uint8Array = new Uint8Array(0);

  /** Sets the query: its token matches, the built index's word -> sorted position, word lengths. */
  setQuery(matches: readonly TokenMatch[], sortedPos: Int32Array, wordLen: Uint8Array): void {
    this.codes = matches.map((m) => m.codes);
    this.prefixCodes = matches.map((m) => m.prefixCodes);
    for (let i = 0; i < matches.length; i++) {
      const m = matches[i];
      this.lo[i] = m.rangeMode ? m.lo : -1;
      this.hi[i] = m.rangeMode ? m.hi : -1;
    }
    this.sortedPos = sortedPos;
    this.wordLen = wordLen;
  }

  /** True when some query token matches word `w`. */
  matchesWord(w: number): boolean {
    const qc = this.codes;
    const sortedPos = this.sortedPos;
    for (let i = 0; i < qc.length; i++) {
      if (qc[i][w] !== 0) return true;
      const lo = this.lo[i];
      if (lo >= 0 && w < sortedPos.length) {
        const p = sortedPos[w];
        if (p >= lo && p < this.hi[i]) return true;
      }
    }
    return false;
  }

  /** Best score over a document's title tokens arr[start, +tl) and original title tokens
   * arr[start + tl, start + total). */
  scoreDoc(arr: Uint32Array, start: number, tl: number, total: number): number {
    let best = this.scoreField(arr, start, tl);
    const ol = total - tl;
    if (ol > 0 && best < 1) {
      const s = this.scoreField(arr, start + tl, ol);
      if (s > best) best = s;
    }
    return best;
  }

  private scoreField(fwd: Uint32Array, start: number, m: number): number {
    if (m === 0) return 0;
    const qc = this.codes;
    const n = qc.length;
    const sortedPos = this.sortedPos;
    const wl = this.wordLen;
    let used = 0;
    let sum = 0;
    let matched = 0;
    let adjacent = 0;
    let startsAtFirst = 0;
    let prevPos = -2;
    for (let i = 0; i < n; i++) {
      const codes = qc[i];
      const lo = this.lo[i];
      const hi = this.hi[i];
      let best = 0;
      let bestJ = -1;
      for (let j = 0; j < m; j++) {
        if (used & (1 << j)) continue;
        const w = fwd[start + j];
        let c = codes[w];
        if (c === 0 && lo >= 0 && w < sortedPos.length) {
          const p = sortedPos[w];
          if (p >= lo && p < hi) c = this.prefixCodes[i][wl[w]];
        }
        if (c > best || (c === best && c > 0 && j === prevPos + 1)) {
          best = c;
          bestJ = j;
        }
      }
      if (bestJ >= 0) {
        used |= 1 << bestJ;
        sum += best;
        matched++;
        if (i === 0 && bestJ === 0) startsAtFirst = 1;
        if (bestJ === prevPos + 1) adjacent++;
        prevPos = bestJ;
      } else {
        prevPos = -2;
      }
    }
    if (matched === 0 || matched * 2 < n) return 0;
    const order = n === 1 ? 1 : adjacent / (n - 1);
    return (
      (W_MATCHED * matched) / n +
      (W_QUALITY * sum) / (n * CODE_SCALE) +
      W_LENGTH * lengthScore(m - matched) +
      W_ORDER * order +
      W_START * startsAtFirst
    );
  }
}

/** The best k documents offered: by score, then popularity rank, then the smaller id. */
export class TopMatches {
  private readonly score: Float64Array;
  private readonly rank: Float64Array;
  private readonly id: Float64Array;
  private n = 0;

  constructor(private readonly k: number) {
    this.score = new Float64Array(k);
    this.rank = new Float64Array(k);
    this.id = new Float64Array(k);
  }

  /** False when a document of this score cannot enter (so its rank and id need no reading). */
  mayTake(score: number): boolean {
    return this.n < this.k || score >= this.score[this.k - 1];
  }

  offer(score: number, rank: number, id: number): void {
    const k = this.k;
    const topScore = this.score;
    const topRank = this.rank;
    const topId = this.id;
    if (this.n === k) {
      const ws = topScore[k - 1];
      if (score === ws) {
        const wr = topRank[k - 1];
        if (rank < wr || (rank === wr && id > topId[k - 1])) return;
      }
    }
    let i = this.n < k ? this.n++ : k - 1;
    while (i > 0) {
      const ps = topScore[i - 1];
      const pr = topRank[i - 1];
      if (ps > score || (ps === score && (pr > rank || (pr === rank && topId[i - 1] < id)))) break;
      topScore[i] = ps;
      topRank[i] = pr;
      topId[i] = topId[i - 1];
      i--;
    }
    topScore[i] = score;
    topRank[i] = rank;
    topId[i] = id;
  }

  /** The documents taken, best first. */
  results(): { id: number; score: number }[] {
    const out: { id: number; score: number }[] = [];
    for (let i = 0; i < this.n; i++) out.push({ id: this.id[i], score: this.score[i] });
    return out;
  }
}
