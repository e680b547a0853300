/**
 * Text normalisation and tokenisation shared by the title index and its queries.
 *
 * Pure functions, no I/O. Two entry points:
 * - `normalizeTitle(s)`: the canonical comparable form of a title (lowercase, NFKD with the
 *   diacritics stripped, every non-word character as a space, spaces collapsed).
 * - `tokenize(s)`: the index's tokens: words of letters/digits (apostrophes joined, so
 *   "Schindler's" is one token `schindlers`), and for scripts written without spaces
 *   (Chinese, Japanese, Korean, Thai, Lao, Khmer, Myanmar) overlapping character bigrams
 *   of each run (a one-character run stays a unigram).
 */

/** Tokens longer than this are cut (both when indexing and when querying, so they still agree). */
export const MAX_TOKEN_LENGTH = 40;

// Combining marks that are diacritics of alphabets (Latin/Greek/Cyrillic accents, Hebrew
// points, Arabic harakat). Marks that carry letters (Indic vowel signs, Thai vowels, the
// Japanese voicing marks) are kept, and NFC recomposes what NFKD split apart (Hangul, kana).
const DIACRITICS =
  /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u064b-\u065f\u0670]/g;
// Letters NFKD does not decompose.
const SPECIAL_LETTERS = /[ßæœøđłþðı]/g;
const SPECIAL_MAP: Record<string, string> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  đ: "d",
  ł: "l",
  þ: "th",
  ð: "d",
  ı: "i",
};
const APOSTROPHES = /['\u2019\u02bc\u2018`\u00b4]/g;
const NON_WORD = /[^\p{L}\p{N}\p{M}]+/gu;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const UNSEGMENTED_CLASS =
  "\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Hangul}\\p{sc=Thai}\\p{sc=Lao}\\p{sc=Khmer}\\p{sc=Myanmar}\\u30fc\\u3005\\u3006";
const HAS_UNSEGMENTED = new RegExp(`[${UNSEGMENTED_CLASS}]`, "u");
const SCRIPT_RUNS = new RegExp(`([${UNSEGMENTED_CLASS}]+)|([^${UNSEGMENTED_CLASS}]+)`, "gu");

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Lowercase, compatibility-decompose, strip diacritics, map special letters, recompose. */
function foldCase(s: string): string {
  if (isAscii(s)) return s.toLowerCase();
  let t = s.normalize("NFKD").toLowerCase().replace(DIACRITICS, "");
  t = t.replace(SPECIAL_LETTERS, (c) => SPECIAL_MAP[c] ?? c);
  return t.normalize("NFC");
}

/**
 * The canonical comparable form of a title: lowercase, NFKD + diacritics stripped,
 * punctuation (anything that is not a letter, digit or letter-carrying mark) as a space,
 * spaces collapsed and trimmed. `normalizeTitle("Amélie")` is `"amelie"`.
 */
export function normalizeTitle(s: string): string {
  if (typeof s !== "string" || s.length === 0) return "";
  return foldCase(s).replace(NON_WORD, " ").trim();
}

/** True when the token comes from a script written without spaces (indexed as bigrams). */
export function isUnsegmentedToken(token: string): boolean {
  return HAS_UNSEGMENTED.test(token);
}

function pushWord(word: string, out: string[]): void {
  out.push(word.length > MAX_TOKEN_LENGTH ? word.slice(0, MAX_TOKEN_LENGTH) : word);
}

function pushUnsegmentedRun(run: string, out: string[]): void {
  const chars = Array.from(run);
  if (chars.length === 1) {
    out.push(chars[0]);
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
}

interface Tokens {
  tokens: string[];
  /**
   * True when the text ends inside a token (no trailing space or punctuation), i.e. the
   * last token may still be being typed, so prefix matching applies to it.
   */
  openEnded: boolean;
}

/**
 * Splits text into index tokens, at most `maxTokens` of them. ASCII text takes a fast path
 * with no regular expression or Unicode normalisation.
 */
export function tokenize(s: string, maxTokens = Infinity): Tokens {
  const out: string[] = [];
  if (typeof s !== "string" || s.length === 0) return { tokens: out, openEnded: false };
  if (isAscii(s)) {
    const low = s.toLowerCase();
    let start = -1; // start of the current word's pending slice
    let head = ""; // word text before an apostrophe inside it
    let open = false;
    for (let i = 0; i < low.length; i++) {
      const c = low.charCodeAt(i);
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
        if (start < 0) start = i;
        open = true;
      } else if (c === 39 || c === 96) {
        // apostrophe / backtick inside a word is dropped ("don't" -> "dont")
        if (start >= 0) {
          head += low.slice(start, i);
          start = -1;
        }
      } else {
        if (start >= 0 || head.length > 0) {
          pushWord(start >= 0 ? head + low.slice(start, i) : head, out);
          head = "";
          start = -1;
          if (out.length >= maxTokens) return { tokens: out, openEnded: false };
        }
        open = false;
      }
    }
    if (start >= 0 || head.length > 0) pushWord(start >= 0 ? head + low.slice(start) : head, out);
    return { tokens: out.length > maxTokens ? out.slice(0, maxTokens) : out, openEnded: open };
  }

  const folded = foldCase(s.replace(APOSTROPHES, ""));
  let lastEnd = 0;
  for (const m of folded.matchAll(WORD)) {
    const word = m[0];
    lastEnd = (m.index ?? 0) + word.length;
    if (!HAS_UNSEGMENTED.test(word)) {
      pushWord(word, out);
    } else {
      for (const run of word.matchAll(SCRIPT_RUNS)) {
        if (run[1] !== undefined) pushUnsegmentedRun(run[1], out);
        else pushWord(run[2], out);
      }
    }
    if (out.length >= maxTokens) break;
  }
  const openEnded = out.length > 0 && lastEnd === folded.length && out.length <= maxTokens;
  return { tokens: out.length > maxTokens ? out.slice(0, maxTokens) : out, openEnded };
}
