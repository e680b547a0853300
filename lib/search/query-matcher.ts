/**
 * Expands the tokens of a query into `TokenMatch`es: the vocabulary words each matches
 * exactly; as a prefix (the last token, while it is being typed); with one typo (tokens of
 * 4+ letters, 3 when nothing else matches); with two typos (9+ letters, only when nothing
 * closer matched); with a typo inside the typed prefix (when nothing else matches).
 */
import { prefixRange, rangeDf, type BuiltIndex } from "./built-index";
import { findFuzzyPrefixes } from "./fuzzy-prefix";
import { isUnsegmentedToken } from "./normalize";
import { RANGE_FILL_MAX } from "./prefix-tops";
import { prefixScore } from "./scoring";
import {
  CODE_SCALE,
  C_EXACT,
  C_FUZZY_PREFIX,
  MAX_TYPO_LENGTH,
  TYPO2_MIN_LENGTH,
  setCode,
  type TokenMatch,
} from "./token-match";
import { nextCapacity } from "./typed-arrays";
import { findOneTypo } from "./typo-one";
import { findTwoTypos } from "./typo-two";
import { MAX_FUZZY_PREFIX_LENGTH, type Vocabulary } from "./vocabulary";

/** Query tokens that may get a two-typo lookup (the first ones needing it). */
const MAX_TYPO2_TOKENS = 2;

export class QueryMatcher {
  /** Per query token position: its score code array, all zero between queries. */
  private readonly codeArrays: Uint8Array[] = [];

  constructor(private readonly vocab: Vocabulary) {}

  /** The matches of each token; the last one may be a prefix when `openEnded`. */
  match(tokens: readonly string[], openEnded: boolean, built: BuiltIndex): TokenMatch[] {
    const matches: TokenMatch[] = [];
    let typo2Left = MAX_TYPO2_TOKENS;
    for (let i = 0; i < tokens.length; i++) {
      const m = this.matchToken(i, tokens[i], openEnded && i === tokens.length - 1, built, typo2Left > 0);
      if (m.twoTypos) typo2Left--;
      matches.push(m.match);
    }
    return matches;
  }

  /** Zeroes the score codes the matches set (the arrays are reused by the next query). */
  release(matches: readonly TokenMatch[]): void {
    for (const m of matches) for (const w of m.touched) m.codes[w] = 0;
  }

  private codesFor(i: number): Uint8Array {
    const need = this.vocab.size;
    let a = this.codeArrays[i];
    if (!a || a.length < need) {
      a = new Uint8Array(nextCapacity(a ? a.length : 1024, need));
      this.codeArrays[i] = a;
    }
    return a;
  }

  private matchToken(
    index: number,
    token: string,
    prefix: boolean,
    built: BuiltIndex,
    mayTwoTypos: boolean,
  ): { match: TokenMatch; twoTypos: boolean } {
    const vocab = this.vocab;
    const m: TokenMatch = {
      token,
      len: token.length,
      codes: this.codesFor(index),
      touched: [],
      exact: vocab.lookupToken(token),
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
      if (m.exact < built.vocabSize) m.est += built.df[m.exact];
    }
    let prefixHits = false;
    if (prefix) {
      [m.lo, m.hi] = prefixRange(built, token);
      m.est = rangeDf(built, m.lo, m.hi); // includes the exact word
      prefixHits = m.hi > m.lo || vocab.hasWordWithPrefix(token, built.vocabSize);
    }
    let twoTypos = false;
    // Typos only in scripts written with spaces (a CJK bigram has no meaningful typo).
    if (!isUnsegmentedToken(token)) {
      const len = token.length;
      if (len <= MAX_TYPO_LENGTH && (len >= 4 || (len === 3 && m.exact < 0 && !prefixHits))) {
        const oneTypo = findOneTypo(m, vocab, built);
        // Two typos for a long token that matched nothing closer (not a word, no 1-typo
        // word, not the start of a word being typed).
        if (len >= TYPO2_MIN_LENGTH && oneTypo === 0 && m.exact < 0 && !prefixHits && mayTwoTypos) {
          twoTypos = true;
          findTwoTypos(m, vocab, built);
        }
      }
      if (prefix && len >= 4 && len <= MAX_FUZZY_PREFIX_LENGTH && !prefixHits) findFuzzyPrefixes(m, vocab, built);
    }
    if (prefix) this.fillPrefixCodes(m, built);
    return { match: m, twoTypos };
  }

  /**
   * Score codes of the words the (unfinished) token is a prefix of, or a fuzzy prefix of, so
   * that scoring a title token is a single array read.
   */
  private fillPrefixCodes(m: TokenMatch, built: BuiltIndex): void {
    const sorted = built.sortedWords;
    const wl = this.vocab.wordLen;
    const words = this.vocab.words;
    const byLen = m.prefixCodes;
    for (let l = 0; l < 256; l++) byLen[l] = Math.round(CODE_SCALE * prefixScore(m.len, l));
    if (m.hi - m.lo > RANGE_FILL_MAX) {
      m.rangeMode = true; // checked by sorted position when scoring
      // a very common short prefix: its most popular documents are precomputed
      if (m.typoWords.length === 0 && m.fuzzy.length === 0) m.top = built.prefixTops.get(m.token) ?? null;
    } else {
      for (let i = m.lo; i < m.hi; i++) {
        const w = sorted[i];
        setCode(m, w, byLen[wl[w]]);
      }
    }
    const f = m.fuzzy;
    for (let r = 0; r < f.length; r += 2) for (let i = f[r]; i < f[r + 1]; i++) setCode(m, sorted[i], C_FUZZY_PREFIX);
    for (let w = built.vocabSize; w < words.length; w++) {
      const word = words[w];
      if (word.startsWith(m.token)) setCode(m, w, byLen[wl[w]]);
      else for (const v of m.fuzzyTokens) if (word.startsWith(v)) setCode(m, w, C_FUZZY_PREFIX);
    }
  }
}
