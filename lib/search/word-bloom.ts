/**
 * Bloom filters over the vocabulary, so that the typo matchers look up only the edit
 * variants that may be words: one of the words (small enough to stay in cache) and one of
 * the words and their prefixes up to PREFIX_MAX characters (fuzzy prefixes).
 */
import * as hashing from "./hashing";

const FNV_INIT = hashing.FNV_INIT;
const FNV_PRIME = hashing.FNV_PRIME; // local copy: used per character

/** Bits of the filter of words and word prefixes (a power of two). */
const BLOOM_BITS = 1 << 25;
/** Bits of the filter of words only. */
const WORD_BLOOM_BITS = 1 << 22;

/** Bloom filter bits of a FNV hash. */
function bloomBit(h: number): number {
  return Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> (32 - 25);
}
function wordBloomBit(h: number): number {
  return Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> (32 - 22);
}

/** The filters' bits, as a snapshot saves them. */
export interface WordBloomState {
  bloom: Int32Array<ArrayBuffer>;
  wordBloom: Int32Array<ArrayBuffer>;
}

export class WordBloom {
  private readonly bloom: Int32Array<ArrayBuffer>;
  private readonly wordBloom: Int32Array<ArrayBuffer>;

  /** @param prefixMax prefixes up to this length go into the prefix filter */
  constructor(
    private readonly prefixMax: number,
    saved?: WordBloomState,
  ) {
    this.bloom = saved?.bloom ?? new Int32Array(BLOOM_BITS / 32);
    this.wordBloom = saved?.wordBloom ?? new Int32Array(WORD_BLOOM_BITS / 32);
    if (this.bloom.length !== BLOOM_BITS / 32 || this.wordBloom.length !== WORD_BLOOM_BITS / 32)
      throw new RangeError("saved word filters were made with other sizes");
  }

  state(): WordBloomState {
    return { bloom: this.bloom, wordBloom: this.wordBloom };
  }

  /** Adds a vocabulary word and its prefixes. */
  add(w: string): void {
    let h = FNV_INIT;
    const n = w.length;
    for (let i = 0; i < n; i++) {
      h = Math.imul(h ^ w.charCodeAt(i), FNV_PRIME);
      if (i + 1 <= this.prefixMax || i + 1 === n) {
        const bit = bloomBit(h >>> 0);
        this.bloom[bit >>> 5] |= 1 << (bit & 31);
      }
    }
    const bit = wordBloomBit(h >>> 0);
    this.wordBloom[bit >>> 5] |= 1 << (bit & 31);
  }

  /** False when no vocabulary word is the string of (unsigned) FNV hash h. */
  hasWord(h: number): boolean {
    const bit = wordBloomBit(h);
    return (this.wordBloom[bit >>> 5] & (1 << (bit & 31))) !== 0;
  }

  /** False when no vocabulary word is, or starts with, the string of (unsigned) FNV hash h. */
  hasPrefix(h: number): boolean {
    const bit = bloomBit(h);
    return (this.bloom[bit >>> 5] & (1 << (bit & 31))) !== 0;
  }
}
