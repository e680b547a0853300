/**
 * Text normalisation shared by the ETL and the API write path, so a movie typed into the admin
 * form is stored exactly like one loaded from the CSV. Each step is skipped when the string
 * cannot need it: the ETL runs these on millions of strings.
 */
const HTML_TAG = /<\/?[A-Za-z!][^<>]*>/g;
// DESIGN.md: text columns keep only word characters, spaces and %&#$+<=>^: (Unicode-aware, as
// Python's \w is); `_` is a word character but the title rule removes it.
const NOT_KEPT = /[^\p{L}\p{N}\p{M}_\s%&#$+<=>^:]/gu;
const NOT_KEPT_ASCII = /[^A-Za-z0-9_\s%&#$+<=>^:]/g;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const NON_ASCII = /[^\x00-\x7f]/;
const SPACES = /\s{2,}|[\t\n\r\f\v]/;

function collapseSpaces(s: string): string {
  return SPACES.test(s) ? s.replace(/\s+/g, " ").trim() : s.trim();
}

/** NFKC only changes non-ASCII text. */
function nfkc(s: string): string {
  return NON_ASCII.test(s) ? s.normalize("NFKC") : s;
}

function stripTags(s: string): string {
  return s.includes("<") ? s.replace(HTML_TAG, " ") : s;
}

/** Title rule: NFKC, strip HTML tags, keep the allowed characters, drop `_`, `::`+ -> `:`, `++`+ -> `+`. */
export function cleanTitle(value: string): string {
  let s = stripTags(nfkc(value));
  s = s.replace(NON_ASCII.test(s) ? NOT_KEPT : NOT_KEPT_ASCII, "");
  if (s.includes("_")) s = s.replace(/_/g, "");
  if (s.includes("::")) s = s.replace(/:{2,}/g, ":");
  if (s.includes("++")) s = s.replace(/\+{2,}/g, "+");
  return collapseSpaces(s);
}

/** One element of a list column (genre, company, keyword...): same character rule as titles. */
export function cleanListItem(value: string): string {
  return cleanTitle(value);
}

/**
 * Prose (overview, tagline): NFKC, HTML tags stripped, control characters removed. Punctuation
 * is kept: it is shown to people and the feature model tokenises it away anyway.
 */
export function cleanText(value: string): string {
  if (!value) return "";
  return collapseSpaces(stripTags(nfkc(value)).replace(CONTROL, ""));
}

const MARKS = /\p{M}/gu;

/**
 * The key MySQL's utf8mb4_unicode_ci compares list items by (case and accents ignored, "ß" =
 * "ss"): `movie_genres` has (movie_id, genre) as primary key, so "Drama" and "drama" are one genre.
 */
function collationKey(item: string): string {
  return (NON_ASCII.test(item) ? item.normalize("NFKD").replace(MARKS, "") : item).toUpperCase();
}

/** Non-empty items, the first spelling of each collation-equal group kept, in order. */
export function distinctItems(items: Iterable<string>): string[] {
  const byKey = new Map<string, string>();
  for (const item of items) {
    if (!item) continue;
    const key = collationKey(item);
    if (!byKey.has(key)) byKey.set(key, item);
  }
  return [...byKey.values()];
}
