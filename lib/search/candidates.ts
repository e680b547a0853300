/**
 * Candidate documents of a query, most popular first and capped: the documents of the most
 * selective token; those holding both of the two most selective tokens (bitset
 * intersection over growing rank thresholds, or checking documents' tokens when one side is
 * a very common prefix); short titles holding the most selective token (exact titles); some
 * of the second token's. Built documents only (the caller scans the delta itself).
 */
import type { BuiltIndex } from "./built-index";
import { PREFIX_TOP } from "./prefix-tops";
import type { PostingLists, TokenMatch } from "./token-match";
import { grow, nextCapacity } from "./typed-arrays";

/** Candidates taken (most popular first) from the most selective query token. */
const PRIMARY_BUDGET = 1500;
/** The same for a one-token query (its ranking is mostly popularity anyway). */
const SINGLE_TOKEN_BUDGET = 1000;
/** Budgets when the documents holding the two most selective tokens are plenty. */
const REDUCED_BUDGET = 300;
/** Candidates taken from the second most selective token (partial matches, typo'd primary). */
const SECONDARY_BUDGET = 400;
/** Documents holding both of the two most selective tokens: how many to take (the most
 * popular), and how many postings the intersection may read looking for them. */
const BOTH_BUDGET = 500;
const INTERSECT_WORK_CAP = 500_000;
/** Exact-title candidates: short titles holding the primary token's exact word. */
const SHORT_TITLE_SCAN = 20_000;
const SHORT_TITLE_KEEP = 200;
/** Documents of the most selective token checked, on their tokens, for the second one when
 * that second one is a very common prefix. */
const FORWARD_CHECK_CAP = 10_000;
/** Relative costs (in sequential posting reads) of checking a document, of a posting list. */
const DOC_CHECK_COST = 150;
const LIST_COST = 100;

/** Collects a query's candidates (ranks of built documents); per-query scratch, reused. */
export class CandidateCollector {
  /** The candidates: cand[0..count), each once. */
  cand = new Uint32Array(1 << 14);
  count = 0;
  private b!: BuiltIndex;
  private seen = new Int32Array(0); // bitset by rank: candidate already taken
  private bits = new Int32Array(0);
  private both = new Uint32Array(BOTH_BUDGET * 4);
  private cursorStart = new Uint32Array(1024);
  private cursorEnd = new Uint32Array(1024);

  /** Collects the candidates of a query of `matches` wanting `k` results. */
  collect(matches: TokenMatch[], k: number, built: BuiltIndex): void {
    this.b = built;
    this.count = 0;
    if (this.seen.length * 32 < built.count) {
      this.seen = new Int32Array((built.count >>> 5) + 1);
      this.bits = new Int32Array((built.count >>> 5) + 1);
    }
    if (built.count === 0) return;
    const active = matches.filter((m) => m.est > 0).sort((x, y) => x.est - y.est);
    if (active.length === 0) return;
    const n = matches.length;
    // scoring costs grow with the number of query tokens: fewer candidates for long queries
    const scale = n > 4 ? 4 / n : 1;
    const primary = Math.max(Math.ceil(PRIMARY_BUDGET * scale), 2 * k);
    const a = active[0];
    if (active.length === 1) {
      const budget = n === 1 ? Math.max(SINGLE_TOKEN_BUDGET, 2 * k) : primary;
      this.addTop(a, budget);
      if (a.est > budget) this.addShortTitles(a, n + 1);
      return;
    }
    const b = active[1];
    let secondary = Math.ceil(SECONDARY_BUDGET * scale);
    if (a.est <= primary) {
      this.addTop(a, primary); // every document of the most selective token
    } else {
      // The most popular documents holding both tokens; when there are plenty of them,
      // documents holding only one cannot outscore them, so few of those are taken.
      // Cost model, in posting reads: intersecting reads both tokens' postings plus a cache
      // miss per posting list; checking documents of `a` for `b` costs a cache miss or two
      // per document, and needs about budget / (share of documents holding b) of them.
      const P = built.count;
      const listCount = (m: TokenMatch) => (m.prefix ? m.hi - m.lo : 1) + m.typoWords.length + m.fuzzy.length / 2;
      const intersectCost = a.est + b.est + LIST_COST * (listCount(a) + listCount(b));
      const checkCost =
        DOC_CHECK_COST * Math.min(a.est, FORWARD_CHECK_CAP, (BOTH_BUDGET * P) / Math.max(1, b.est));
      const both =
        intersectCost <= checkCost
          ? this.addIntersection(a, b, BOTH_BUDGET, INTERSECT_WORK_CAP)
          : this.addCheckedBoth(a, b, BOTH_BUDGET, FORWARD_CHECK_CAP);
      const plenty = both >= 4 * k + 50;
      this.addTop(a, plenty ? REDUCED_BUDGET : primary);
      this.addShortTitles(a, n + 1);
      if (plenty) secondary = REDUCED_BUDGET / 2;
    }
    this.addTop(b, secondary);
  }

  /** Forgets the candidates (clears exactly the bits they set). */
  reset(): void {
    for (let c = 0; c < this.count; c++) this.seen[this.cand[c] >>> 5] = 0;
    this.count = 0;
  }

  /**
   * The posting ranges [start, end) of every built word `m` may match (computed once per
   * query and kept on the match).
   */
  private lists(m: TokenMatch): PostingLists {
    if (m.lists) return m.lists;
    let n = 0;
    let start = new Uint32Array(16);
    let end = new Uint32Array(16);
    const offsets = this.b.postOffsets;
    const sortedWords = this.b.sortedWords;
    const sortedPos = this.b.sortedPos;
    const builtVocab = this.b.vocabSize;
    const push = (w: number) => {
      if (w >= builtVocab) return;
      const a = offsets[w];
      const b = offsets[w + 1];
      if (a === b) return;
      if (n >= start.length) {
        start = grow(start, n + 1);
        end = grow(end, n + 1);
      }
      start[n] = a;
      end[n] = b;
      n++;
    };
    if (m.prefix) {
      for (let i = m.lo; i < m.hi; i++) push(sortedWords[i]);
    } else if (m.exact >= 0) {
      push(m.exact);
    }
    for (const w of m.typoWords) {
      if (m.prefix && w < builtVocab && sortedPos[w] >= m.lo && sortedPos[w] < m.hi) continue;
      push(w);
    }
    const f = m.fuzzy;
    for (let r = 0; r < f.length; r += 2) for (let i = f[r]; i < f[r + 1]; i++) push(sortedWords[i]);
    m.lists = { n, start, end };
    return m.lists;
  }

  /** A scratch copy of the start cursors of `l` (cursor set 0 or 1). */
  private cursors(l: PostingLists, set: 0 | 1): Uint32Array {
    let c = set === 0 ? this.cursorStart : this.cursorEnd;
    if (c.length < l.n) {
      c = new Uint32Array(nextCapacity(c.length, l.n));
      if (set === 0) this.cursorStart = c;
      else this.cursorEnd = c;
    }
    for (let k = 0; k < l.n; k++) c[k] = l.start[k];
    return c;
  }

  private add(pos: number): void {
    const bit = 1 << (pos & 31);
    if ((this.seen[pos >>> 5] & bit) !== 0) return;
    this.seen[pos >>> 5] |= bit;
    if (this.count >= this.cand.length) this.cand = grow(this.cand, this.count + 1);
    this.cand[this.count++] = pos;
  }

  /** Adds about `budget` of the most popular documents matching `m` (all when fewer). */
  private addTop(m: TokenMatch, budget: number): void {
    if (m.top !== null && budget <= m.top.length) {
      const top = m.top;
      let added = 0;
      for (let i = 0; i < top.length && added < budget; i++) {
        const bit = 1 << (top[i] & 31);
        if ((this.seen[top[i] >>> 5] & bit) !== 0) continue;
        this.add(top[i]);
        added++;
      }
      return;
    }
    const l = this.lists(m);
    const n = l.n;
    if (n === 0) return;
    const st = this.cursors(l, 0);
    const en = l.end;
    const post = this.b.postings;
    const startCount = this.count;
    if (m.est <= budget) {
      for (let k = 0; k < n; k++) for (let x = st[k]; x < en[k]; x++) this.add(post[x]);
      return;
    }
    // Ranks are positions in popularity order: take every posting below a rank threshold,
    // doubling the threshold until the budget is met.
    const P = this.b.count;
    let threshold = Math.max(64, Math.ceil((budget / Math.max(1, m.est)) * P * 1.5));
    for (;;) {
      for (let k = 0; k < n; k++) {
        let x = st[k];
        const e = en[k];
        while (x < e && post[x] < threshold) this.add(post[x++]);
        st[k] = x;
      }
      if (this.count - startCount >= budget || threshold >= P) break;
      threshold = Math.min(P, threshold * 2);
    }
    // the last round may overshoot: keep the `budget` most popular
    if (this.count - startCount > budget) {
      const part = this.cand.subarray(startCount, this.count);
      part.sort();
      for (let i = budget; i < part.length; i++) this.seen[part[i] >>> 5] &= ~(1 << (part[i] & 31));
      this.count = startCount + budget;
    }
  }

  /** True when the built document at rank `pos` has a token matching `m`. */
  private docMatches(pos: number, m: TokenMatch): boolean {
    const fwd = this.b.posFwd;
    const posStart = this.b.posStart;
    const end = posStart[pos + 1];
    const codes = m.codes;
    const ranged = m.rangeMode;
    const sortedPos = this.b.sortedPos;
    for (let x = posStart[pos] + 1; x < end; x++) {
      const w = fwd[x];
      if (codes[w] !== 0) return true;
      if (ranged && w < sortedPos.length) {
        const p = sortedPos[w];
        if (p >= m.lo && p < m.hi) return true;
      }
    }
    return false;
  }

  /**
   * Adds up to `budget` documents matching both `a` and `b`, most popular first, by reading
   * the documents of `a` in rank order (at most `cap` of them) and checking `b` on their
   * tokens: for when `b` is a very common prefix, whose postings are too many to read.
   */
  private addCheckedBoth(a: TokenMatch, b: TokenMatch, budget: number, cap: number): number {
    let added = 0;
    let work = 0;
    const take = (p: number): boolean => {
      work++;
      if ((this.seen[p >>> 5] & (1 << (p & 31))) === 0 && this.docMatches(p, b)) {
        this.add(p);
        added++;
      }
      return added < budget && work < cap;
    };
    if (a.top !== null) {
      for (let i = 0; i < a.top.length; i++) if (!take(a.top[i])) return added;
      if (a.top.length < PREFIX_TOP) return added; // that was all of them
    }
    // rank order over a's lists, in rounds of a growing rank threshold
    const l = this.lists(a);
    if (l.n === 0) return added;
    const cur = this.cursors(l, 0);
    const post = this.b.postings;
    const P = this.b.count;
    let threshold = Math.max(1024, Math.ceil((cap / Math.max(1, a.est)) * P));
    for (;;) {
      for (let k = 0; k < l.n; k++) {
        let x = cur[k];
        const e = l.end[k];
        while (x < e && post[x] < threshold) if (!take(post[x++])) return added;
        cur[k] = x;
      }
      if (threshold >= P) return added;
      threshold = Math.min(P, threshold * 2);
    }
  }

  /**
   * Adds up to `budget` documents matching both `a` and `b`, most popular first. Works in
   * rounds over growing rank thresholds: marks the postings of `a` below the threshold in a
   * (cache-resident) bitset, then reads those of `b` below it; stops once enough documents
   * are found, or after `workCap` postings. Returns how many it added.
   */
  private addIntersection(a: TokenMatch, b: TokenMatch, budget: number, workCap: number): number {
    const la = this.lists(a);
    const lb = this.lists(b);
    if (la.n === 0 || lb.n === 0) return 0;
    const ca = this.cursors(la, 0);
    const cb = this.cursors(lb, 1);
    const bits = this.bits;
    const post = this.b.postings;
    const P = this.b.count;
    // expected share of documents holding both, as if independent
    const density = Math.max(1e-9, (a.est / P) * (b.est / P));
    let threshold = Math.min(P, Math.max(1024, Math.ceil((budget / density) * 1.5)));
    let found = this.both;
    let nf = 0;
    let work = 0;
    for (;;) {
      for (let k = 0; k < la.n; k++) {
        let x = ca[k];
        const e = la.end[k];
        while (x < e && post[x] < threshold) {
          const p = post[x++];
          bits[p >>> 5] |= 1 << (p & 31);
        }
        work += x - ca[k];
        ca[k] = x;
      }
      for (let k = 0; k < lb.n; k++) {
        let x = cb[k];
        const e = lb.end[k];
        while (x < e && post[x] < threshold) {
          const p = post[x++];
          if ((bits[p >>> 5] & (1 << (p & 31))) !== 0) {
            if (nf >= found.length) found = this.both = grow(found, nf + 1);
            found[nf++] = p;
          }
        }
        work += x - cb[k];
        cb[k] = x;
      }
      if (nf >= budget || threshold >= P || work >= workCap) break;
      threshold = Math.min(P, threshold * 2);
    }
    bits.fill(0, 0, Math.min(bits.length, (threshold >>> 5) + 1));
    // several lists of `b` may hold the same document; keep the most popular `budget`
    if (lb.n > 1 || nf > budget) found.subarray(0, nf).sort();
    let added = 0;
    let last = -1;
    for (let i = 0; i < nf && added < budget; i++) {
      const p = found[i];
      if (p === last) continue;
      last = p;
      if ((this.seen[p >>> 5] & (1 << (p & 31))) === 0) {
        this.add(p);
        added++;
      }
    }
    return added;
  }

  /** Documents with a short title holding `m`'s exact word (exact-title candidates). */
  private addShortTitles(m: TokenMatch, maxTokens: number): void {
    const w = m.exact;
    const b = this.b;
    if (w < 0 || w >= b.vocabSize) return;
    const from = b.postOffsets[w];
    const to = Math.min(b.postOffsets[w + 1], from + SHORT_TITLE_SCAN);
    let kept = 0;
    for (let x = from; x < to && kept < SHORT_TITLE_KEEP; x++) {
      const p = b.postings[x];
      const h = b.posFwd[b.posStart[p]];
      const tl = h & 255;
      const ol = (h >>> 8) & 255;
      if (tl <= maxTokens || (ol > 0 && ol <= maxTokens)) {
        this.add(p);
        kept++;
      }
    }
  }
}
