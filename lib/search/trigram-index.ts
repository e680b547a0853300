/**
 * Positional trigram index of the vocabulary words a two-typo query can reach (lengths
 * TYPO2_MIN_LENGTH - 2 to MAX_TYPO_LENGTH + 2, segmented scripts only): bucket = hash of
 * the trigram (the word padded with two marks each side); entry = word id << 5 | position;
 * each bucket ordered by (word length, position), so a query reads exactly the entries of
 * lengths len±2 at positions p±2.
 */
import { MAX_TOKEN_LENGTH } from "./normalize";
import { MAX_TYPO_LENGTH, TYPO2_MIN_LENGTH } from "./token-match";
import type { Vocabulary } from "./vocabulary";

const TRIGRAM_BUCKETS = 1 << 18;

export interface TrigramIndex {
  /** Bucket b's entries are entries[offsets[b]..offsets[b + 1]). */
  offsets: Uint32Array<ArrayBuffer>;
  entries: Uint32Array<ArrayBuffer>;
}

/** Bucket of the trigram (a, b, c) (code units; 1 and 2 pad the start and the end). */
export function trigramHash(a: number, b: number, c: number): number {
  return (Math.imul(Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b) ^ c, 0xc2b2ae35) >>> 14) & (TRIGRAM_BUCKETS - 1);
}

/** The trigram index of words 0..vocabSize-1 that occur in some document (df > 0). */
export function buildTrigramIndex(vocab: Vocabulary, df: Uint32Array, vocabSize: number): TrigramIndex {
  const V = vocabSize;
  const wordLen = vocab.wordLen;
  const wordFlags = vocab.wordFlags;
  const minLen = TYPO2_MIN_LENGTH - 2;
  const maxLen = Math.min(MAX_TOKEN_LENGTH, MAX_TYPO_LENGTH + 2);
  const eligible = (w: number) => {
    const l = wordLen[w];
    return l >= minLen && l <= maxLen && df[w] > 0 && wordFlags[w] === 0;
  };
  // words grouped by length (counting sort)
  const lenStart = new Uint32Array(maxLen + 2);
  for (let w = 0; w < V; w++) if (eligible(w)) lenStart[wordLen[w] + 1]++;
  for (let l = 1; l < lenStart.length; l++) lenStart[l] += lenStart[l - 1];
  const byLen = new Uint32Array(lenStart[maxLen + 1]);
  const fill = lenStart.slice();
  for (let w = 0; w < V; w++) if (eligible(w)) byLen[fill[wordLen[w]]++] = w;

  // The trigram hashes of each length group, position-major (grams[p * count + i]), so
  // that the passes below read them sequentially.
  const words = vocab.words;
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
  return { offsets, entries };
}
