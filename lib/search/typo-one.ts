/**
 * One-typo matcher: every edit-1 variant of a query token (delete, transpose, substitute,
 * insert) looked up in the vocabulary. Variant hashes are computed incrementally from the
 * token's prefix hashes and checked against the vocabulary's Bloom filter of words first;
 * only hits build the variant.
 */
import type { BuiltIndex } from "./built-index";
import * as hashing from "./hashing";
import { MAX_TOKEN_LENGTH } from "./normalize";
import { C_TYPO1, addTypo, type TokenMatch } from "./token-match";
import type { Vocabulary } from "./vocabulary";

const FNV_INIT = hashing.FNV_INIT;
const FNV_PRIME = hashing.FNV_PRIME; // local copy: the inner loops multiply by it

// Per-call scratch (search is synchronous, never re-entered): the token's code units and
// the FNV hashes of its prefixes.
const tokenChars = new Uint16Array(MAX_TOKEN_LENGTH + 2);
const prefixHash = new Int32Array(MAX_TOKEN_LENGTH + 2);

/** Adds the words one edit away from `m.token` to `m`; returns how many it found. */
export function findOneTypo(m: TokenMatch, vocab: Vocabulary, built: BuiltIndex): number {
  const t = m.token;
  const len = t.length;
  if (len + 1 > MAX_TOKEN_LENGTH) return 0;
  const tc = tokenChars;
  const pre = prefixHash;
  pre[0] = FNV_INIT;
  for (let i = 0; i < len; i++) {
    tc[i] = t.charCodeAt(i);
    pre[i + 1] = Math.imul(pre[i] ^ tc[i], FNV_PRIME);
  }
  const alphabet = vocab.alphabetFor(t);
  const bloom = vocab.bloom;
  const buf = vocab.buf;
  let found = 0;
  // hash of the variant = variant head (hash h) + the token's chars from `from` on
  const finish = (h: number, from: number): number => {
    for (let i = from; i < len; i++) h = Math.imul(h ^ tc[i], FNV_PRIME);
    return h >>> 0;
  };
  // the variant is in buf[0..n)
  const lookup = (h: number, n: number): void => {
    const w = vocab.lookupBuf(n, h);
    if (w >= 0 && m.codes[w] < C_TYPO1) {
      addTypo(m, w, C_TYPO1, built);
      found++;
    }
  };
  for (let i = 0; i < len; i++) {
    // deletion of i
    let h = finish(pre[i], i + 1);
    if (bloom.hasWord(h)) {
      for (let x = 0; x < len - 1; x++) buf[x] = tc[x < i ? x : x + 1];
      lookup(h, len - 1);
    }
    // transposition of i, i+1
    if (i + 1 < len && tc[i] !== tc[i + 1]) {
      h = finish(Math.imul(Math.imul(pre[i] ^ tc[i + 1], FNV_PRIME) ^ tc[i], FNV_PRIME), i + 2);
      if (bloom.hasWord(h)) {
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
      if (bloom.hasWord(h)) {
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
      if (bloom.hasWord(h)) {
        for (let x = 0; x < i; x++) buf[x] = tc[x];
        buf[i] = c;
        for (let x = i; x < len; x++) buf[x + 1] = tc[x];
        lookup(h, len + 1);
      }
    }
  }
  return found;
}
