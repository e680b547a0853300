/**
 * The vocabulary: every distinct token of the indexed titles, numbered in order of first
 * appearance (word ids), in an open-addressing hash table keyed by two 32-bit hashes. ASCII
 * titles are lowercased, split and hashed in one pass with no intermediate strings.
 */
import * as hashing from "./hashing";
import { MAX_TOKEN_LENGTH, isUnsegmentedToken, tokenize } from "./normalize";
import { grow, nextCapacity } from "./typed-arrays";
import { WordBloom, type WordBloomState } from "./word-bloom";

/** Tokens kept per title field (longer titles are rare; the rest is not indexed). */
export const MAX_FIELD_TOKENS = 30;
/** Longest token given a fuzzy prefix (a typo inside the prefix being typed). */
export const MAX_FUZZY_PREFIX_LENGTH = 12;
/** wordFlags bit: a token of a script written without spaces (a CJK bigram...): no typos. */
const WORD_UNSEGMENTED = 1;
// Local copies: an imported binding may be a getter once bundled, and these sit in hot loops.
const MAX_TOKEN = MAX_TOKEN_LENGTH;
const FNV_INIT = hashing.FNV_INIT;
const FNV_PRIME = hashing.FNV_PRIME;
const H2_INIT = hashing.H2_INIT;
const H2_PRIME = hashing.H2_PRIME;

/** A vocabulary as a snapshot saves it: its words and the typed arrays built from them. */
export interface VocabularyState {
  words: string[];
  wordLen: Uint8Array<ArrayBuffer>;
  wordFlags: Uint8Array<ArrayBuffer>;
  table: Int32Array<ArrayBuffer>;
  charSeen: Uint8Array<ArrayBuffer>;
  bloom: WordBloomState;
}

export class Vocabulary {
  /** Word id -> its string, length and flags. */
  readonly words: string[];
  wordLen: Uint8Array<ArrayBuffer>;
  wordFlags: Uint8Array<ArrayBuffer>;
  /** Scratch token the lookups read: callers write a token's code units here. */
  readonly buf = new Uint16Array(MAX_TOKEN_LENGTH + 2);
  /** Words and their prefixes (for the typo matchers). */
  readonly bloom: WordBloom;
  private table: Int32Array<ArrayBuffer>; // [fnv hash, second hash, word id + 1] per entry (0 = empty)
  private probe = 0; // empty table slot found by the last failed lookup
  private readonly charSeen: Uint8Array<ArrayBuffer>; // code units seen in segmented words (typo alphabet)
  private readonly alphabetCache = new Map<number, Uint16Array>(); // 128-unit block -> its seen units

  constructor(expectedWords: number, saved?: VocabularyState) {
    if (saved) {
      const { words, wordLen, wordFlags, table, charSeen } = saved;
      const cap = table.length / 3;
      if (wordLen.length < words.length || wordFlags.length < words.length || charSeen.length !== 65536 || !Number.isInteger(cap) || cap & (cap - 1) || cap < 2 * words.length)
        throw new RangeError("saved vocabulary arrays do not match its words");
      this.words = words;
      this.wordLen = wordLen;
      this.wordFlags = wordFlags;
      this.table = table;
      this.charSeen = charSeen;
      this.bloom = new WordBloom(MAX_FUZZY_PREFIX_LENGTH + 1, saved.bloom);
      return;
    }
    const n = Math.max(1024, expectedWords);
    this.words = [];
    this.wordLen = new Uint8Array(n);
    this.wordFlags = new Uint8Array(n);
    this.table = new Int32Array(3 * nextCapacity(4096, n * 2));
    this.charSeen = new Uint8Array(65536);
    this.bloom = new WordBloom(MAX_FUZZY_PREFIX_LENGTH + 1);
  }

  state(): VocabularyState {
    const n = this.words.length;
    // Sized for the words there are, not for the catalog size guessed up front.
    const capacity = nextCapacity(4096, 2 * n + 2);
    return {
      words: this.words,
      wordLen: this.wordLen.subarray(0, n),
      wordFlags: this.wordFlags.subarray(0, n),
      table: capacity < this.table.length / 3 ? this.rehashed(capacity) : this.table,
      charSeen: this.charSeen,
      bloom: this.bloom.state(),
    };
  }

  get size(): number {
    return this.words.length;
  }

  /**
   * Looks up the word of hashes (h1, h2) (FNV-1a and the second hash); -1 (and `probe` =
   * the empty slot) when absent. Two 32-bit hashes identify a word (a false match is a
   * ~2^-64 event), so a lookup touches one table entry and never the word's string.
   */
  lookupHashes(h1: number, h2: number): number {
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
  lookupBuf(len: number, h1: number): number {
    return this.lookupHashes(h1, this.hash2Buf(len));
  }

  /** The id of `token`, or -1. */
  lookupToken(token: string): number {
    const len = this.loadBuf(token);
    return len === 0 ? -1 : this.lookupHashes(this.hashBuf(len), this.hash2Buf(len));
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

  /** The id of buf[0..len) (hashes h1, h2), inserted when new. `token` is its string if known. */
  private intern(len: number, h1: number, h2: number, token: string | null, maybeUnsegmented: boolean): number {
    const found = this.lookupHashes(h1, h2);
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
    this.bloom.add(w);
    return id;
  }

  private growTable(): void {
    this.table = this.rehashed((this.table.length / 3) * 2);
  }

  /** The table's entries in a table of `capacity` (a power of two) entries. */
  private rehashed(capacity: number): Int32Array<ArrayBuffer> {
    const old = this.table;
    const table = new Int32Array(capacity * 3);
    const mask = capacity - 1;
    for (let o = 0; o < old.length; o += 3) {
      if (old[o + 2] === 0) continue;
      let i = old[o] & mask;
      while (table[3 * i + 2] !== 0) i = (i + 1) & mask;
      table[3 * i] = old[o];
      table[3 * i + 1] = old[o + 1];
      table[3 * i + 2] = old[o + 2];
    }
    return table;
  }

  /**
   * Tokenises a title field into word ids at out[from..] (new words are added); returns how
   * many (at most MAX_FIELD_TOKENS).
   */
  fieldTokens(s: string, out: Uint32Array, from: number): number {
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

  /** Code units seen in the vocabulary in the 128-unit blocks of the token's characters. */
  alphabetFor(token: string): number[] {
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

  /** True when a word numbered `from` or later starts with `prefix`. */
  hasWordWithPrefix(prefix: string, from: number): boolean {
    const words = this.words;
    for (let w = from; w < words.length; w++) if (words[w].startsWith(prefix)) return true;
    return false;
  }
}
