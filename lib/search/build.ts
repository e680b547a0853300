/**
 * Builds the search structures from the vocabulary and the live documents: orders the
 * documents by popularity and writes, per word, the posting list of document ranks (CSR,
 * ascending = most popular first); the documents' tokens in rank order; the sorted
 * vocabulary (a prefix is a range found by binary search, its size O(1) from cumulative
 * document frequencies); the most popular documents of the very common short prefixes; the
 * trigram index of the words two typos can reach. A rebuild reuses the previous build's
 * vocabulary order and document tokens.
 */
import type { BuiltIndex } from "./built-index";
import { DELTA_MAX } from "./delta";
import type { DocumentStore } from "./documents";
import { buildPrefixTops } from "./prefix-tops";
import { radixOrder } from "./radix-sort";
import { buildTrigramIndex } from "./trigram-index";
import type { Vocabulary } from "./vocabulary";

/**
 * The new build. Renumbers `docs` (slot = rank) when most slots are dead, and empties its
 * delta token store: every live document is in the build now.
 */
export function buildIndex(vocab: Vocabulary, docs: DocumentStore, prev: BuiltIndex): BuiltIndex {
  const words = vocab.words;
  const V = words.length;
  const S = docs.slotCount;

  // 1. Sorted vocabulary: the previous order merged with the new words, sorted.
  const sorted = mergeSorted(words, prev.sortedWords, sortWordRange(words, prev.vocabSize, V));
  const sortedPos = new Int32Array(V);
  for (let i = 0; i < V; i++) sortedPos[sorted[i]] = i;

  // 2. Ranks: live slots, most popular first (ties: slot order).
  const order = rankOrder(docs);
  const P = order.length;

  // 3. The documents' tokens in rank order, and each slot's new rank.
  const { posStart, posFwd } = documentsByRank(docs, prev, order);

  // 4. Postings (CSR): each word's list of ranks, ascending; a word counted once per doc.
  const { offsets, postings } = buildPostings(posStart, posFwd, P, V);
  const df = new Uint32Array(V);
  for (let w = 0; w < V; w++) df[w] = offsets[w + 1] - offsets[w];
  const cumDf = new Float64Array(V + 1);
  for (let i = 0; i < V; i++) cumDf[i + 1] = cumDf[i] + df[sorted[i]];

  docs.clearDeltaTokens(DELTA_MAX * 16);
  // renumber the slots when most of them are dead (replaced or removed documents)
  if (S - P > 1024 && S - P > S / 2) docs.renumber(order, P);

  return {
    words,
    vocabSize: V,
    count: P,
    slots: docs.slotCount,
    posSlot: order,
    posStart,
    posFwd,
    postOffsets: offsets,
    postings,
    df,
    sortedWords: sorted,
    sortedPos,
    cumDf,
    // 5. Positional trigram index of the words a 2-typo query can reach.
    trigrams: buildTrigramIndex(vocab, df, V),
    // 6. The most popular documents of each very common short prefix.
    prefixTops: buildPrefixTops(sorted, words, posStart, posFwd, P),
    deadCount: 0,
  };
}

/** Live slots, most popular first; stable, so equal popularity keeps slot order. */
function rankOrder(docs: DocumentStore): Uint32Array<ArrayBuffer> {
  // radix sort (2 x 11 bits) on the popularity quantised to 22 bits, descending
  let P = 0;
  const live = new Uint32Array(docs.aliveCount);
  const key = new Uint32Array(docs.aliveCount);
  const alive = docs.alive;
  const ranks = docs.ranks;
  for (let s = 0; s < docs.slotCount; s++) {
    if (!alive[s]) continue;
    const q = Math.min(0x3fffff, Math.max(0, Math.round(ranks[s] * 65536)));
    live[P] = s;
    key[P++] = 0x3fffff - q;
  }
  const order = radixOrder(
    P,
    [
      [key, 0],
      [key, 11],
    ],
    11,
  );
  for (let i = 0; i < P; i++) order[i] = live[order[i]]; // index into live -> slot
  return order;
}

/**
 * The built documents in rank order, their tokens copied from where they are now (the
 * previous build, or the delta); sets docs.slotToPos to the new ranks. Slot order:
 * sequential reads of the slot arrays, scattered writes.
 */
function documentsByRank(
  docs: DocumentStore,
  prev: BuiltIndex,
  order: Uint32Array,
): { posStart: Uint32Array<ArrayBuffer>; posFwd: Uint32Array<ArrayBuffer> } {
  const P = order.length;
  const S = docs.slotCount;
  const oldStart = prev.posStart;
  const oldFwd = prev.posFwd;
  const oldPos = docs.slotToPos; // rank of each slot in the previous build, -1 if none
  const newPos = new Int32Array(oldPos.length).fill(-1);
  for (let p = 0; p < P; p++) newPos[order[p]] = p;
  const posStart = new Uint32Array(P + 1);
  for (let s = 0; s < S; s++) {
    const p = newPos[s];
    if (p < 0) continue;
    const old = oldPos[s];
    posStart[p + 1] = old >= 0 ? oldStart[old + 1] - oldStart[old] : 1 + docs.titleLen[s] + docs.origLen[s];
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
      posFwd[x++] = docs.titleLen[s] | (docs.origLen[s] << 8);
      let y = docs.fwdStart[s];
      while (x < end) posFwd[x++] = docs.fwd[y++];
    }
  }
  docs.slotToPos = newPos;
  return { posStart, posFwd };
}

/**
 * Each word's list of document ranks, ascending (CSR). A token repeated inside one
 * document ("New York, New York") counts once: checked against the document's earlier
 * tokens (a few), not a vocabulary-sized array.
 */
function buildPostings(
  posStart: Uint32Array,
  posFwd: Uint32Array,
  P: number,
  V: number,
): { offsets: Uint32Array<ArrayBuffer>; postings: Uint32Array<ArrayBuffer> } {
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
  return { offsets, postings };
}

/** Merges two lists of word ids, each sorted by their strings. */
function mergeSorted(words: readonly string[], a: Uint32Array, b: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  if (a.length === 0) return b;
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && words[a[i]] < words[b[j]])) out[o++] = a[i++];
    else out[o++] = b[j++];
  }
  return out;
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
 * Word ids from..to-1 sorted by their strings (code-unit order): radix sort on the first 8
 * characters (6 bits each, order-preserving for the tokenizer's output), then a comparison
 * sort inside each run of equal keys.
 */
export function sortWordRange(words: readonly string[], from: number, to: number): Uint32Array<ArrayBuffer> {
  const n = to - from;
  const hi = new Uint32Array(n); // characters 0..3
  const lo = new Uint32Array(n); // characters 4..7
  for (let i = 0; i < n; i++) charKeys(words[from + i], hi, i, lo);
  const idx = radixOrder(
    n,
    [
      [lo, 0],
      [lo, 12],
      [hi, 0],
      [hi, 12],
    ],
    12,
  );
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
