/**
 * In-process, typo-tolerant title search (autocomplete) over the whole catalog.
 *
 * Pure TypeScript, no I/O: the server feeds it rows (`add`) and live changes (`add` again
 * with the same id = replace, `remove`), and asks `search`. Synchronous; not re-entrant
 * (JavaScript never runs two calls at once in one isolate).
 *
 * Design (word-level, as in Meilisearch/Typesense; sized for ~1.3M titles; typed arrays
 * throughout, no per-document objects):
 * - Titles, and original titles when they differ, are tokenised into words; scripts written
 *   without spaces (CJK, Thai...) into overlapping character bigrams (see normalize.ts).
 * - Vocabulary: an open-addressing hash table keyed by two 32-bit hashes; ASCII titles are
 *   lowercased, split and hashed in one pass with no intermediate strings. Documents keep
 *   their token ids in flat arrays.
 * - `build()` orders the live documents by popularity (log votes + log popularity) and
 *   writes: per token, the posting list of document *ranks* (CSR layout, ascending = most
 *   popular first); the documents' tokens in rank order (a header + tokens per document);
 *   the sorted vocabulary (a prefix is a range found by binary search, its size O(1) from
 *   cumulative document frequencies); the 2000 most popular documents of every very common
 *   1-3 letter prefix; a positional trigram index of the longer words (two-typo lookups).
 * - A query token matches vocabulary words: exactly; as a prefix (the last token, while it
 *   is being typed); with one typo (every edit-1 variant of the token, hashed incrementally,
 *   filtered by a Bloom filter, looked up: tokens of 4+ letters, 3 when nothing else
 *   matches); with two typos (trigram count filter + bit-parallel Damerau-Levenshtein, 9+
 *   letters, only when nothing closer matched); with a typo inside the typed prefix (when
 *   nothing else matches). Each matching word gets a quality code in a per-token byte array,
 *   so scoring a title token is one array read.
 * - Candidates, most popular first and capped: the documents of the most selective token;
 *   those holding both of the two most selective tokens (bitset intersection over growing
 *   rank thresholds, or checking documents' tokens when one side is a very common prefix);
 *   short titles holding the most selective token (exact titles); some of the second token's.
 * - Score (0..1, steps of 0.01): each query token greedily matched to its best title token;
 *   0.55 x share of query tokens matched + 0.25 x match quality (exact 1, prefix 0.85-0.95,
 *   one typo 0.4, two 0.2) + 0.10 x whole title covered + 0.06 x word order kept + 0.04 x
 *   first word matched. Results: score, then popularity, then the smaller id.
 * - Documents added or replaced after the build sit in a small delta with its own postings,
 *   searched by every query; a search rebuilds once the delta exceeds DELTA_MAX documents or
 *   a quarter of the built ones were removed (call `build()` off the request path instead).
 */
import { MAX_TOKEN_LENGTH, isUnsegmentedToken, tokenize } from "./normalize";

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

/** Tokens kept per title field (longer titles are rare; the rest is not indexed). */
const MAX_FIELD_TOKENS = 30;
/** Query tokens considered; a longer query keeps its first ones. */
const MAX_QUERY_TOKENS = 10;
/** Query text considered (code units). */
const MAX_QUERY_CHARS = 512;
/** Documents added since the last build that queries scan before the next search rebuilds. */
const DELTA_MAX = 8192;
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
/** Vocabulary words taken from fuzzy prefix ranges. */
const FUZZY_PREFIX_WORDS = 4000;
/** Distance-2 typo candidates verified per query token, and trigram entries read for them. */
const TYPO2_VERIFY_CAP = 3000;
const TYPO2_SCAN_CAP = 40_000;
/** Longest token given typo tolerance / a fuzzy prefix. */
const MAX_TYPO_LENGTH = 24;
/** Tokens this long may carry two typos (shorter ones one). */
const TYPO2_MIN_LENGTH = 9;
/** Query tokens that may get a two-typo lookup (the first ones needing it). */
const MAX_TYPO2_TOKENS = 2;
const MAX_FUZZY_PREFIX_LENGTH = 12;
const TRIGRAM_BUCKETS = 1 << 18;
/** Bits of the Bloom filter of vocabulary words and word prefixes (a power of two). */
const BLOOM_BITS = 1 << 25;
/** Bits of the Bloom filter of vocabulary words only: small enough to stay in cache. */
const WORD_BLOOM_BITS = 1 << 22;
/** Prefixes up to this length go into the Bloom filter (fuzzy prefix lookups). */
const BLOOM_PREFIX_MAX = MAX_FUZZY_PREFIX_LENGTH + 1;
/** A prefix range with more words than this is checked by range at scoring time instead of
 * being expanded word by word into the token's score codes, and (1-3 characters) has its
 * most popular documents precomputed. */
const RANGE_FILL_MAX = 4096;
const PREFIX_TOP = 2000;
/** Documents of the most selective token checked, on their tokens, for the second one when
 * that second one is a very common prefix. */
const FORWARD_CHECK_CAP = 10_000;
/** Relative costs (in sequential posting reads) of checking a document, of a posting list. */
const DOC_CHECK_COST = 150;
const LIST_COST = 100;
const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 10;

// Match quality of one query token against one title token, stored as a byte code
// (quality * 250; 0 = no match). A clean prefix of the word being typed outranks any typo.
const CODE_SCALE = 250;
const C_EXACT = 250; // 1
const C_TYPO1 = 100; // 0.4
const C_TYPO2 = 50; // 0.2
const C_FUZZY_PREFIX = 75; // 0.3: a typo inside the typed prefix
// Weights of the document score (they sum to 1): the share of query tokens matched comes
// first, then how well they matched, then covering the whole title, keeping the query's
// word order, and starting at the title's first word.
const W_MATCHED = 0.55;
const W_QUALITY = 0.25;
const W_LENGTH = 0.1;
const W_ORDER = 0.06;
const W_START = 0.04;

const DEAD = 1 << 16; // header flag of a built document that was removed or replaced
const FNV_INIT = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;
const H2_INIT = 0x3c6ef372 | 0;
const H2_PRIME = 0x5bd1e995 | 0;
/** Local copy: an imported binding may be a getter once transpiled. */
const MAX_TOKEN = MAX_TOKEN_LENGTH;
const WORD_UNSEGMENTED = 1;

/** Quality of a prefix match: 0.85 to 0.95 as more of the word is typed. */
function prefixScore(queryLen: number, wordLen: number): number {
  if (queryLen <= 2) return 0.85;
  return 0.85 + 0.1 * (queryLen / Math.max(queryLen, wordLen));
}

/**
 * The reported match quality: the score in steps of 0.01, so that matches of practically
 * equal quality tie and popularity orders them.
 */
function quantize(s: number): number {
  return Math.round(s * 100) / 100;
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
type GrowableArray = Uint32Array<ArrayBuffer> | Uint8Array<ArrayBuffer> | Float32Array<ArrayBuffer> | Float64Array<ArrayBuffer>;

/** `a` itself when it holds `needed` elements, else a copy with room to spare. */
function grow<T extends GrowableArray>(a: T, needed: number): T {
  if (needed <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(nextCapacity(a.length, needed));
  b.set(a as never);
  return b;
}

function trigramHash(a: number, b: number, c: number): number {
  return (Math.imul(Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b) ^ c, 0xc2b2ae35) >>> 14) & (TRIGRAM_BUCKETS - 1);
}

/** Bloom filter bits of a FNV hash. */
function bloomBit(h: number): number {
  return Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> (32 - 25);
}
function wordBloomBit(h: number): number {
  return Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> (32 - 22);
}

const dlRows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];
/**
 * Optimal-string-alignment distance (Damerau-Levenshtein with adjacent transpositions) of
 * a and b, or max + 1 as soon as it must exceed max.
 */
function boundedDamerau(a: string, b: string, max: number): number {
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
class BitDistance {
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

/**
 * Sort keys of a token: its first 8 code units in 6 bits each, as two 24-bit halves
 * (characters 0-3, 4-7). Order-preserving for the tokenizer's output: digits and a-z keep
 * their order; from the first other character on, every position is 63 (saturated), so
 * words that differ there tie and are ordered by a full comparison.
 */
function charKeys(w: string, out: Uint32Array, i: number, out2: Uint32Array): void {
  let k = 0;
  let saturated = false;
  for (let p = 0; p < 8; p++) {
    let c = 0; // end of the word sorts first
    if (saturated) c = 63;
    else if (p < w.length) {
      const u = w.charCodeAt(p);
      if (u >= 48 && u <= 57) c = u - 47; // 1..10
      else if (u >= 97 && u <= 122) c = u - 86; // 11..36
      else {
        c = 63;
        saturated = true;
      }
    }
    k = (k << 6) | c;
    if (p === 3) {
      out[i] = k;
      k = 0;
    }
  }
  out2[i] = k;
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Map from a document id (a non-negative safe integer) to a slot: open addressing with
 * linear probing over typed arrays (no per-entry objects), backward-shift deletion. Ids
 * above 2^31 - 1 (not expected from MySQL INT keys) go to a plain Map.
 */
class IdMap {
  private keys: Int32Array<ArrayBuffer>;
  private vals: Int32Array<ArrayBuffer>;
  private mask: number;
  private count = 0;
  private big = new Map<number, number>();

  constructor(expected: number) {
    const cap = nextCapacity(1024, Math.ceil(expected / 0.7));
    this.keys = new Int32Array(cap).fill(-1);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
  }

  private home(id: number): number {
    const h = Math.imul(id, 0x9e3779b1);
    return (h ^ (h >>> 16)) & this.mask;
  }

  /** The slot of `id`, or -1. */
  get(id: number): number {
    if (id > 0x7fffffff) return this.big.get(id) ?? -1;
    const keys = this.keys;
    let i = this.home(id);
    for (;;) {
      const k = keys[i];
      if (k === id) return this.vals[i];
      if (k === -1) return -1;
      i = (i + 1) & this.mask;
    }
  }

  set(id: number, slot: number): void {
    if (id > 0x7fffffff) {
      this.big.set(id, slot);
      return;
    }
    const keys = this.keys;
    let i = this.home(id);
    for (;;) {
      const k = keys[i];
      if (k === id) {
        this.vals[i] = slot;
        return;
      }
      if (k === -1) break;
      i = (i + 1) & this.mask;
    }
    keys[i] = id;
    this.vals[i] = slot;
    if (++this.count > this.keys.length * 0.75) this.grow();
  }

  delete(id: number): void {
    if (id > 0x7fffffff) {
      this.big.delete(id);
      return;
    }
    const keys = this.keys;
    const mask = this.mask;
    let i = this.home(id);
    for (;;) {
      const k = keys[i];
      if (k === id) break;
      if (k === -1) return;
      i = (i + 1) & mask;
    }
    // backward shift: pull later entries of the probe run into the hole
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const k = keys[j];
      if (k === -1) break;
      const h = this.home(k);
      const movable = i <= j ? h <= i || h > j : h <= i && h > j;
      if (movable) {
        keys[i] = k;
        this.vals[i] = this.vals[j];
        i = j;
      }
    }
    keys[i] = -1;
    this.count--;
  }

  clear(): void {
    this.keys.fill(-1);
    this.count = 0;
    this.big.clear();
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    this.keys = new Int32Array(oldKeys.length * 2).fill(-1);
    this.vals = new Int32Array(oldKeys.length * 2);
    this.mask = this.keys.length - 1;
    this.count = 0;
    for (let i = 0; i < oldKeys.length; i++) if (oldKeys[i] !== -1) this.set(oldKeys[i], oldVals[i]);
  }
}

/** How one query token matches vocabulary words. */
interface Matcher {
  token: string;
  len: number;
  /** Per vocabulary word: score code of the exact word and the typo variants (0 = none). */
  codes: Uint8Array;
  touched: number[];
  exact: number; // word id, or -1
  typoWords: number[];
  prefix: boolean; // the token may be an unfinished word
  lo: number; // prefix range in the sorted vocabulary [lo, hi)
  hi: number;
  fuzzy: number[]; // fuzzy prefix ranges [lo0, hi0, lo1, hi1, ...] in the sorted vocabulary
  fuzzyTokens: string[]; // their prefixes (to match words added since the build)
  /** The prefix range is too large to expand into `codes`: checked by position instead. */
  rangeMode: boolean;
  prefixCodes: Uint8Array; // score code of a prefix match by word length
  est: number; // postings of the built part it may match
  lists: PostingLists | null; // its posting ranges, once computed
  /** For a very common short prefix: its most popular documents (ranks, ascending). */
  top: Uint32Array | null;
}

interface PostingLists {
  n: number;
  start: Uint32Array;
  end: Uint32Array;
}

export class TitleIndex {
  // ---- vocabulary: words, and an open-addressing hash table (word id + 1; 0 = empty)
  private words: string[] = [];
  private wordLen = new Uint8Array(1024);
  private wordFlags = new Uint8Array(1024);
  private table = new Int32Array(3 << 12); // [fnv hash, second hash, word id + 1] per entry
  private probe = 0; // empty table slot found by the last failed lookup
  private buf = new Uint16Array(MAX_TOKEN_LENGTH + 2);
  private charSeen = new Uint8Array(65536); // code units seen in segmented words (typo alphabet)
  private alphabetCache = new Map<number, Uint16Array>(); // 128-unit block -> its seen units

  // ---- documents (slots: insertion order, stable); tokens of documents added since the
  // last build (the delta) in `fwd`
  private slotCount = 0;
  private ids: Float64Array<ArrayBuffer>;
  private ranks: Float32Array<ArrayBuffer>;
  private alive: Uint8Array<ArrayBuffer>;
  private fwdStart: Uint32Array<ArrayBuffer>;
  private titleLen: Uint8Array<ArrayBuffer>;
  private origLen: Uint8Array<ArrayBuffer>;
  private fwd: Uint32Array<ArrayBuffer>;
  private fwdLen = 0;
  private slotToPos: Int32Array<ArrayBuffer>; // rank of a built slot, -1 for a delta slot
  private idToSlot: IdMap;
  /** Postings of the delta (documents added since the last build): word ids, and per word
   * the slots holding it; deltaIndex maps a word id to its place in these two lists. */
  private deltaWords: number[] = [];
  private deltaLists: number[][] = [];
  private deltaIndex = new Map<number, number>();
  private aliveCount = 0;
  private deadBuilt = 0;
  private fieldScratch = new Uint32Array(MAX_FIELD_TOKENS * 2);

  // ---- built part
  private built = false;
  private builtSlots = 0; // slots below this are in the postings (if alive at build time)
  private builtVocab = 0; // word ids below this are in the sorted vocabulary and postings
  private posCount = 0;
  // built documents by rank (pos), most popular first. posFwd holds, from posStart[pos], a
  // header (title tokens | original title tokens << 8 | DEAD) then the tokens: one cache
  // line or two per candidate.
  private posSlot = new Uint32Array(0);
  private posStart = new Uint32Array(1);
  private posFwd = new Uint32Array(0);
  private postOffsets = new Uint32Array(1);
  private postings = new Uint32Array(0);
  private df = new Uint32Array(0);
  private sortedWords = new Uint32Array(0);
  private sortedPos = new Int32Array(0); // word id -> index in sortedWords
  private cumDf = new Float64Array(1);
  private tgOffsets = new Uint32Array(TRIGRAM_BUCKETS + 1);
  private tgEntries = new Uint32Array(0); // word id << 5 | position, by (word length, position)
  private prefixTops = new Map<string, Uint32Array>(); // see buildPrefixTops
  private bloom = new Int32Array(BLOOM_BITS / 32); // words and word prefixes (fuzzy prefixes)
  private wordBloom = new Int32Array(WORD_BLOOM_BITS / 32); // words (typo variants)
  private tokenChars = new Uint16Array(MAX_TOKEN_LENGTH + 2);
  private prefixHash = new Int32Array(MAX_TOKEN_LENGTH + 2);

  // ---- per-query scratch (search is synchronous, never re-entered)
  private seen = new Int32Array(0); // bitset by rank: candidate already taken
  private bits = new Int32Array(0);
  private both = new Uint32Array(BOTH_BUDGET * 4);
  private cand = new Uint32Array(1 << 14);
  private candCount = 0;
  private cursorStart = new Uint32Array(1024);
  private cursorEnd = new Uint32Array(1024);
  private vocabCount = new Uint8Array(0);
  private vocabTouched = new Uint32Array(1024);
  private codeArrays: Uint8Array[] = [];
  private queryCodes: Uint8Array[] = [];
  private qLo = new Int32Array(MAX_QUERY_TOKENS);
  private qHi = new Int32Array(MAX_QUERY_TOKENS);
  private qPrefixCodes: Uint8Array[] = [];
  private typo2Left = 0;

  constructor(expectedSize = 0) {
    const n = Math.max(1024, Math.min(Math.floor(Number(expectedSize) || 0), 50_000_000));
    this.ids = new Float64Array(n);
    this.ranks = new Float32Array(n);
    this.alive = new Uint8Array(n);
    this.fwdStart = new Uint32Array(n);
    this.titleLen = new Uint8Array(n);
    this.origLen = new Uint8Array(n);
    this.fwd = new Uint32Array(n * 5);
    this.slotToPos = new Int32Array(n);
    this.idToSlot = new IdMap(n);
    const vocab = Math.max(1024, Math.floor(n / 3));
    this.wordLen = new Uint8Array(vocab);
    this.wordFlags = new Uint8Array(vocab);
    this.table = new Int32Array(3 * nextCapacity(4096, vocab * 2));
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
    if (old >= 0) this.killSlot(old);

    const title = typeof entry.title === "string" ? entry.title : "";
    const original = typeof entry.original_title === "string" ? entry.original_title : "";
    const f = this.fieldScratch;
    const tl = this.fieldTokens(title, f, 0);
    let ol = original.length > 0 && original !== title ? this.fieldTokens(original, f, tl) : 0;
    if (ol === tl) {
      let same = true;
      for (let i = 0; i < tl && same; i++) same = f[i] === f[tl + i];
      if (same) ol = 0;
    }

    const slot = this.slotCount++;
    if (slot >= this.ids.length) this.growSlots(slot + 1);
    this.ids[slot] = id;
    this.ranks[slot] = popularityRank(Number(entry.vote_count), Number(entry.popularity));
    this.alive[slot] = 1;
    this.slotToPos[slot] = -1;
    this.fwdStart[slot] = this.fwdLen;
    this.titleLen[slot] = tl;
    this.origLen[slot] = ol;
    const need = this.fwdLen + tl + ol;
    if (need > this.fwd.length) this.fwd = grow(this.fwd, need);
    const fwd = this.fwd;
    for (let i = 0, x = this.fwdLen; i < tl + ol; i++) fwd[x++] = f[i];
    this.fwdLen = need;
    if (this.built) {
      // postings of the delta (documents added since the build)
      for (let i = 0; i < tl + ol; i++) {
        const w = f[i];
        let dup = false;
        for (let j = 0; j < i && !dup; j++) dup = f[j] === w;
        if (dup) continue;
        const d = this.deltaIndex.get(w);
        if (d !== undefined) this.deltaLists[d].push(slot);
        else {
          this.deltaIndex.set(w, this.deltaWords.length);
          this.deltaWords.push(w);
          this.deltaLists.push([slot]);
        }
      }
    }
    this.idToSlot.set(id, slot);
    this.aliveCount++;
  }

  /** Removes the entry with this id (no-op when absent); it never matches again. */
  remove(id: number): void {
    if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 0) return;
    const slot = this.idToSlot.get(id);
    if (slot >= 0) this.killSlot(slot);
  }

  /** True when an entry with this id is indexed. */
  has(id: number): boolean {
    return typeof id === "number" && Number.isSafeInteger(id) && id >= 0 && this.idToSlot.get(id) >= 0;
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

  /**
   * Builds (or rebuilds) the search structures now. `search` does it lazily when needed;
   * call it after a bulk load so that the first query does not pay for it.
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
    this.typo2Left = MAX_TYPO2_TOKENS;
    for (let i = 0; i < tokens.length; i++) {
      matchers.push(this.makeMatcher(i, tokens[i], openEnded && i === tokens.length - 1));
    }
    this.queryCodes = matchers.map((m) => m.codes);
    for (let i = 0; i < matchers.length; i++) {
      const m = matchers[i];
      this.qLo[i] = m.rangeMode ? m.lo : -1;
      this.qHi[i] = m.rangeMode ? m.hi : -1;
      this.qPrefixCodes[i] = m.prefixCodes;
    }
    try {
      return this.run(matchers, k);
    } finally {
      for (const m of matchers) for (const w of m.touched) m.codes[w] = 0;
      // candidates are exactly the documents marked as seen
      for (let c = 0; c < this.candCount; c++) this.seen[this.cand[c] >>> 5] = 0;
      this.candCount = 0;
    }
  }

  private run(matchers: Matcher[], k: number): TitleMatch[] {
    this.candCount = 0;
    this.collectCandidates(matchers, k);

    // Score the candidates of the built part, then every delta document; keep the top k
    // (ordered by score, then popularity, then id).
    const topScore = new Float64Array(k);
    const topRank = new Float64Array(k);
    const topId = new Float64Array(k);
    let topN = 0;
    const offer = (score: number, rank: number, id: number): void => {
      if (topN === k) {
        const ws = topScore[k - 1];
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
    const nc = this.candCount;
    // ascending ranks: memory order of the document store
    if (nc > 64) cand.subarray(0, nc).sort();
    const posStart = this.posStart;
    const posFwd = this.posFwd;
    for (let c = 0; c < nc; c++) {
      const p = cand[c];
      const start = posStart[p];
      const h = posFwd[start];
      if (h & DEAD) continue;
      const tl = h & 255;
      const s = this.scoreDoc(posFwd, start + 1, tl, tl + ((h >>> 8) & 255));
      if (s <= 0) continue;
      const score = quantize(s);
      // popularity and id are read only for a score that can enter the top k
      if (topN < k || score >= topScore[k - 1]) {
        const slot = this.posSlot[p];
        offer(score, this.ranks[slot], this.ids[slot]);
      }
    }
    // Delta documents: those holding a word some query token matches.
    let deltaSeen: Set<number> | null = null;
    const deltaWords = this.deltaWords;
    for (let d = 0; d < deltaWords.length; d++) {
      if (!this.anyMatch(deltaWords[d])) continue;
      const slots = this.deltaLists[d];
      deltaSeen ??= new Set();
      for (const slot of slots) {
        if (this.alive[slot] === 0 || deltaSeen.has(slot)) continue;
        deltaSeen.add(slot);
        const tl = this.titleLen[slot];
        const s = this.scoreDoc(this.fwd, this.fwdStart[slot], tl, tl + this.origLen[slot]);
        if (s <= 0) continue;
        const score = quantize(s);
        if (topN < k || score >= topScore[k - 1]) offer(score, this.ranks[slot], this.ids[slot]);
      }
    }
    const out: TitleMatch[] = [];
    for (let i = 0; i < topN; i++) out.push({ id: topId[i], score: topScore[i] });
    return out;
  }

  // ------------------------------------------------------------------ vocabulary

  /**
   * Looks up buf[0..len) by its two hashes (FNV-1a h1, and h2); -1 (and `probe` = the empty
   * slot) when absent. Two 32-bit hashes identify a word (a false match is a ~2^-64 event),
   * so a lookup touches one table entry and never the word's string.
   */
  private lookupBuf2(h1: number, h2: number): number {
    const table = this.table;
    const mask = (table.length / 3 - 1) | 0;
    h1 |= 0;
    let i = h1 & mask;
    for (;;) {
      const e = table[3 * i + 2];
      if (e === 0) {
        this.probe = i;
        return -1;
      }
      if (table[3 * i] === h1 && table[3 * i + 1] === h2) return e - 1;
      i = (i + 1) & mask;
    }
  }

  /** Looks up buf[0..len) whose FNV-1a hash is h1. */
  private lookupBuf(len: number, h1: number): number {
    return this.lookupBuf2(h1, this.hash2Buf(len));
  }

  /** FNV-1a hash of buf[0..len). */
  private hashBuf(len: number): number {
    let h = FNV_INIT;
    const buf = this.buf;
    for (let i = 0; i < len; i++) h = Math.imul(h ^ buf[i], FNV_PRIME);
    return h | 0;
  }

  /** Second, independent hash of buf[0..len). */
  private hash2Buf(len: number): number {
    let h = H2_INIT;
    const buf = this.buf;
    for (let i = 0; i < len; i++) {
      h = Math.imul(h ^ buf[i], H2_PRIME);
      h ^= h >>> 15;
    }
    return h | 0;
  }

  /** Loads a token into buf; returns its length. */
  private loadBuf(token: string): number {
    const len = Math.min(token.length, MAX_TOKEN);
    for (let i = 0; i < len; i++) this.buf[i] = token.charCodeAt(i);
    return len;
  }

  private lookupToken(token: string): number {
    const len = this.loadBuf(token);
    return len === 0 ? -1 : this.lookupBuf2(this.hashBuf(len), this.hash2Buf(len));
  }

  /** The id of buf[0..len) (hashes h1, h2), inserted when new. `token` is its string if known. */
  private intern(len: number, h1: number, h2: number, token: string | null, maybeUnsegmented: boolean): number {
    const found = this.lookupBuf2(h1, h2);
    if (found >= 0) return found;
    const id = this.words.length;
    const w = token ?? String.fromCharCode.apply(null, this.buf.subarray(0, len) as unknown as number[]);
    this.words.push(w);
    if (id >= this.wordLen.length) {
      this.wordLen = grow(this.wordLen, id + 1);
      this.wordFlags = grow(this.wordFlags, id + 1);
    }
    this.wordLen[id] = len;
    const unsegmented = maybeUnsegmented && isUnsegmentedToken(w);
    if (unsegmented) this.wordFlags[id] = WORD_UNSEGMENTED;
    else {
      const buf = this.buf;
      for (let i = 0; i < len; i++) {
        const c = buf[i];
        if (this.charSeen[c] === 0) {
          this.charSeen[c] = 1;
          this.alphabetCache.delete(c >> 7);
        }
      }
    }
    const t = 3 * this.probe;
    this.table[t] = h1 | 0;
    this.table[t + 1] = h2;
    this.table[t + 2] = id + 1;
    if ((id + 1) * 2 > this.table.length / 3) this.growTable();
    this.bloomAdd(w);
    return id;
  }

  private growTable(): void {
    const old = this.table;
    const table = new Int32Array(old.length * 2);
    const mask = table.length / 3 - 1;
    for (let o = 0; o < old.length; o += 3) {
      if (old[o + 2] === 0) continue;
      let i = old[o] & mask;
      while (table[3 * i + 2] !== 0) i = (i + 1) & mask;
      table[3 * i] = old[o];
      table[3 * i + 1] = old[o + 1];
      table[3 * i + 2] = old[o + 2];
    }
    this.table = table;
  }

  /** Tokenises a title field into word ids at out[from..]; returns how many. */
  private fieldTokens(s: string, out: Uint32Array, from: number): number {
    if (s.length === 0) return 0;
    let n = 0;
    // ASCII fast path: lowercase, split and hash in one pass (same tokens as `tokenize`).
    let ascii = true;
    for (let i = 0; i < s.length; i++)
      if (s.charCodeAt(i) > 0x7f) {
        ascii = false;
        break;
      }
    if (ascii) {
      const buf = this.buf;
      let len = 0;
      let h = FNV_INIT;
      let h2 = H2_INIT;
      for (let i = 0; i < s.length; i++) {
        let c = s.charCodeAt(i);
        if (c >= 65 && c <= 90) c += 32;
        if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
          if (len < MAX_TOKEN) {
            buf[len++] = c;
            h = Math.imul(h ^ c, FNV_PRIME);
            h2 = Math.imul(h2 ^ c, H2_PRIME);
            h2 ^= h2 >>> 15;
          }
        } else if (c === 39 || c === 96) {
          // apostrophes are dropped inside words ("don't" -> "dont")
        } else if (len > 0) {
          out[from + n++] = this.intern(len, h, h2 | 0, null, false);
          len = 0;
          h = FNV_INIT;
          h2 = H2_INIT;
          if (n >= MAX_FIELD_TOKENS) return n;
        }
      }
      if (len > 0) out[from + n++] = this.intern(len, h, h2 | 0, null, false);
      return n;
    }
    for (const token of tokenize(s, MAX_FIELD_TOKENS).tokens) {
      const len = this.loadBuf(token);
      out[from + n++] = this.intern(len, this.hashBuf(len), this.hash2Buf(len), token, true);
    }
    return n;
  }

  private killSlot(slot: number): void {
    if (!this.alive[slot]) return;
    this.alive[slot] = 0;
    this.idToSlot.delete(this.ids[slot]);
    this.aliveCount--;
    const pos = this.slotToPos[slot];
    if (pos >= 0) {
      this.posFwd[this.posStart[pos]] |= DEAD;
      this.deadBuilt++;
    }
  }

  private growSlots(needed: number): void {
    this.ids = grow(this.ids, needed);
    this.ranks = grow(this.ranks, needed);
    this.alive = grow(this.alive, needed);
    this.fwdStart = grow(this.fwdStart, needed);
    this.titleLen = grow(this.titleLen, needed);
    this.origLen = grow(this.origLen, needed);
    if (needed > this.slotToPos.length) {
      const b = new Int32Array(nextCapacity(this.slotToPos.length, needed));
      b.set(this.slotToPos);
      this.slotToPos = b;
    }
  }

  // ------------------------------------------------------------------ building

  private needsRebuild(): boolean {
    if (!this.built) return true;
    if (this.slotCount - this.builtSlots > DELTA_MAX) return true;
    return this.deadBuilt > 1024 && this.deadBuilt > this.posCount / 4;
  }

  /**
   * Word ids from..to-1 sorted by their strings (code-unit order): LSD radix sort on the
   * first 8 characters (6 bits each, order-preserving for the tokenizer's output), then a
   * comparison sort inside each run of equal keys.
   */
  private sortWordRange(from: number, to: number): Uint32Array<ArrayBuffer> {
    const n = to - from;
    const words = this.words;
    const hi = new Uint32Array(n); // characters 0..3
    const lo = new Uint32Array(n); // characters 4..7
    for (let i = 0; i < n; i++) {
      const w = words[from + i];
      charKeys(w, hi, i, lo);
    }
    let idx = new Uint32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    let tmp = new Uint32Array(n);
    const count = new Uint32Array(4097);
    for (const [keys, shift] of [
      [lo, 0],
      [lo, 12],
      [hi, 0],
      [hi, 12],
    ] as const) {
      count.fill(0);
      for (let i = 0; i < n; i++) count[((keys[i] >>> shift) & 4095) + 1]++;
      for (let b = 0; b < 4096; b++) count[b + 1] += count[b];
      for (let i = 0; i < n; i++) {
        const k = idx[i];
        tmp[count[(keys[k] >>> shift) & 4095]++] = k;
      }
      const t = idx;
      idx = tmp;
      tmp = t;
    }
    const out = new Uint32Array(n);
    let i = 0;
    while (i < n) {
      const a = idx[i];
      let j = i + 1;
      while (j < n && hi[idx[j]] === hi[a] && lo[idx[j]] === lo[a]) j++;
      if (j - i > 16) {
        const run = Array.from(idx.subarray(i, j), (k) => from + k);
        run.sort((x, y) => compareStrings(words[x], words[y]));
        out.set(run, i);
      } else {
        // short run (usually 1 or 2 words): insertion sort
        for (let x = i; x < j; x++) {
          const id = from + idx[x];
          const w = words[id];
          let y = x;
          while (y > i && words[out[y - 1]] > w) {
            out[y] = out[y - 1];
            y--;
          }
          out[y] = id;
        }
      }
      i = j;
    }
    return out;
  }

  private rebuild(): void {
    const V = this.words.length;
    const S = this.slotCount;
    const words = this.words;

    // 1. Sorted vocabulary: the previous order merged with the new words, sorted.
    const oldSorted = this.sortedWords;
    const added = this.sortWordRange(this.builtVocab, V);
    let sorted: Uint32Array<ArrayBuffer>;
    if (oldSorted.length === 0) sorted = added;
    else {
      sorted = new Uint32Array(V);
      let i = 0;
      let j = 0;
      let o = 0;
      while (i < oldSorted.length || j < added.length) {
        if (j >= added.length || (i < oldSorted.length && words[oldSorted[i]] < words[added[j]])) {
          sorted[o++] = oldSorted[i++];
        } else {
          sorted[o++] = added[j++];
        }
      }
    }
    const sortedPos = new Int32Array(V);
    for (let i = 0; i < V; i++) sortedPos[sorted[i]] = i;

    // 2. Ranks: live slots, most popular first (ties: insertion order).
    //    LSD radix sort (2 x 11 bits) on the popularity quantised to 22 bits, descending;
    //    stable, so equal popularity keeps slot order.
    let P = 0;
    const live = new Uint32Array(this.aliveCount);
    const key = new Uint32Array(this.aliveCount);
    for (let s = 0; s < S; s++) {
      if (!this.alive[s]) continue;
      const q = Math.min(0x3fffff, Math.max(0, Math.round(this.ranks[s] * 65536)));
      live[P] = s;
      key[P++] = 0x3fffff - q;
    }
    let idx = new Uint32Array(P); // indexes into live/key
    for (let i = 0; i < P; i++) idx[i] = i;
    let tmp = new Uint32Array(P);
    const count = new Uint32Array(2049);
    for (const shift of [0, 11]) {
      count.fill(0);
      for (let i = 0; i < P; i++) count[((key[i] >>> shift) & 2047) + 1]++;
      for (let c = 0; c < 2048; c++) count[c + 1] += count[c];
      for (let i = 0; i < P; i++) {
        const j = idx[i];
        tmp[count[(key[j] >>> shift) & 2047]++] = j;
      }
      const t = idx;
      idx = tmp;
      tmp = t;
    }
    const order = tmp; // reuse: rank -> slot
    for (let i = 0; i < P; i++) order[i] = live[idx[i]];

    // 3. The built documents in rank order, their tokens copied from where they are now
    //    (the previous build, or the delta).
    //    Slot order: sequential reads of the slot arrays, scattered writes.
    const oldStart = this.posStart;
    const oldFwd = this.posFwd;
    const oldPos = this.slotToPos; // rank of each slot in the previous build, -1 if none
    const newPos = new Int32Array(oldPos.length).fill(-1);
    for (let p = 0; p < P; p++) newPos[order[p]] = p;
    const posStart = new Uint32Array(P + 1);
    for (let s = 0; s < S; s++) {
      const p = newPos[s];
      if (p < 0) continue;
      const old = oldPos[s];
      posStart[p + 1] = old >= 0 ? oldStart[old + 1] - oldStart[old] : 1 + this.titleLen[s] + this.origLen[s];
    }
    for (let p = 0; p < P; p++) posStart[p + 1] += posStart[p];
    const posFwd = new Uint32Array(posStart[P]);
    for (let s = 0; s < S; s++) {
      const p = newPos[s];
      if (p < 0) continue;
      let x = posStart[p];
      const end = posStart[p + 1];
      const old = oldPos[s];
      if (old >= 0) {
        let y = oldStart[old];
        while (x < end) posFwd[x++] = oldFwd[y++];
      } else {
        posFwd[x++] = this.titleLen[s] | (this.origLen[s] << 8);
        let y = this.fwdStart[s];
        while (x < end) posFwd[x++] = this.fwd[y++];
      }
    }
    this.slotToPos = newPos;

    // 4. Postings (CSR): each word's list of ranks, ascending; a word counted once per doc.
    //    A token repeated inside one document ("New York, New York") counts once: checked
    //    against the document's earlier tokens (a few), not a vocabulary-sized array.
    const counts = new Uint32Array(V + 1);
    for (let p = 0; p < P; p++) {
      const a = posStart[p] + 1;
      const b = posStart[p + 1];
      for (let x = a; x < b; x++) {
        const w = posFwd[x];
        let dup = false;
        for (let y = a; y < x && !dup; y++) dup = posFwd[y] === w;
        if (!dup) counts[w]++;
      }
    }
    const offsets = new Uint32Array(V + 1);
    for (let w = 0; w < V; w++) offsets[w + 1] = offsets[w] + counts[w];
    const postings = new Uint32Array(offsets[V]);
    for (let w = 0; w < V; w++) counts[w] = offsets[w]; // reused as write cursors
    for (let p = 0; p < P; p++) {
      const a = posStart[p] + 1;
      const b = posStart[p + 1];
      for (let x = a; x < b; x++) {
        const w = posFwd[x];
        let dup = false;
        for (let y = a; y < x && !dup; y++) dup = posFwd[y] === w;
        if (!dup) postings[counts[w]++] = p;
      }
    }
    const df = new Uint32Array(V);
    for (let w = 0; w < V; w++) df[w] = offsets[w + 1] - offsets[w];
    const cumDf = new Float64Array(V + 1);
    for (let i = 0; i < V; i++) cumDf[i + 1] = cumDf[i] + df[sorted[i]];

    this.sortedWords = sorted;
    this.sortedPos = sortedPos;
    this.posSlot = order;
    this.posStart = posStart;
    this.posFwd = posFwd;
    this.posCount = P;
    this.postOffsets = offsets;
    this.postings = postings;
    this.df = df;
    this.cumDf = cumDf;
    this.builtVocab = V;
    this.builtSlots = S;
    this.deadBuilt = 0;
    this.deltaIndex.clear();
    this.deltaWords = [];
    this.deltaLists = [];
    // every live document is built now: the delta token store starts empty again
    this.fwdLen = 0;
    if (this.fwd.length > DELTA_MAX * 16) this.fwd = new Uint32Array(DELTA_MAX * 16);
    // renumber the slots when most of them are dead (replaced or removed documents)
    if (S - P > 1024 && S - P > S / 2) this.renumberSlots();

    // 4. Positional trigram index of the words a 2-typo query can reach.
    this.buildTrigrams();

    // 5. The most popular documents of each very common short prefix.
    this.buildPrefixTops();

    if (this.seen.length * 32 < P) {
      this.seen = new Int32Array((P >>> 5) + 1);
      this.bits = new Int32Array((P >>> 5) + 1);
    }
    if (this.vocabCount.length < V) this.vocabCount = new Uint8Array(V);
    this.built = true;
  }

  /**
   * For every prefix of 1 to 3 characters that starts more than RANGE_FILL_MAX vocabulary
   * words, the PREFIX_TOP most popular documents holding such a word (ranks, ascending):
   * what a query ending in that prefix needs, without reading thousands of posting lists.
   */
  private buildPrefixTops(): void {
    const sorted = this.sortedWords;
    const words = this.words;
    const V = sorted.length;
    this.prefixTops = new Map();
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
    if (ranges.length === 0) return;
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
    const posStart = this.posStart;
    const posFwd = this.posFwd;
    for (let p = 0; p < this.posCount && open > 0; p++) {
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
    for (let r = 0; r < ranges.length; r++) this.prefixTops.set(ranges[r][0], lists[r].subarray(0, fill[r]));
  }

  /** Slot = rank for every live document; dead slots dropped. */
  private renumberSlots(): void {
    const P = this.posCount;
    const ids = new Float64Array(this.ids.length);
    const ranks = new Float32Array(this.ranks.length);
    for (let p = 0; p < P; p++) {
      const s = this.posSlot[p];
      ids[p] = this.ids[s];
      ranks[p] = this.ranks[s];
    }
    this.ids = ids;
    this.ranks = ranks;
    for (let p = 0; p < P; p++) {
      this.alive[p] = 1;
      this.slotToPos[p] = p;
      this.posSlot[p] = p;
    }
    this.alive.fill(0, P, this.slotCount);
    this.slotCount = P;
    this.builtSlots = P;
    this.idToSlot.clear();
    for (let p = 0; p < P; p++) this.idToSlot.set(ids[p], p);
  }

  /**
   * Positional trigram index of the words a 2-typo query can reach: bucket = hash of the
   * trigram (the word padded with two marks each side); entry = word id << 5 | position;
   * each bucket ordered by (word length, position), so a query reads exactly the entries of
   * lengths len±2 at positions p±2.
   */
  private buildTrigrams(): void {
    const V = this.builtVocab;
    const minLen = TYPO2_MIN_LENGTH - 2;
    const maxLen = Math.min(MAX_TOKEN_LENGTH, MAX_TYPO_LENGTH + 2);
    const eligible = (w: number) => {
      const l = this.wordLen[w];
      return l >= minLen && l <= maxLen && this.df[w] > 0 && this.wordFlags[w] === 0;
    };
    // words grouped by length (counting sort)
    const lenStart = new Uint32Array(maxLen + 2);
    for (let w = 0; w < V; w++) if (eligible(w)) lenStart[this.wordLen[w] + 1]++;
    for (let l = 1; l < lenStart.length; l++) lenStart[l] += lenStart[l - 1];
    const byLen = new Uint32Array(lenStart[maxLen + 1]);
    const fill = lenStart.slice();
    for (let w = 0; w < V; w++) if (eligible(w)) byLen[fill[this.wordLen[w]]++] = w;

    // The trigram hashes of each length group, position-major (grams[p * count + i]), so
    // that the passes below read them sequentially.
    const words = this.words;
    const groupGrams: Uint32Array[] = [];
    const counts = new Uint32Array(TRIGRAM_BUCKETS + 1);
    for (let l = minLen; l <= maxLen; l++) {
      const a = lenStart[l];
      const nl = lenStart[l + 1] - a;
      const grams = new Uint32Array(nl * (l + 2));
      for (let i = 0; i < nl; i++) {
        const w = words[byLen[a + i]];
        let c1 = 1;
        let c2 = 1;
        for (let p = 0; p <= l + 1; p++) {
          const c = p < l ? w.charCodeAt(p) : 2;
          const h = trigramHash(c1, c2, c);
          grams[p * nl + i] = h;
          counts[h]++;
          c1 = c2;
          c2 = c;
        }
      }
      groupGrams[l] = grams;
    }
    const offsets = new Uint32Array(TRIGRAM_BUCKETS + 1);
    for (let h = 0; h < TRIGRAM_BUCKETS; h++) offsets[h + 1] = offsets[h] + counts[h];
    const entries = new Uint32Array(offsets[TRIGRAM_BUCKETS]);
    for (let h = 0; h < TRIGRAM_BUCKETS; h++) counts[h] = offsets[h];
    // fill by length, then position, then word: each bucket comes out sorted by (length, position)
    for (let l = minLen; l <= maxLen; l++) {
      const a = lenStart[l];
      const nl = lenStart[l + 1] - a;
      const grams = groupGrams[l];
      for (let p = 0; p <= l + 1; p++) {
        const row = p * nl;
        for (let i = 0; i < nl; i++) entries[counts[grams[row + i]]++] = (byLen[a + i] << 5) | p;
      }
    }
    this.tgOffsets = offsets;
    this.tgEntries = entries;
  }

  /** Adds a vocabulary word and its prefixes to the Bloom filter. */
  private bloomAdd(w: string): void {
    let h = FNV_INIT;
    const n = w.length;
    for (let i = 0; i < n; i++) {
      h = Math.imul(h ^ w.charCodeAt(i), FNV_PRIME);
      if (i + 1 <= BLOOM_PREFIX_MAX || i + 1 === n) {
        const bit = bloomBit(h >>> 0);
        this.bloom[bit >>> 5] |= 1 << (bit & 31);
      }
    }
    const bit = wordBloomBit(h >>> 0);
    this.wordBloom[bit >>> 5] |= 1 << (bit & 31);
  }

  /** False when no vocabulary word is the string of FNV hash h. */
  private wordBloomHas(h: number): boolean {
    const bit = wordBloomBit(h);
    return (this.wordBloom[bit >>> 5] & (1 << (bit & 31))) !== 0;
  }

  /** False when no vocabulary word is, or starts with, the string of FNV hash h. */
  private bloomHas(h: number): boolean {
    const bit = bloomBit(h);
    return (this.bloom[bit >>> 5] & (1 << (bit & 31))) !== 0;
  }

  // ------------------------------------------------------------------ query expansion

  /** Code units seen in the vocabulary in the 128-unit blocks of the token's characters. */
  private alphabetFor(token: string): number[] {
    const out: number[] = [];
    const blocks: number[] = [];
    for (let i = 0; i < token.length; i++) {
      const b = token.charCodeAt(i) >> 7;
      if (!blocks.includes(b)) blocks.push(b);
    }
    for (const b of blocks) {
      let codes = this.alphabetCache.get(b);
      if (!codes) {
        const list: number[] = [];
        for (let c = b << 7; c < (b + 1) << 7; c++) if (this.charSeen[c]) list.push(c);
        codes = Uint16Array.from(list);
        this.alphabetCache.set(b, codes);
      }
      for (let i = 0; i < codes.length; i++) out.push(codes[i]);
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
    // Every word starting with `prefix` sorts below prefix + U+FFFF.
    return [lo, this.lowerBound(prefix + "\uffff")];
  }

  private rangeDf(lo: number, hi: number): number {
    return hi > lo ? this.cumDf[hi] - this.cumDf[lo] : 0;
  }

  private codesFor(i: number): Uint8Array {
    const need = this.words.length;
    let a = this.codeArrays[i];
    if (!a || a.length < need) {
      a = new Uint8Array(nextCapacity(a ? a.length : 1024, need));
      this.codeArrays[i] = a;
    }
    return a;
  }

  private makeMatcher(index: number, token: string, prefix: boolean): Matcher {
    const m: Matcher = {
      token,
      len: token.length,
      codes: this.codesFor(index),
      touched: [],
      exact: this.lookupToken(token),
      typoWords: [],
      prefix,
      lo: 0,
      hi: 0,
      fuzzy: [],
      fuzzyTokens: [],
      rangeMode: false,
      prefixCodes: new Uint8Array(256),
      est: 0,
      lists: null,
      top: null,
    };
    if (m.exact >= 0) {
      m.codes[m.exact] = C_EXACT;
      m.touched.push(m.exact);
      if (m.exact < this.builtVocab) m.est += this.df[m.exact];
    }
    let prefixHits = false;
    if (prefix) {
      [m.lo, m.hi] = this.prefixRange(token);
      m.est = this.rangeDf(m.lo, m.hi); // includes the exact word
      prefixHits = m.hi > m.lo || this.newWordsWithPrefix(token);
    }
    // Typos only in scripts written with spaces (a CJK bigram has no meaningful typo).
    if (!isUnsegmentedToken(token)) {
      const len = token.length;
      if (len <= MAX_TYPO_LENGTH && (len >= 4 || (len === 3 && m.exact < 0 && !prefixHits))) {
        const oneTypo = this.typo1(m);
        // Two typos for a long token that matched nothing closer (not a word, no 1-typo
        // word, not the start of a word being typed).
        if (len >= TYPO2_MIN_LENGTH && oneTypo === 0 && m.exact < 0 && !prefixHits && this.typo2Left > 0) {
          this.typo2Left--;
          this.typo2(m);
        }
      }
      if (prefix && len >= 4 && len <= MAX_FUZZY_PREFIX_LENGTH && !prefixHits) this.fuzzyPrefix(m);
    }
    if (prefix) this.fillPrefixCodes(m);
    return m;
  }

  /** Raises the score code of word `w` for `m` to `code`. */
  private setCode(m: Matcher, w: number, code: number): void {
    const prev = m.codes[w];
    if (prev >= code) return;
    if (prev === 0) m.touched.push(w);
    m.codes[w] = code;
  }

  /**
   * Score codes of the words the (unfinished) token is a prefix of, or a fuzzy prefix of, so
   * that scoring a title token is a single array read.
   */
  private fillPrefixCodes(m: Matcher): void {
    const sorted = this.sortedWords;
    const wl = this.wordLen;
    const words = this.words;
    const byLen = m.prefixCodes;
    for (let l = 0; l < 256; l++) byLen[l] = Math.round(CODE_SCALE * prefixScore(m.len, l));
    if (m.hi - m.lo > RANGE_FILL_MAX) {
      m.rangeMode = true; // checked by sorted position when scoring
      // a very common short prefix: its most popular documents are precomputed
      if (m.typoWords.length === 0 && m.fuzzy.length === 0) m.top = this.prefixTops.get(m.token) ?? null;
    } else {
      for (let i = m.lo; i < m.hi; i++) {
        const w = sorted[i];
        this.setCode(m, w, byLen[wl[w]]);
      }
    }
    const f = m.fuzzy;
    for (let r = 0; r < f.length; r += 2) for (let i = f[r]; i < f[r + 1]; i++) this.setCode(m, sorted[i], C_FUZZY_PREFIX);
    for (let w = this.builtVocab; w < words.length; w++) {
      const word = words[w];
      if (word.startsWith(m.token)) this.setCode(m, w, byLen[wl[w]]);
      else for (const v of m.fuzzyTokens) if (word.startsWith(v)) this.setCode(m, w, C_FUZZY_PREFIX);
    }
  }

  private newWordsWithPrefix(prefix: string): boolean {
    for (let w = this.builtVocab; w < this.words.length; w++) if (this.words[w].startsWith(prefix)) return true;
    return false;
  }

  private addTypo(m: Matcher, w: number, code: number): void {
    const prev = m.codes[w];
    if (prev >= code) return;
    if (prev === 0) {
      m.touched.push(w);
      m.typoWords.push(w);
      if (w < this.builtVocab) m.est += this.df[w];
    }
    m.codes[w] = code;
  }

  /**
   * Every edit-1 variant (delete, transpose, substitute, insert) looked up in the vocabulary.
   * Variant hashes are computed incrementally from the token's prefix hashes and checked
   * against a small Bloom filter of the vocabulary first; only hits build the variant.
   * Returns how many words it found.
   */
  private typo1(m: Matcher): number {
    const t = m.token;
    const len = t.length;
    if (len + 1 > MAX_TOKEN_LENGTH) return 0;
    const tc = this.tokenChars;
    const pre = this.prefixHash;
    pre[0] = FNV_INIT;
    for (let i = 0; i < len; i++) {
      tc[i] = t.charCodeAt(i);
      pre[i + 1] = Math.imul(pre[i] ^ tc[i], FNV_PRIME);
    }
    const alphabet = this.alphabetFor(t);
    const buf = this.buf;
    let found = 0;
    // hash of the variant = variant head (hash h) + the token's chars from `from` on
    const finish = (h: number, from: number): number => {
      for (let i = from; i < len; i++) h = Math.imul(h ^ tc[i], FNV_PRIME);
      return h >>> 0;
    };
    const lookup = (h: number, n: number): void => {
      const w = this.lookupBuf(n, h);
      if (w >= 0 && m.codes[w] < C_TYPO1) {
        this.addTypo(m, w, C_TYPO1);
        found++;
      }
    };
    for (let i = 0; i < len; i++) {
      // deletion of i
      let h = finish(pre[i], i + 1);
      if (this.wordBloomHas(h)) {
        for (let x = 0; x < len - 1; x++) buf[x] = tc[x < i ? x : x + 1];
        lookup(h, len - 1);
      }
      // transposition of i, i+1
      if (i + 1 < len && tc[i] !== tc[i + 1]) {
        h = finish(Math.imul(Math.imul(pre[i] ^ tc[i + 1], FNV_PRIME) ^ tc[i], FNV_PRIME), i + 2);
        if (this.wordBloomHas(h)) {
          for (let x = 0; x < len; x++) buf[x] = tc[x];
          buf[i] = tc[i + 1];
          buf[i + 1] = tc[i];
          lookup(h, len);
        }
      }
      // substitutions at i
      for (let a = 0; a < alphabet.length; a++) {
        const c = alphabet[a];
        if (c === tc[i]) continue;
        h = finish(Math.imul(pre[i] ^ c, FNV_PRIME), i + 1);
        if (this.wordBloomHas(h)) {
          for (let x = 0; x < len; x++) buf[x] = tc[x];
          buf[i] = c;
          lookup(h, len);
        }
      }
    }
    // insertions before i
    for (let i = 0; i <= len; i++) {
      for (let a = 0; a < alphabet.length; a++) {
        const c = alphabet[a];
        const h = finish(Math.imul(pre[i] ^ c, FNV_PRIME), i);
        if (this.wordBloomHas(h)) {
          for (let x = 0; x < i; x++) buf[x] = tc[x];
          buf[i] = c;
          for (let x = i; x < len; x++) buf[x + 1] = tc[x];
          lookup(h, len + 1);
        }
      }
    }
    return found;
  }

  /**
   * Words within two edits: positional trigram count filter, then a bit-parallel
   * Damerau-Levenshtein check. The trigram windows are read smallest first, at most
   * TYPO2_SCAN_CAP entries; the count threshold drops by one for each window skipped.
   */
  private typo2(m: Matcher): void {
    const t = m.token;
    const len = t.length;
    const off = this.tgOffsets;
    const entries = this.tgEntries;
    const wl = this.wordLen;
    const keyAt = (x: number) => wl[entries[x] >>> 5] * 32 + (entries[x] & 31);
    const lowerBound = (lo: number, hi: number, key: number) => {
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (keyAt(mid) < key) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const charAt = (i: number) => (i < 0 ? 1 : i < len ? t.charCodeAt(i) : 2);
    // Windows: for each of the len + 2 padded trigrams and each word length len±2, the
    // entries at positions p±2. A gram's windows are read together.
    const grams = len + 2;
    const winFrom: number[] = [];
    const winTo: number[] = [];
    const gramSize: number[] = [];
    const gramFirst: number[] = [];
    for (let p = 0; p < grams; p++) {
      const h = trigramHash(charAt(p - 2), charAt(p - 1), charAt(p));
      const a = off[h];
      const b = off[h + 1];
      gramFirst.push(winFrom.length);
      let size = 0;
      if (a < b) {
        for (let l = len - 2; l <= len + 2; l++) {
          const from = lowerBound(a, b, l * 32 + Math.max(0, p - 2));
          const to = lowerBound(from, b, l * 32 + p + 3);
          if (to > from) {
            winFrom.push(from);
            winTo.push(to);
            size += to - from;
          }
        }
      }
      gramSize.push(size);
    }
    gramFirst.push(winFrom.length);
    const order = Array.from({ length: grams }, (_, i) => i).sort((x, y) => gramSize[x] - gramSize[y]);
    // len + 2 padded trigrams; an edit destroys at most 3 of them, a transposition 4
    let need = len - 5;
    const count = this.vocabCount;
    let touched = this.vocabTouched;
    let nt = 0;
    let scanned = 0;
    for (let k = 0; k < grams; k++) {
      const g = order[k];
      if (k > 0 && scanned + gramSize[g] > TYPO2_SCAN_CAP) {
        need -= grams - k; // windows not read
        break;
      }
      scanned += gramSize[g];
      for (let wdx = gramFirst[g]; wdx < gramFirst[g + 1]; wdx++) {
        const to = winTo[wdx];
        for (let x = winFrom[wdx]; x < to; x++) {
          const w = entries[x] >>> 5;
          if (count[w] === 0) {
            if (nt >= touched.length) touched = this.vocabTouched = grow(touched, nt + 1);
            touched[nt++] = w;
          }
          if (count[w] < 255) count[w]++;
        }
      }
    }
    if (need < 1) need = 1;
    const words = this.words;
    const dist = new BitDistance(t);
    let verified = 0;
    for (let i = 0; i < nt; i++) {
      const w = touched[i];
      if (count[w] >= need && w !== m.exact && verified < TYPO2_VERIFY_CAP) {
        verified++;
        const d = dist.to(words[w]);
        if (d === 1) this.addTypo(m, w, C_TYPO1);
        else if (d === 2) this.addTypo(m, w, C_TYPO2);
      }
      count[w] = 0;
    }
    // words added since the build are not in the trigram index
    for (let w = this.builtVocab; w < words.length; w++) {
      if (w === m.exact || this.wordFlags[w] !== 0) continue;
      const d = dist.to(words[w]);
      if (d === 1) this.addTypo(m, w, C_TYPO1);
      else if (d === 2) this.addTypo(m, w, C_TYPO2);
    }
    dist.release();
  }

  /** A typo inside the typed prefix: edit-1 variants of the token used as prefixes. */
  private fuzzyPrefix(m: Matcher): void {
    const t = m.token;
    const variants = new Set<string>();
    const alphabet = this.alphabetFor(t).map((c) => String.fromCharCode(c));
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
    const hasNewWords = this.builtVocab < this.words.length;
    let words = 0;
    for (const v of variants) {
      if (v.length < 3) continue;
      if (hasNewWords) m.fuzzyTokens.push(v);
      let h = FNV_INIT;
      for (let i = 0; i < v.length; i++) h = Math.imul(h ^ v.charCodeAt(i), FNV_PRIME);
      if (!this.bloomHas(h >>> 0)) continue;
      const [lo, hi] = this.prefixRange(v);
      if (hi > lo) {
        m.fuzzy.push(lo, hi);
        m.est += this.rangeDf(lo, hi);
        words += hi - lo;
      }
      if (words >= FUZZY_PREFIX_WORDS) break;
    }
  }

  // ------------------------------------------------------------------ candidates

  /**
   * The posting ranges [start, end) of every built word `m` may match (computed once per
   * query and kept on the matcher).
   */
  private lists(m: Matcher): PostingLists {
    if (m.lists) return m.lists;
    let n = 0;
    let start = new Uint32Array(16);
    let end = new Uint32Array(16);
    const offsets = this.postOffsets;
    const builtVocab = this.builtVocab;
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
      for (let i = m.lo; i < m.hi; i++) push(this.sortedWords[i]);
    } else if (m.exact >= 0) {
      push(m.exact);
    }
    for (const w of m.typoWords) {
      if (m.prefix && w < builtVocab && this.sortedPos[w] >= m.lo && this.sortedPos[w] < m.hi) continue;
      push(w);
    }
    const f = m.fuzzy;
    for (let r = 0; r < f.length; r += 2) for (let i = f[r]; i < f[r + 1]; i++) push(this.sortedWords[i]);
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

  private addCandidate(pos: number): void {
    const bit = 1 << (pos & 31);
    if ((this.seen[pos >>> 5] & bit) !== 0) return;
    this.seen[pos >>> 5] |= bit;
    if (this.candCount >= this.cand.length) this.cand = grow(this.cand, this.candCount + 1);
    this.cand[this.candCount++] = pos;
  }

  /** Adds about `budget` of the most popular documents matching `m` (all when fewer). */
  private addTop(m: Matcher, budget: number): void {
    if (m.top !== null && budget <= m.top.length) {
      const top = m.top;
      let added = 0;
      for (let i = 0; i < top.length && added < budget; i++) {
        const bit = 1 << (top[i] & 31);
        if ((this.seen[top[i] >>> 5] & bit) !== 0) continue;
        this.addCandidate(top[i]);
        added++;
      }
      return;
    }
    const l = this.lists(m);
    const n = l.n;
    if (n === 0) return;
    const st = this.cursors(l, 0);
    const en = l.end;
    const post = this.postings;
    const startCount = this.candCount;
    if (m.est <= budget) {
      for (let k = 0; k < n; k++) for (let x = st[k]; x < en[k]; x++) this.addCandidate(post[x]);
      return;
    }
    // Ranks are positions in popularity order: take every posting below a rank threshold,
    // doubling the threshold until the budget is met.
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
    // the last round may overshoot: keep the `budget` most popular
    if (this.candCount - startCount > budget) {
      const part = this.cand.subarray(startCount, this.candCount);
      part.sort();
      for (let i = budget; i < part.length; i++) this.seen[part[i] >>> 5] &= ~(1 << (part[i] & 31));
      this.candCount = startCount + budget;
    }
  }

  /** True when the built document at rank `pos` has a token matching `m`. */
  private docMatches(pos: number, m: Matcher): boolean {
    const fwd = this.posFwd;
    const end = this.posStart[pos + 1];
    const codes = m.codes;
    const ranged = m.rangeMode;
    const sortedPos = this.sortedPos;
    for (let x = this.posStart[pos] + 1; x < end; x++) {
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
  private addCheckedBoth(a: Matcher, b: Matcher, budget: number, cap: number): number {
    let added = 0;
    let work = 0;
    const take = (p: number): boolean => {
      work++;
      if ((this.seen[p >>> 5] & (1 << (p & 31))) === 0 && this.docMatches(p, b)) {
        this.addCandidate(p);
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
    const post = this.postings;
    const P = this.posCount;
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

  /** True when some query token matches word `w`. */
  private anyMatch(w: number): boolean {
    const qc = this.queryCodes;
    const sortedPos = this.sortedPos;
    for (let i = 0; i < qc.length; i++) {
      if (qc[i][w] !== 0) return true;
      const lo = this.qLo[i];
      if (lo >= 0 && w < sortedPos.length) {
        const p = sortedPos[w];
        if (p >= lo && p < this.qHi[i]) return true;
      }
    }
    return false;
  }

  /**
   * Adds up to `budget` documents matching both `a` and `b`, most popular first. Works in
   * rounds over growing rank thresholds: marks the postings of `a` below the threshold in a
   * (cache-resident) bitset, then reads those of `b` below it; stops once enough documents
   * are found, or after `workCap` postings. Returns how many it added.
   */
  private addIntersection(a: Matcher, b: Matcher, budget: number, workCap: number): number {
    const la = this.lists(a);
    const lb = this.lists(b);
    if (la.n === 0 || lb.n === 0) return 0;
    const ca = this.cursors(la, 0);
    const cb = this.cursors(lb, 1);
    const bits = this.bits;
    const post = this.postings;
    const P = this.posCount;
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
        this.addCandidate(p);
        added++;
      }
    }
    return added;
  }

  /** Documents with a short title holding `m`'s exact word (exact-title candidates). */
  private addShortTitles(m: Matcher, maxTokens: number): void {
    const w = m.exact;
    if (w < 0 || w >= this.builtVocab) return;
    const a = this.postOffsets[w];
    const b = Math.min(this.postOffsets[w + 1], a + SHORT_TITLE_SCAN);
    let kept = 0;
    for (let x = a; x < b && kept < SHORT_TITLE_KEEP; x++) {
      const p = this.postings[x];
      const h = this.posFwd[this.posStart[p]];
      const tl = h & 255;
      const ol = (h >>> 8) & 255;
      if (tl <= maxTokens || (ol > 0 && ol <= maxTokens)) {
        this.addCandidate(p);
        kept++;
      }
    }
  }

  private collectCandidates(matchers: Matcher[], k: number): void {
    if (this.posCount === 0) return;
    const active = matchers.filter((m) => m.est > 0).sort((x, y) => x.est - y.est);
    if (active.length === 0) return;
    const n = matchers.length;
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
      const P = this.posCount;
      const listCount = (m: Matcher) => (m.prefix ? m.hi - m.lo : 1) + m.typoWords.length + m.fuzzy.length / 2;
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

  // ------------------------------------------------------------------ scoring

  /** Best score over a document's title tokens arr[start, +tl) and original title tokens. */
  private scoreDoc(arr: Uint32Array, start: number, tl: number, total: number): number {
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
    const qc = this.queryCodes;
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
      const lo = this.qLo[i];
      const hi = this.qHi[i];
      let best = 0;
      let bestJ = -1;
      for (let j = 0; j < m; j++) {
        if (used & (1 << j)) continue;
        const w = fwd[start + j];
        let c = codes[w];
        if (c === 0 && lo >= 0 && w < sortedPos.length) {
          const p = sortedPos[w];
          if (p >= lo && p < hi) c = this.qPrefixCodes[i][wl[w]];
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
