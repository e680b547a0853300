/**
 * In-process, typo-tolerant title search (autocomplete) over the whole catalog.
 *
 * Pure TypeScript, no I/O: the server feeds it rows (`add`) and live changes (`add` again
 * with the same id, `remove`), and asks `search`.
 *
 * Design (word-level, as in Meilisearch/Typesense, sized for ~1.3M titles):
 * - Titles (and original titles when they differ) are tokenised into words; scripts with no
 *   spaces (CJK, Thai...) into overlapping character bigrams (see `normalize.ts`).
 * - A vocabulary maps each distinct token to a word id. Each document stores its token ids
 *   in one flat forward array (typed arrays throughout, no per-document objects).
 * - `build()` ranks the live documents by popularity (log votes + log popularity) and
 *   writes, per word, the posting list of document *ranks* (CSR layout, ascending, i.e.
 *   most popular first), the vocabulary sorted (prefix ranges by binary search, with
 *   cumulative document frequencies so a prefix's size is O(1)) and a hashed bigram index
 *   of the vocabulary (2-typo candidates for long words).
 * - A query token expands to vocabulary words: exact, prefix (the last token while it is
 *   being typed), one typo (all edit-1 variants looked up, for tokens of 4+ chars; 3 when
 *   nothing else matches), two typos (bigram count filter + bounded Damerau-Levenshtein, for
 *   8+ chars), and a typo inside the typed prefix when nothing else matches.
 * - Candidates: the documents of the most selective query token (most popular first, capped),
 *   the intersection of the two most selective tokens, and a few of the second token's.
 * - Each candidate is scored on its title and original title: every query token greedily
 *   matched to its best title token (exact 1, prefix < 1, typo less), plus small bonuses for
 *   matching the whole title, word order and the first word. Ties go to popularity.
 * - Documents added or changed after the last build sit in a small delta that every query
 *   scans; the next search rebuilds once the delta or the deleted share grows large.
 */
import { MAX_TOKEN_LENGTH, isUnsegmentedToken, normalizeTitle, tokenize } from "./normalize";

export { normalizeTitle, tokenize } from "./normalize";

export interface TitleEntry {
  id: number;
  title: string;
  original_title: string;
  popularity: number;
  vote_count: number;
  release_year: number;
}

export interface TitleMatch {
  id: number;
  /** Match quality in 0..1 (1 = the query is exactly the title). */
  score: number;
}

/** Tokens kept per title field (titles longer than this are rare; the rest is not indexed). */
const MAX_FIELD_TOKENS = 30;
/** Query tokens considered; a longer query keeps its first ones. */
const MAX_QUERY_TOKENS = 10;
/** Query text considered (code units). */
const MAX_QUERY_CHARS = 512;
/** Delta documents scanned by every query before the next search rebuilds. */
const DELTA_MAX = 4096;
/** Candidates taken (most popular first) from the most selective query token. */
const PRIMARY_BUDGET = 4000;
/** Candidates taken from the second most selective token (partial matches, typo'd primary). */
const SECONDARY_BUDGET = 800;
/** Postings an intersection may touch. */
const INTERSECT_WORK_CAP = 3_000_000;
/** Documents an intersection may contribute. */
const INTERSECT_KEEP = 8000;
/** Short exact-title candidates looked for in the primary token's postings. */
const SHORT_TITLE_SCAN = 200_000;
const SHORT_TITLE_KEEP = 400;
/** Vocabulary words taken from fuzzy prefix ranges. */
const FUZZY_PREFIX_WORDS = 4000;
/** Distance-2 typo candidates verified per query token. */
const TYPO2_VERIFY_CAP = 20_000;
/** Longest token given typo tolerance / a fuzzy prefix. */
const MAX_TYPO_LENGTH = 24;
const MAX_FUZZY_PREFIX_LENGTH = 12;
const BIGRAM_BUCKETS = 1 << 16;
const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 10;

// Match scores of one query token against one title token.
const S_EXACT = 1;
const S_TYPO1 = 0.8;
const S_TYPO2 = 0.62;
const S_FUZZY_PREFIX = 0.6;
// Weights of the document score (sum to 1).
const W_WORDS = 0.75;
const W_LENGTH = 0.1;
const W_ORDER = 0.08;
const W_START = 0.07;

function prefixScore(queryLen: number, wordLen: number): number {
  if (queryLen <= 2) return 0.75;
  return 0.7 + 0.25 * (queryLen / Math.max(queryLen, wordLen));
}

function lengthScore(extra: number): number {
  return extra === 0 ? 1 : extra === 1 ? 0.5 : extra === 2 ? 0.25 : 0;
}

function popularityRank(voteCount: number, popularity: number): number {
  const v = Number.isFinite(voteCount) && voteCount > 0 ? voteCount : 0;
  const p = Number.isFinite(popularity) && popularity > 0 ? popularity : 0;
  return Math.log1p(v) + 0.5 * Math.log1p(p);
}

function nextCapacity(current: number, needed: number): number {
  let c = Math.max(16, current);
  while (c < needed) c *= 2;
  return c;
}

function growU32(a: Uint32Array, needed: number): Uint32Array<ArrayBuffer> {
  if (needed <= a.length) return a as Uint32Array<ArrayBuffer>;
  const b = new Uint32Array(nextCapacity(a.length, needed));
  b.set(a);
  return b;
}
function growI32(a: Int32Array, needed: number, fill = 0): Int32Array<ArrayBuffer> {
  if (needed <= a.length) return a as Int32Array<ArrayBuffer>;
  const b = new Int32Array(nextCapacity(a.length, needed));
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}
function growU8(a: Uint8Array, needed: number): Uint8Array<ArrayBuffer> {
  if (needed <= a.length) return a as Uint8Array<ArrayBuffer>;
  const b = new Uint8Array(nextCapacity(a.length, needed));
  b.set(a);
  return b;
}
function growF32(a: Float32Array, needed: number): Float32Array<ArrayBuffer> {
  if (needed <= a.length) return a as Float32Array<ArrayBuffer>;
  const b = new Float32Array(nextCapacity(a.length, needed));
  b.set(a);
  return b;
}
function growF64(a: Float64Array, needed: number): Float64Array<ArrayBuffer> {
  if (needed <= a.length) return a as Float64Array<ArrayBuffer>;
  const b = new Float64Array(nextCapacity(a.length, needed));
  b.set(a);
  return b;
}

function bigramHash(a: number, b: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b)) >>> 16;
}

/** Distinct hashed bigrams of `\x01 + w + \x02`, into `out`; returns how many. */
function bigramsOf(w: string, out: Int32Array): number {
  let n = 0;
  let prev = 1;
  for (let i = 0; i <= w.length; i++) {
    const c = i < w.length ? w.charCodeAt(i) : 2;
    const h = bigramHash(prev, c);
    let dup = false;
    for (let k = 0; k < n; k++)
      if (out[k] === h) {
        dup = true;
        break;
      }
    if (!dup) out[n++] = h;
    prev = c;
  }
  return n;
}

const dlRows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];
/**
 * Optimal-string-alignment (Damerau-Levenshtein with adjacent transpositions) distance of
 * a and b, or max + 1 as soon as it must exceed max.
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
      const cost = ca === cb ? 0 : 1;
      let v = prev[j - 1] + cost;
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

/** How one query token matches vocabulary words. */
interface Matcher {
  token: string;
  len: number;
  exact: number; // word id, or -1
  prefix: boolean; // the token may be an unfinished word
  lo: number; // prefix range in the sorted vocabulary [lo, hi)
  hi: number;
  typo: Map<number, number> | null; // word id -> score
  fuzzy: number[]; // fuzzy prefix ranges [lo0, hi0, lo1, hi1, ...] in the sorted vocabulary
  fuzzyTokens: string[]; // their prefixes (to match words added since the build)
  est: number; // documents of the built part it may match
}

export class TitleIndex {
  // ---- vocabulary
  private words: string[] = [];
  private wordIds = new Map<string, number>();
  private wordLen = new Uint8Array(1024);
  private alphabets = new Map<number, Set<string>>(); // 128-code-unit block -> chars seen
  private alphabetCache = new Map<number, string[]>();

  // ---- documents (slots), forward index
  private slotCount = 0;
  private ids: Float64Array;
  private ranks: Float32Array;
  private alive: Uint8Array;
  private fwdStart: Uint32Array;
  private titleLen: Uint8Array;
  private origLen: Uint8Array;
  private fwd: Uint32Array;
  private fwdLen = 0;
  private idToSlot = new Map<number, number>();
  private aliveCount = 0;
  private deadBuilt = 0;

  // ---- built part
  private built = false;
  private builtSlots = 0; // slots below this are in the postings (if alive at build time)
  private builtVocab = 0; // word ids below this are in the sorted vocabulary and postings
  private posCount = 0;
  private posToSlot = new Uint32Array(0);
  private postOffsets = new Uint32Array(1);
  private postings = new Uint32Array(0);
  private df = new Uint32Array(0);
  private sortedWords = new Uint32Array(0);
  private sortedPos = new Int32Array(0); // word id -> index in sortedWords, -1 if not built
  private cumDf = new Float64Array(1);
  private bgOffsets = new Uint32Array(BIGRAM_BUCKETS + 1);
  private bgWords = new Uint32Array(0);

  // ---- per-query scratch (search is synchronous, never re-entered)
  private seen = new Uint32Array(0);
  private mark = new Uint32Array(0);
  private gen = 0;
  private cand = new Uint32Array(1 << 14);
  private candCount = 0;
  private cursorStart = new Uint32Array(1024);
  private cursorEnd = new Uint32Array(1024);
  private vocabCount = new Uint8Array(0);
  private vocabTouched = new Uint32Array(1024);
  private bgScratch = new Int32Array(MAX_TOKEN_LENGTH + 2);
  private matchers: Matcher[] = [];

  constructor(expectedSize = 0) {
    const n = Math.max(1024, Math.min(Math.floor(Number(expectedSize) || 0), 50_000_000));
    this.ids = new Float64Array(n);
    this.ranks = new Float32Array(n);
    this.alive = new Uint8Array(n);
    this.fwdStart = new Uint32Array(n);
    this.titleLen = new Uint8Array(n);
    this.origLen = new Uint8Array(n);
    this.fwd = new Uint32Array(n * 5);
  }

  /** Live (searchable) entries. */
  get size(): number {
    return this.aliveCount;
  }

  /** Inserts an entry, or replaces the entry with the same id. */
  add(entry: TitleEntry): void {
    const id = entry?.id;
    if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 0) {
      throw new RangeError(`TitleIndex.add: id must be a non-negative integer, got ${String(id)}`);
    }
    const old = this.idToSlot.get(id);
    if (old !== undefined) this.killSlot(old);

    const title = typeof entry.title === "string" ? entry.title : "";
    const original = typeof entry.original_title === "string" ? entry.original_title : "";
    const t = tokenize(title, MAX_FIELD_TOKENS).tokens;
    let o = original.length > 0 && original !== title ? tokenize(original, MAX_FIELD_TOKENS).tokens : [];
    if (o.length === t.length && o.every((w, i) => w === t[i])) o = [];

    const slot = this.slotCount++;
    if (slot >= this.ids.length) this.growSlots(slot + 1);
    this.ids[slot] = id;
    this.ranks[slot] = popularityRank(Number(entry.vote_count), Number(entry.popularity));
    this.alive[slot] = 1;
    this.fwdStart[slot] = this.fwdLen;
    this.titleLen[slot] = t.length;
    this.origLen[slot] = o.length;
    const need = this.fwdLen + t.length + o.length;
    if (need > this.fwd.length) this.fwd = growU32(this.fwd, need);
    for (let i = 0; i < t.length; i++) this.fwd[this.fwdLen++] = this.wordId(t[i]);
    for (let i = 0; i < o.length; i++) this.fwd[this.fwdLen++] = this.wordId(o[i]);
    this.idToSlot.set(id, slot);
    this.aliveCount++;
  }

  /** Removes the entry with this id (no-op when absent); it never matches again. */
  remove(id: number): void {
    const slot = this.idToSlot.get(id);
    if (slot === undefined) return;
    this.killSlot(slot);
  }

  /** Figures for health checks and benchmarks. */
  stats(): { size: number; vocabulary: number; postings: number; delta: number; built: boolean } {
    return {
      size: this.aliveCount,
      vocabulary: this.words.length,
      postings: this.postings.length,
      delta: this.slotCount - this.builtSlots,
      built: this.built,
    };
  }

  /** True when an entry with this id is indexed. */
  has(id: number): boolean {
    return this.idToSlot.has(id);
  }

  /**
   * Builds (or rebuilds) the search structures now. `search` does it lazily when needed;
   * call it after a bulk load so the first query does not pay for it.
   */
  build(): void {
    this.rebuild();
  }

  /**
   * Ranked matches for a user query: by match quality (`score`), then popularity, then id.
   * Never throws on any string input; returns [] when nothing sensible matches.
   */
  search(query: string, limit: number = DEFAULT_LIMIT): TitleMatch[] {
    let k = Math.floor(Number(limit));
    if (!Number.isFinite(k)) k = DEFAULT_LIMIT;
    if (k <= 0) return [];
    if (k > MAX_LIMIT) k = MAX_LIMIT;
    if (typeof query !== "string" || this.aliveCount === 0) return [];
    const text = query.length > MAX_QUERY_CHARS ? query.slice(0, MAX_QUERY_CHARS) : query;
    const { tokens, openEnded } = tokenize(text, MAX_QUERY_TOKENS);
    if (tokens.length === 0) return [];

    if (this.needsRebuild()) this.rebuild();

    const matchers: Matcher[] = [];
    for (let i = 0; i < tokens.length; i++) {
      matchers.push(this.makeMatcher(tokens[i], openEnded && i === tokens.length - 1));
    }
    this.matchers = matchers;

    this.gen++;
    if (this.gen >= 0xfffffff0) {
      this.seen.fill(0);
      this.mark.fill(0);
      this.gen = 1;
    }
    this.candCount = 0;
    this.collectCandidates(matchers);

    // ---- score: candidates from the built part, then every delta document
    const topScore = new Float64Array(k);
    const topRank = new Float64Array(k);
    const topId = new Float64Array(k);
    let topN = 0;
    const consider = (slot: number): void => {
      const s = this.scoreSlot(slot);
      if (s <= 0) return;
      const score = Math.round(s * 10000) / 10000;
      const rank = this.ranks[slot];
      const id = this.ids[slot];
      if (topN === k) {
        const ws = topScore[k - 1];
        if (score < ws) return;
        if (score === ws) {
          const wr = topRank[k - 1];
          if (rank < wr || (rank === wr && id > topId[k - 1])) return;
        }
      }
      let i = topN < k ? topN++ : k - 1;
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
    };
    const cand = this.cand;
    for (let c = 0; c < this.candCount; c++) {
      const slot = this.posToSlot[cand[c]];
      if (this.alive[slot]) consider(slot);
    }
    for (let slot = this.builtSlots; slot < this.slotCount; slot++) {
      if (this.alive[slot]) consider(slot);
    }
    const out: TitleMatch[] = [];
    for (let i = 0; i < topN; i++) out.push({ id: topId[i], score: topScore[i] });
    return out;
  }

  // ------------------------------------------------------------------ building

  private wordId(w: string): number {
    let id = this.wordIds.get(w);
    if (id !== undefined) return id;
    id = this.words.length;
    this.words.push(w);
    this.wordIds.set(w, id);
    if (id >= this.wordLen.length) this.wordLen = growU8(this.wordLen, id + 1);
    this.wordLen[id] = Math.min(255, w.length);
    if (!isUnsegmentedToken(w)) {
      for (let i = 0; i < w.length; i++) {
        const ch = w[i];
        const block = w.charCodeAt(i) >> 7;
        let set = this.alphabets.get(block);
        if (!set) this.alphabets.set(block, (set = new Set()));
        if (!set.has(ch)) {
          set.add(ch);
          this.alphabetCache.delete(block);
        }
      }
    }
    return id;
  }

  private killSlot(slot: number): void {
    if (!this.alive[slot]) return;
    this.alive[slot] = 0;
    this.idToSlot.delete(this.ids[slot]);
    this.aliveCount--;
    if (slot < this.builtSlots) this.deadBuilt++;
  }

  private growSlots(needed: number): void {
    this.ids = growF64(this.ids, needed);
    this.ranks = growF32(this.ranks, needed);
    this.alive = growU8(this.alive, needed);
    this.fwdStart = growU32(this.fwdStart, needed);
    this.titleLen = growU8(this.titleLen, needed);
    this.origLen = growU8(this.origLen, needed);
  }

  private needsRebuild(): boolean {
    if (!this.built) return true;
    if (this.slotCount - this.builtSlots > DELTA_MAX) return true;
    return this.deadBuilt > 1024 && this.deadBuilt > this.posCount / 4;
  }

  /** Drops dead slots from the forward index when they are a large share of it. */
  private compact(): void {
    const dead = this.slotCount - this.aliveCount;
    if (dead < 1024 || dead < this.slotCount / 4) return;
    let w = 0;
    let fw = 0;
    for (let s = 0; s < this.slotCount; s++) {
      if (!this.alive[s]) continue;
      const start = this.fwdStart[s];
      const len = this.titleLen[s] + this.origLen[s];
      this.fwd.copyWithin(fw, start, start + len);
      this.ids[w] = this.ids[s];
      this.ranks[w] = this.ranks[s];
      this.alive[w] = 1;
      this.fwdStart[w] = fw;
      this.titleLen[w] = this.titleLen[s];
      this.origLen[w] = this.origLen[s];
      fw += len;
      w++;
    }
    this.alive.fill(0, w, this.slotCount);
    this.slotCount = w;
    this.fwdLen = fw;
    this.idToSlot.clear();
    for (let s = 0; s < w; s++) this.idToSlot.set(this.ids[s], s);
  }

  private rebuild(): void {
    this.compact();
    const V = this.words.length;
    const S = this.slotCount;

    // 1. Sorted vocabulary: merge the previously sorted words with the new ones.
    const oldSorted = this.sortedWords;
    const newWords = this.words.slice(this.builtVocab).sort();
    const sorted = new Uint32Array(V);
    {
      let i = 0;
      let j = 0;
      let o = 0;
      const words = this.words;
      while (i < oldSorted.length || j < newWords.length) {
        if (j >= newWords.length || (i < oldSorted.length && words[oldSorted[i]] < newWords[j])) {
          sorted[o++] = oldSorted[i++];
        } else {
          sorted[o++] = this.wordIds.get(newWords[j++])!;
        }
      }
    }
    const sortedPos = new Int32Array(V);
    for (let i = 0; i < V; i++) sortedPos[sorted[i]] = i;

    // 2. Ranks: live slots, most popular first (ties: insertion order).
    let P = 0;
    const order = new Uint32Array(this.aliveCount);
    if (S < 1 << 24) {
      const keys = new Float64Array(this.aliveCount);
      for (let s = 0; s < S; s++) {
        if (!this.alive[s]) continue;
        const q = Math.min(0xfffff, Math.max(0, Math.round(this.ranks[s] * 4096)));
        keys[P++] = (0xfffff - q) * 16777216 + s;
      }
      keys.sort();
      for (let i = 0; i < P; i++) order[i] = keys[i] % 16777216;
    } else {
      for (let s = 0; s < S; s++) if (this.alive[s]) order[P++] = s;
      const r = this.ranks;
      order.sort((a, b) => r[b] - r[a] || a - b);
    }

    // 3. Postings (CSR): each word's list of ranks, ascending; a word counted once per doc.
    const counts = new Uint32Array(V + 1);
    const lastPos = new Int32Array(V).fill(-1);
    const fwd = this.fwd;
    for (let p = 0; p < P; p++) {
      const s = order[p];
      const a = this.fwdStart[s];
      const b = a + this.titleLen[s] + this.origLen[s];
      for (let x = a; x < b; x++) {
        const w = fwd[x];
        if (lastPos[w] !== p) {
          lastPos[w] = p;
          counts[w]++;
        }
      }
    }
    const offsets = new Uint32Array(V + 1);
    for (let w = 0; w < V; w++) offsets[w + 1] = offsets[w] + counts[w];
    const postings = new Uint32Array(offsets[V]);
    const fill = counts; // reuse as write cursors
    for (let w = 0; w < V; w++) fill[w] = offsets[w];
    lastPos.fill(-1);
    for (let p = 0; p < P; p++) {
      const s = order[p];
      const a = this.fwdStart[s];
      const b = a + this.titleLen[s] + this.origLen[s];
      for (let x = a; x < b; x++) {
        const w = fwd[x];
        if (lastPos[w] !== p) {
          lastPos[w] = p;
          postings[fill[w]++] = p;
        }
      }
    }
    const df = new Uint32Array(V);
    for (let w = 0; w < V; w++) df[w] = offsets[w + 1] - offsets[w];
    const cumDf = new Float64Array(V + 1);
    for (let i = 0; i < V; i++) cumDf[i + 1] = cumDf[i] + df[sorted[i]];

    // 4. Hashed bigram index of the vocabulary words long enough for a 2-typo match.
    const bgCounts = new Uint32Array(BIGRAM_BUCKETS + 1);
    const tmp = this.bgScratch;
    for (let w = 0; w < V; w++) {
      if (this.wordLen[w] < 6 || df[w] === 0) continue;
      const n = bigramsOf(this.words[w], tmp);
      for (let k = 0; k < n; k++) bgCounts[tmp[k]]++;
    }
    const bgOffsets = new Uint32Array(BIGRAM_BUCKETS + 1);
    for (let h = 0; h < BIGRAM_BUCKETS; h++) bgOffsets[h + 1] = bgOffsets[h] + bgCounts[h];
    const bgWords = new Uint32Array(bgOffsets[BIGRAM_BUCKETS]);
    for (let h = 0; h < BIGRAM_BUCKETS; h++) bgCounts[h] = bgOffsets[h];
    for (let w = 0; w < V; w++) {
      if (this.wordLen[w] < 6 || df[w] === 0) continue;
      const n = bigramsOf(this.words[w], tmp);
      for (let k = 0; k < n; k++) bgWords[bgCounts[tmp[k]]++] = w;
    }

    this.sortedWords = sorted;
    this.sortedPos = sortedPos;
    this.posToSlot = order;
    this.posCount = P;
    this.postOffsets = offsets;
    this.postings = postings;
    this.df = df;
    this.cumDf = cumDf;
    this.bgOffsets = bgOffsets;
    this.bgWords = bgWords;
    this.builtVocab = V;
    this.builtSlots = S;
    this.deadBuilt = 0;
    if (this.seen.length < P) {
      this.seen = new Uint32Array(P);
      this.mark = new Uint32Array(P);
      this.gen = 0;
    }
    if (this.vocabCount.length < V) this.vocabCount = new Uint8Array(V);
    this.built = true;
  }

  // ------------------------------------------------------------------ query expansion

  private alphabetFor(token: string): string[] {
    const blocks = new Set<number>();
    for (let i = 0; i < token.length; i++) blocks.add(token.charCodeAt(i) >> 7);
    const out: string[] = [];
    for (const b of blocks) {
      let cached = this.alphabetCache.get(b);
      if (!cached) {
        cached = [...(this.alphabets.get(b) ?? [])];
        this.alphabetCache.set(b, cached);
      }
      for (const c of cached) out.push(c);
    }
    return out;
  }

  /** Lower bound of `prefix` in the sorted vocabulary. */
  private lowerBound(prefix: string): number {
    const sorted = this.sortedWords;
    const words = this.words;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (words[sorted[mid]] < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** [lo, hi) of the sorted vocabulary words starting with `prefix`. */
  private prefixRange(prefix: string): [number, number] {
    const lo = this.lowerBound(prefix);
    if (lo >= this.sortedWords.length || !this.words[this.sortedWords[lo]].startsWith(prefix)) return [lo, lo];
    // Everything starting with `prefix` sorts below prefix + U+FFFF.
    const hi = this.lowerBound(prefix + "\uffff");
    return [lo, hi];
  }

  private rangeDf(lo: number, hi: number): number {
    return hi > lo ? this.cumDf[hi] - this.cumDf[lo] : 0;
  }

  private makeMatcher(token: string, prefix: boolean): Matcher {
    const m: Matcher = {
      token,
      len: token.length,
      exact: this.wordIds.get(token) ?? -1,
      prefix,
      lo: 0,
      hi: 0,
      typo: null,
      fuzzy: [],
      fuzzyTokens: [],
      est: 0,
    };
    if (m.exact >= 0 && m.exact < this.builtVocab) m.est += this.df[m.exact];
    let prefixHits = false;
    if (prefix) {
      [m.lo, m.hi] = this.prefixRange(token);
      m.est = this.rangeDf(m.lo, m.hi); // includes the exact word
      prefixHits = m.hi > m.lo;
      if (!prefixHits) prefixHits = this.newWordsWithPrefix(token);
    }
    const unsegmented = isUnsegmentedToken(token);
    if (unsegmented) return m;

    const len = token.length;
    if (len >= 8) {
      if (len <= MAX_TYPO_LENGTH) this.typo2(m);
    } else if (len >= 4 || (len === 3 && m.exact < 0 && !prefixHits)) {
      this.typo1(m);
    }
    if (prefix && len >= 4 && len <= MAX_FUZZY_PREFIX_LENGTH && !prefixHits) this.fuzzyPrefix(m);
    return m;
  }

  private newWordsWithPrefix(prefix: string): boolean {
    for (let w = this.builtVocab; w < this.words.length; w++) if (this.words[w].startsWith(prefix)) return true;
    return false;
  }

  private addTypo(m: Matcher, w: number, score: number): void {
    if (w === m.exact) return;
    if (!m.typo) m.typo = new Map();
    const prev = m.typo.get(w);
    if (prev !== undefined && prev >= score) return;
    m.typo.set(w, score);
    if (w < this.builtVocab && prev === undefined) m.est += this.df[w];
  }

  /** All edit-1 variants (delete, transpose, substitute, insert) looked up in the vocabulary. */
  private typo1(m: Matcher): void {
    const t = m.token;
    const ids = this.wordIds;
    const tryWord = (v: string) => {
      const w = ids.get(v);
      if (w !== undefined) this.addTypo(m, w, S_TYPO1);
    };
    const alphabet = this.alphabetFor(t);
    for (let i = 0; i < t.length; i++) {
      const head = t.slice(0, i);
      const tail = t.slice(i + 1);
      tryWord(head + tail);
      if (i + 1 < t.length && t[i] !== t[i + 1]) tryWord(head + t[i + 1] + t[i] + t.slice(i + 2));
      for (const c of alphabet) if (c !== t[i]) tryWord(head + c + tail);
    }
    for (let i = 0; i <= t.length; i++) {
      const head = t.slice(0, i);
      const tail = t.slice(i);
      for (const c of alphabet) tryWord(head + c + tail);
    }
  }

  /** Words within two edits, by a bigram count filter then a bounded Damerau-Levenshtein. */
  private typo2(m: Matcher): void {
    const t = m.token;
    const len = t.length;
    const grams = this.bgScratch;
    const n = bigramsOf(t, grams);
    const need = Math.max(1, n - 6);
    const count = this.vocabCount;
    let touched = this.vocabTouched;
    let nt = 0;
    const off = this.bgOffsets;
    const bw = this.bgWords;
    const wl = this.wordLen;
    for (let k = 0; k < n; k++) {
      const h = grams[k];
      for (let x = off[h]; x < off[h + 1]; x++) {
        const w = bw[x];
        const d = wl[w] - len;
        if (d > 2 || d < -2) continue;
        if (count[w] === 0) {
          if (nt >= touched.length) touched = this.vocabTouched = growU32(touched, nt + 1);
          touched[nt++] = w;
        }
        if (count[w] < 255) count[w]++;
      }
    }
    let verified = 0;
    for (let i = 0; i < nt; i++) {
      const w = touched[i];
      if (count[w] >= need && w !== m.exact && verified < TYPO2_VERIFY_CAP) {
        verified++;
        const d = boundedDamerau(t, this.words[w], 2);
        if (d === 1) this.addTypo(m, w, S_TYPO1);
        else if (d === 2) this.addTypo(m, w, S_TYPO2);
      }
      count[w] = 0;
    }
    // words added since the build are not in the bigram index
    for (let w = this.builtVocab; w < this.words.length; w++) {
      if (w === m.exact) continue;
      const d = boundedDamerau(t, this.words[w], 2);
      if (d === 1) this.addTypo(m, w, S_TYPO1);
      else if (d === 2) this.addTypo(m, w, S_TYPO2);
    }
  }

  /** A typo inside the typed prefix: edit-1 variants of the token used as prefixes. */
  private fuzzyPrefix(m: Matcher): void {
    const t = m.token;
    const variants = new Set<string>();
    const alphabet = this.alphabetFor(t);
    for (let i = 0; i < t.length; i++) {
      const head = t.slice(0, i);
      const tail = t.slice(i + 1);
      if (i > 0) variants.add(head + tail); // deleting the first char would be too loose
      if (i + 1 < t.length && t[i] !== t[i + 1]) variants.add(head + t[i + 1] + t[i] + t.slice(i + 2));
      for (const c of alphabet) if (c !== t[i]) variants.add(head + c + tail);
    }
    for (let i = 1; i < t.length; i++) {
      const head = t.slice(0, i);
      const tail = t.slice(i);
      for (const c of alphabet) variants.add(head + c + tail);
    }
    let words = 0;
    for (const v of variants) {
      if (v.length < 3) continue;
      const [lo, hi] = this.prefixRange(v);
      if (hi > lo) {
        m.fuzzy.push(lo, hi);
        m.est += this.rangeDf(lo, hi);
        words += hi - lo;
      }
      if (this.builtVocab < this.words.length) m.fuzzyTokens.push(v);
      if (words >= FUZZY_PREFIX_WORDS) break;
    }
  }

  /** Score of query token `m` against vocabulary word `w` (0 = no match). */
  private matchScore(m: Matcher, w: number): number {
    if (w === m.exact) return S_EXACT;
    const built = w < this.builtVocab;
    if (m.prefix) {
      if (built) {
        const p = this.sortedPos[w];
        if (p >= m.lo && p < m.hi) return prefixScore(m.len, this.wordLen[w]);
      } else if (this.words[w].startsWith(m.token)) {
        return prefixScore(m.len, this.wordLen[w]);
      }
    }
    if (m.typo !== null) {
      const s = m.typo.get(w);
      if (s !== undefined) return s;
    }
    const f = m.fuzzy;
    if (f.length > 0 || m.fuzzyTokens.length > 0) {
      if (built) {
        const p = this.sortedPos[w];
        for (let i = 0; i < f.length; i += 2) if (p >= f[i] && p < f[i + 1]) return S_FUZZY_PREFIX;
      } else {
        for (const v of m.fuzzyTokens) if (this.words[w].startsWith(v)) return S_FUZZY_PREFIX;
      }
    }
    return 0;
  }

  // ------------------------------------------------------------------ candidates

  /** Loads the posting ranges [start, end) of every built word `m` may match into the cursors. */
  private loadLists(m: Matcher): number {
    let n = 0;
    const push = (w: number) => {
      if (w >= this.builtVocab) return;
      const a = this.postOffsets[w];
      const b = this.postOffsets[w + 1];
      if (a === b) return;
      if (n >= this.cursorStart.length) {
        this.cursorStart = growU32(this.cursorStart, n + 1);
        this.cursorEnd = growU32(this.cursorEnd, n + 1);
      }
      this.cursorStart[n] = a;
      this.cursorEnd[n] = b;
      n++;
    };
    if (m.prefix) {
      for (let i = m.lo; i < m.hi; i++) push(this.sortedWords[i]);
      if (m.exact >= 0 && (this.sortedPos[m.exact] < m.lo || this.sortedPos[m.exact] >= m.hi)) push(m.exact);
    } else if (m.exact >= 0) {
      push(m.exact);
    }
    if (m.typo) for (const w of m.typo.keys()) push(w);
    const f = m.fuzzy;
    for (let r = 0; r < f.length; r += 2) for (let i = f[r]; i < f[r + 1]; i++) push(this.sortedWords[i]);
    return n;
  }

  private addCandidate(pos: number): void {
    if (this.seen[pos] === this.gen) return;
    this.seen[pos] = this.gen;
    if (this.candCount >= this.cand.length) this.cand = growU32(this.cand, this.candCount + 1);
    this.cand[this.candCount++] = pos;
  }

  /** Adds up to about `budget` of the most popular documents matching `m`. */
  private addTop(m: Matcher, budget: number): void {
    const n = this.loadLists(m);
    if (n === 0) return;
    const st = this.cursorStart;
    const en = this.cursorEnd;
    const post = this.postings;
    const startCount = this.candCount;
    if (m.est <= budget) {
      for (let k = 0; k < n; k++) for (let x = st[k]; x < en[k]; x++) this.addCandidate(post[x]);
      return;
    }
    const P = this.posCount;
    let threshold = Math.max(64, Math.ceil((budget / Math.max(1, m.est)) * P * 1.5));
    for (;;) {
      for (let k = 0; k < n; k++) {
        let x = st[k];
        const e = en[k];
        while (x < e && post[x] < threshold) this.addCandidate(post[x++]);
        st[k] = x;
      }
      if (this.candCount - startCount >= budget || threshold >= P) break;
      threshold = Math.min(P, threshold * 2);
    }
  }

  /** Adds documents matching both `a` and `b` (a is the more selective). */
  private addIntersection(a: Matcher, b: Matcher): void {
    if (a.est + b.est > INTERSECT_WORK_CAP) return;
    const mark = this.mark;
    const gen = this.gen;
    const post = this.postings;
    let n = this.loadLists(a);
    for (let k = 0; k < n; k++) {
      for (let x = this.cursorStart[k]; x < this.cursorEnd[k]; x++) mark[post[x]] = gen;
    }
    n = this.loadLists(b);
    const from = this.candCount;
    for (let k = 0; k < n; k++) {
      for (let x = this.cursorStart[k]; x < this.cursorEnd[k]; x++) {
        const p = post[x];
        if (mark[p] === gen) this.addCandidate(p);
      }
    }
    const got = this.candCount - from;
    if (got > INTERSECT_KEEP) {
      // keep the most popular: ranks are positions, so ascending order is popularity order
      const part = this.cand.subarray(from, this.candCount);
      part.sort();
      this.candCount = from + INTERSECT_KEEP;
    }
  }

  /** Documents with a short title containing `m`'s exact word (exact-title candidates). */
  private addShortTitles(m: Matcher, maxTokens: number): void {
    const w = m.exact;
    if (w < 0 || w >= this.builtVocab) return;
    const a = this.postOffsets[w];
    const b = Math.min(this.postOffsets[w + 1], a + SHORT_TITLE_SCAN);
    let kept = 0;
    for (let x = a; x < b && kept < SHORT_TITLE_KEEP; x++) {
      const p = this.postings[x];
      const s = this.posToSlot[p];
      const tl = this.titleLen[s];
      const ol = this.origLen[s];
      if (tl <= maxTokens || (ol > 0 && ol <= maxTokens)) {
        this.addCandidate(p);
        kept++;
      }
    }
  }

  private collectCandidates(matchers: Matcher[]): void {
    if (this.posCount === 0) return;
    const active = matchers.filter((m) => m.est > 0).sort((x, y) => x.est - y.est);
    if (active.length === 0) return;
    const a = active[0];
    this.addTop(a, PRIMARY_BUDGET);
    if (a.est > PRIMARY_BUDGET) this.addShortTitles(a, matchers.length + 1);
    if (active.length > 1) {
      const b = active[1];
      if (a.est > PRIMARY_BUDGET) this.addIntersection(a, b);
      this.addTop(b, SECONDARY_BUDGET);
    }
  }

  // ------------------------------------------------------------------ scoring

  private scoreSlot(slot: number): number {
    const start = this.fwdStart[slot];
    const tl = this.titleLen[slot];
    let best = this.scoreField(start, tl);
    const ol = this.origLen[slot];
    if (ol > 0 && best < 1) {
      const s = this.scoreField(start + tl, ol);
      if (s > best) best = s;
    }
    return best;
  }

  private scoreField(start: number, m: number): number {
    if (m === 0) return 0;
    const ms = this.matchers;
    const n = ms.length;
    const fwd = this.fwd;
    let used = 0;
    let sum = 0;
    let matched = 0;
    let adjacent = 0;
    let startsAtFirst = 0;
    let prevPos = -2;
    for (let i = 0; i < n; i++) {
      const q = ms[i];
      let bestS = 0;
      let bestJ = -1;
      for (let j = 0; j < m; j++) {
        if (used & (1 << j)) continue;
        const s = this.matchScore(q, fwd[start + j]);
        if (s > bestS || (s === bestS && s > 0 && j === prevPos + 1)) {
          bestS = s;
          bestJ = j;
        }
      }
      if (bestJ >= 0) {
        used |= 1 << bestJ;
        sum += bestS;
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
      W_WORDS * (sum / n) + W_LENGTH * lengthScore(m - matched) + W_ORDER * order + W_START * startsAtFirst
    );
  }
}
