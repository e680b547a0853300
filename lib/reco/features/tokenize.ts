/**
 * The feature model's tokeniser and term rules. It runs once per word of a 1.29M-row catalog, so
 * it scans characters by hand (no regex per token, no string per word) and reports words through
 * a callback.
 */
// The Porter stemmer of `stemmer` (one small module, no dependencies). It replaced natural's
// PorterStemmer, which stems the catalog vocabulary identically (tests/unit/stemmer.test.ts) but
// pulled database drivers and unmaintained packages into production.
import { stemmer } from "stemmer";

// 0 = unknown (non-ASCII, not classified yet), 1 = word character, 2 = not a word character.
const WORD_CLASS = new Uint8Array(65536);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  WORD_CLASS[c] = /[A-Za-z0-9_]/.test(ch) ? 1 : 2;
}
// Python's `\w` on str: Unicode letters (L*), numbers (N*) and the underscore; not marks.
const UNICODE_WORD = /^[\p{L}\p{N}_]$/u;

function isWordUnit(code: number): boolean {
  let cls = WORD_CLASS[code];
  if (cls === 0) {
    // Lone surrogates are classified per code point by the caller.
    cls = UNICODE_WORD.test(String.fromCharCode(code)) ? 1 : 2;
    WORD_CLASS[code] = cls;
  }
  return cls === 1;
}

/** 1 for an ASCII word character (A-Z, a-z, 0-9, _), else 0: the scanner's fast path. */
const ASCII_WORD: Uint8Array = Uint8Array.from(WORD_CLASS.subarray(0, 128), (c) => (c === 1 ? 1 : 0));

/**
 * The class of the character at `i` (for non-ASCII text): 1 or 2 = a word character taking 1 or
 * 2 UTF-16 units, -1 or -2 = not a word character taking 1 or 2 units.
 */
function charClassAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return UNICODE_WORD.test(text.slice(i, i + 2)) ? 2 : -2;
    return -1;
  }
  if (c >= 0xd800 && c <= 0xdfff) return -1;
  return isWordUnit(c) ? 1 : -1;
}

/** Receives one word of scanned text: text[start, end), and its FNV-1a hash over the UTF-16 units. */
export type WordSink = (text: string, start: number, end: number, hash: number) => void;

/**
 * The tokeniser: calls `onWord` with every maximal run of word characters in `text` that is at
 * least `minLen` code points long, as a range and its hash (no string per word: the caller looks
 * the range up, see term-reader.ts). `text` is used as is (lowercase it first). With minLen 2
 * this is scikit-learn's default `token_pattern` `(?u)\b\w\w+\b`.
 */
export function forEachWord(text: string, minLen: number, onWord: WordSink): void {
  const n = text.length;
  let start = -1;
  let points = 0;
  let hash = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const cls = c < 128 ? (ASCII_WORD[c] === 1 ? 1 : -1) : charClassAt(text, i);
    if (cls > 0) {
      if (start < 0) {
        start = i;
        points = 0;
        hash = 0x811c9dc5 | 0;
      }
      hash = Math.imul(hash ^ c, 0x01000193);
      if (cls === 2) hash = Math.imul(hash ^ text.charCodeAt(i + 1), 0x01000193);
      points++;
      i += cls;
    } else {
      if (start >= 0) {
        if (points >= minLen) onWord(text, start, i, hash);
        start = -1;
      }
      i -= cls;
    }
  }
  if (start >= 0 && points >= minLen) onWord(text, start, n, hash);
}

/** A whole list entry (or a whole string column) as one lowercase, space-normalised term. */
export function normalizeLabel(label: string): string {
  return label.trim().replace(/\s+/g, " ").toLowerCase();
}

/** English stop words: scikit-learn's `ENGLISH_STOP_WORDS` plus contraction fragments ("don", "ll"). */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a about above across after afterwards again against all almost alone along already also although always am among " +
    "amongst amoungst amount an and another any anyhow anyone anything anyway anywhere are around as at back be became " +
    "because become becomes becoming been before beforehand behind being below beside besides between beyond bill both " +
    "bottom but by call can cannot cant co con could couldnt cry de describe detail do done down due during each eg " +
    "eight either eleven else elsewhere empty enough etc even ever every everyone everything everywhere except few " +
    "fifteen fify fill find fire first five for former formerly forty found four from front full further get give go " +
    "had has hasnt have he hence her here hereafter hereby herein hereupon hers herself him himself his how however " +
    "hundred i ie if in inc indeed interest into is it its itself keep last latter latterly least less ltd made many " +
    "may me meanwhile might mill mine more moreover most mostly move much must my myself name namely neither never " +
    "nevertheless next nine no nobody none noone nor not nothing now nowhere of off often on once one only onto or " +
    "other others otherwise our ours ourselves out over own part per perhaps please put rather re same see seem seemed " +
    "seeming seems serious several she should show side since sincere six sixty so some somehow someone something " +
    "sometime sometimes somewhere still such system take ten than that the their them themselves then thence there " +
    "thereafter thereby therefore therein thereupon these they thick thin third this those though three through " +
    "throughout thru thus to together too top toward towards twelve twenty two un under until up upon us very via was " +
    "we well were what whatever when whence whenever where whereafter whereas whereby wherein whereupon wherever whether " +
    "which while whither who whoever whole whom whose why will with within without would yet you your yours yourself " +
    "yourselves s t don doesn didn isn wasn aren weren won wouldn shouldn couldn ll ve"
  ).split(" "),
);

function isAsciiLetters(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return true;
}

/**
 * The content term of one lowercase word of free text, or null when it carries none: words of
 * 3+ ASCII letters (digits, underscores and non-Latin scripts dropped: the synopsis vocabulary
 * is English), stop words removed, Porter stemmed.
 */
export function contentStem(word: string): string | null {
  if (word.length < 3 || !isAsciiLetters(word) || STOP_WORDS.has(word)) return null;
  let s = stemCache.get(word);
  if (s === undefined) {
    s = stemmer(word);
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache = new Map();
    stemCache.set(word, s);
  }
  return s.length >= 2 ? s : null;
}

// Porter stemming costs ~3 µs a word: memoised process-wide (bounded), so a catalog's second
// pass (fit, then vectorise) and the server's re-vectorisations stem each word once.
const STEM_CACHE_LIMIT = 300_000;
let stemCache = new Map<string, string>();
