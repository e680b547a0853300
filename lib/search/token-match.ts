/**
 * How one query token matches vocabulary words (a `TokenMatch`), and the byte codes of
 * match quality: every matching word gets a code in a per-token array, so that scoring a
 * title token is one array read.
 */
import type { BuiltIndex } from "./built-index";

// Match quality of one query token against one title token, stored as a byte code
// (quality * 250; 0 = no match). A clean prefix of the word being typed outranks any typo.
export const CODE_SCALE = 250;
export const C_EXACT = 250; // 1
export const C_TYPO1 = 100; // 0.4
export const C_TYPO2 = 50; // 0.2
export const C_FUZZY_PREFIX = 75; // 0.3: a typo inside the typed prefix

/** Query tokens considered; a longer query keeps its first ones. */
export const MAX_QUERY_TOKENS = 10;
/** Longest token given typo tolerance. */
export const MAX_TYPO_LENGTH = 24;
/** Tokens this long may carry two typos (shorter ones one). */
export const TYPO2_MIN_LENGTH = 9;

/** Posting ranges [start, end) of the built words a token may match. */
export interface PostingLists {
  n: number;
  start: Uint32Array;
  end: Uint32Array;
}

export interface TokenMatch {
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

/** Raises the score code of word `w` for `m` to `code`. */
export function setCode(m: TokenMatch, w: number, code: number): void {
  const prev = m.codes[w];
  if (prev >= code) return;
  if (prev === 0) m.touched.push(w);
  m.codes[w] = code;
}

/** Records word `w` as a typo match of `m` with quality `code` (keeps a better code). */
export function addTypo(m: TokenMatch, w: number, code: number, b: BuiltIndex): void {
  const prev = m.codes[w];
  if (prev >= code) return;
  if (prev === 0) {
    m.touched.push(w);
    m.typoWords.push(w);
    if (w < b.vocabSize) m.est += b.df[w];
  }
  m.codes[w] = code;
}
