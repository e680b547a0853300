/**
 * Two-typo matcher: the words within two edits of a long query token, by a positional
 * trigram count filter (trigram-index.ts) then a bit-parallel Damerau-Levenshtein check.
 */
import type { BuiltIndex } from "./built-index";
import { BitDistance } from "./edit-distance";
import { C_TYPO1, C_TYPO2, addTypo, type TokenMatch } from "./token-match";
import { trigramHash } from "./trigram-index";
import { grow } from "./typed-arrays";
import type { Vocabulary } from "./vocabulary";

/** Distance-2 typo candidates verified per query token, and trigram entries read for them. */
const TYPO2_VERIFY_CAP = 3000;
const TYPO2_SCAN_CAP = 40_000;

// Per-call scratch (search is synchronous, never re-entered): trigram hits per word (all
// zero between calls), and the words hit.
let hitCount = new Uint8Array(0);
let hitWords = new Uint32Array(1024);

/** The trigram index entries a token's padded trigrams select, grouped by trigram. */
interface TrigramWindows {
  /** Entry ranges [from[w], to[w]) of the windows. */
  from: number[];
  to: number[];
  /** Per trigram: its first window (windows first[g]..first[g + 1]) and entry count. */
  first: number[];
  size: number[];
}

/**
 * For each of the len + 2 padded trigrams of `t` and each word length len±2, the entries of
 * the trigram's bucket at positions p±2 (a bucket is sorted by (word length, position)).
 */
function trigramWindows(t: string, built: BuiltIndex, wl: Uint8Array): TrigramWindows {
  const len = t.length;
  const off = built.trigrams.offsets;
  const entries = built.trigrams.entries;
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
  const w: TrigramWindows = { from: [], to: [], first: [], size: [] };
  for (let p = 0; p < len + 2; p++) {
    const h = trigramHash(charAt(p - 2), charAt(p - 1), charAt(p));
    const a = off[h];
    const b = off[h + 1];
    w.first.push(w.from.length);
    let size = 0;
    if (a < b) {
      for (let l = len - 2; l <= len + 2; l++) {
        const from = lowerBound(a, b, l * 32 + Math.max(0, p - 2));
        const to = lowerBound(from, b, l * 32 + p + 3);
        if (to > from) {
          w.from.push(from);
          w.to.push(to);
          size += to - from;
        }
      }
    }
    w.size.push(size);
  }
  w.first.push(w.from.length);
  return w;
}

/**
 * Adds the words within two edits of `m.token` to `m`. The trigram windows are read
 * smallest first, at most TYPO2_SCAN_CAP entries; the count threshold drops by one for each
 * window skipped.
 */
export function findTwoTypos(m: TokenMatch, vocab: Vocabulary, built: BuiltIndex): void {
  const t = m.token;
  const len = t.length;
  const entries = built.trigrams.entries;
  const win = trigramWindows(t, built, vocab.wordLen);
  const grams = len + 2;
  const gramSize = win.size;
  const order = Array.from({ length: grams }, (_, i) => i).sort((x, y) => gramSize[x] - gramSize[y]);
  // len + 2 padded trigrams; an edit destroys at most 3 of them, a transposition 4
  let need = len - 5;
  if (hitCount.length < built.vocabSize) hitCount = new Uint8Array(built.vocabSize);
  const count = hitCount;
  let touched = hitWords;
  let nt = 0;
  let scanned = 0;
  for (let k = 0; k < grams; k++) {
    const g = order[k];
    if (k > 0 && scanned + gramSize[g] > TYPO2_SCAN_CAP) {
      need -= grams - k; // windows not read
      break;
    }
    scanned += gramSize[g];
    for (let wdx = win.first[g]; wdx < win.first[g + 1]; wdx++) {
      const to = win.to[wdx];
      for (let x = win.from[wdx]; x < to; x++) {
        const w = entries[x] >>> 5;
        if (count[w] === 0) {
          if (nt >= touched.length) touched = hitWords = grow(touched, nt + 1);
          touched[nt++] = w;
        }
        if (count[w] < 255) count[w]++;
      }
    }
  }
  if (need < 1) need = 1;
  const words = vocab.words;
  const dist = new BitDistance(t);
  let verified = 0;
  for (let i = 0; i < nt; i++) {
    const w = touched[i];
    if (count[w] >= need && w !== m.exact && verified < TYPO2_VERIFY_CAP) {
      verified++;
      const d = dist.to(words[w]);
      if (d === 1) addTypo(m, w, C_TYPO1, built);
      else if (d === 2) addTypo(m, w, C_TYPO2, built);
    }
    count[w] = 0;
  }
  // words added since the build are not in the trigram index
  for (let w = built.vocabSize; w < words.length; w++) {
    if (w === m.exact || vocab.wordFlags[w] !== 0) continue;
    const d = dist.to(words[w]);
    if (d === 1) addTypo(m, w, C_TYPO1, built);
    else if (d === 2) addTypo(m, w, C_TYPO2, built);
  }
  dist.release();
}
