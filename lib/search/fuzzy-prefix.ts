/**
 * Fuzzy-prefix matcher: a typo inside the prefix being typed. The edit-1 variants of the
 * token are used as prefixes: each becomes a range of the sorted vocabulary.
 */
import { prefixRange, rangeDf, type BuiltIndex } from "./built-index";
import { fnv } from "./hashing";
import type { TokenMatch } from "./token-match";
import type { Vocabulary } from "./vocabulary";

/** Vocabulary words taken from fuzzy prefix ranges. */
const FUZZY_PREFIX_WORDS = 4000;

/** Adds to `m` the sorted-vocabulary ranges (and, for words added since the build, the
 * prefixes) of the edit-1 variants of `m.token`. */
export function findFuzzyPrefixes(m: TokenMatch, vocab: Vocabulary, built: BuiltIndex): void {
  const t = m.token;
  const variants = new Set<string>();
  const alphabet = vocab.alphabetFor(t).map((c) => String.fromCharCode(c));
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
  const hasNewWords = built.vocabSize < vocab.size;
  let words = 0;
  for (const v of variants) {
    if (v.length < 3) continue;
    if (hasNewWords) m.fuzzyTokens.push(v);
    if (!vocab.bloom.hasPrefix(fnv(v) >>> 0)) continue;
    const [lo, hi] = prefixRange(built, v);
    if (hi > lo) {
      m.fuzzy.push(lo, hi);
      m.est += rangeDf(built, lo, hi);
      words += hi - lo;
    }
    if (words >= FUZZY_PREFIX_WORDS) break;
  }
}
