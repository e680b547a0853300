/**
 * What a build produces, read by every query (build.ts makes it). Built documents are
 * numbered by rank (pos): 0 = the most popular live document at build time.
 */
import type { TrigramIndex } from "./trigram-index";

/** Header flag of a built document that was removed or replaced since the build. */
export const DEAD = 1 << 16;

export interface BuiltIndex {
  /** Word id -> string: the vocabulary's own (growing) list. */
  readonly words: readonly string[];
  /** Word ids below this are in the sorted vocabulary and the postings. */
  readonly vocabSize: number;
  /** Built documents. */
  readonly count: number;
  /** Document slots below this were in the build (if alive then); the rest is the delta. */
  readonly slots: number;
  /** Rank -> slot. */
  readonly posSlot: Uint32Array<ArrayBuffer>;
  /**
   * The documents' tokens in rank order: from posStart[pos], a header (title tokens |
   * original title tokens << 8 | DEAD) then the tokens: one cache line or two per candidate.
   */
  readonly posStart: Uint32Array<ArrayBuffer>;
  readonly posFwd: Uint32Array<ArrayBuffer>;
  /** Per word, its documents' ranks, ascending: postings[postOffsets[w]..postOffsets[w + 1]). */
  readonly postOffsets: Uint32Array<ArrayBuffer>;
  readonly postings: Uint32Array<ArrayBuffer>;
  /** Documents per word. */
  readonly df: Uint32Array<ArrayBuffer>;
  /** Word ids in string order, and word id -> its index there. */
  readonly sortedWords: Uint32Array<ArrayBuffer>;
  readonly sortedPos: Int32Array<ArrayBuffer>;
  /** Cumulative document frequencies in sorted order: the postings of a prefix range in O(1). */
  readonly cumDf: Float64Array<ArrayBuffer>;
  readonly trigrams: TrigramIndex;
  /** A very common 1-3 character prefix -> its most popular documents (see prefix-tops.ts). */
  readonly prefixTops: Map<string, Uint32Array>;
  /** Built documents removed or replaced since the build. */
  deadCount: number;
}

/** The index of nothing (before the first build). */
export function emptyBuild(words: readonly string[]): BuiltIndex {
  return {
    words,
    vocabSize: 0,
    count: 0,
    slots: 0,
    posSlot: new Uint32Array(0),
    posStart: new Uint32Array(1),
    posFwd: new Uint32Array(0),
    postOffsets: new Uint32Array(1),
    postings: new Uint32Array(0),
    df: new Uint32Array(0),
    sortedWords: new Uint32Array(0),
    sortedPos: new Int32Array(0),
    cumDf: new Float64Array(1),
    trigrams: { offsets: new Uint32Array(0), entries: new Uint32Array(0) },
    prefixTops: new Map(),
    deadCount: 0,
  };
}

/** A build as a snapshot saves it: what takes longer to recompute than to read. */
export interface BuiltState {
  vocabSize: number;
  count: number;
  slots: number;
  deadCount: number;
  posSlot: Uint32Array<ArrayBuffer>;
  posStart: Uint32Array<ArrayBuffer>;
  posFwd: Uint32Array<ArrayBuffer>;
  postOffsets: Uint32Array<ArrayBuffer>;
  postings: Uint32Array<ArrayBuffer>;
  sortedWords: Uint32Array<ArrayBuffer>;
  trigrams: TrigramIndex;
  prefixTops: { prefixes: string[]; docs: Uint32Array<ArrayBuffer>[] };
}

export function builtState(b: BuiltIndex): BuiltState {
  const { vocabSize, count, slots, deadCount, posSlot, posStart, posFwd, postOffsets, postings, sortedWords, trigrams } = b;
  const prefixTops = { prefixes: [...b.prefixTops.keys()], docs: [...b.prefixTops.values()] as Uint32Array<ArrayBuffer>[] };
  return { vocabSize, count, slots, deadCount, posSlot, posStart, posFwd, postOffsets, postings, sortedWords, trigrams, prefixTops };
}

/** A saved build over `words`, with the per-word arrays that follow from it (milliseconds). */
export function restoreBuild(words: readonly string[], s: BuiltState): BuiltIndex {
  const V = s.vocabSize;
  const ok =
    V <= words.length &&
    s.sortedWords.length === V &&
    s.postOffsets.length === V + 1 &&
    s.postOffsets[V] === s.postings.length &&
    s.posSlot.length === s.count &&
    s.posStart.length === s.count + 1 &&
    s.posStart[s.count] === s.posFwd.length &&
    s.trigrams.offsets[s.trigrams.offsets.length - 1] === s.trigrams.entries.length &&
    s.prefixTops.prefixes.length === s.prefixTops.docs.length;
  if (!ok) throw new RangeError("saved title index arrays do not fit together");
  const df = new Uint32Array(V);
  for (let w = 0; w < V; w++) df[w] = s.postOffsets[w + 1] - s.postOffsets[w];
  const sortedPos = new Int32Array(V);
  const cumDf = new Float64Array(V + 1);
  for (let i = 0; i < V; i++) {
    sortedPos[s.sortedWords[i]] = i;
    cumDf[i + 1] = cumDf[i] + df[s.sortedWords[i]];
  }
  const { prefixes, docs } = s.prefixTops;
  return { ...s, words, df, sortedPos, cumDf, prefixTops: new Map(prefixes.map((p, i) => [p, docs[i]])) };
}

/** Flags the built document at rank `pos` as removed: queries skip it from now on. */
export function markDead(b: BuiltIndex, pos: number): void {
  b.posFwd[b.posStart[pos]] |= DEAD;
  b.deadCount++;
}

/** Lower bound of `prefix` in the sorted vocabulary. */
function lowerBound(b: BuiltIndex, prefix: string): number {
  const sorted = b.sortedWords;
  const words = b.words;
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
export function prefixRange(b: BuiltIndex, prefix: string): [number, number] {
  const lo = lowerBound(b, prefix);
  if (lo >= b.sortedWords.length || !b.words[b.sortedWords[lo]].startsWith(prefix)) return [lo, lo];
  // Every word starting with `prefix` sorts below prefix + U+FFFF.
  return [lo, lowerBound(b, prefix + "\uffff")];
}

/** Postings of the sorted vocabulary words [lo, hi). */
export function rangeDf(b: BuiltIndex, lo: number, hi: number): number {
  return hi > lo ? b.cumDf[hi] - b.cumDf[lo] : 0;
}
