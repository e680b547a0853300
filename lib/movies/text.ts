/**
 * Text normalisation shared by the ETL and the API write path, so a movie typed into the admin
 * form is stored exactly like one loaded from the CSV.
 */
const HTML_TAG = /<\/?[A-Za-z!][^<>]*>/g;
// DESIGN.md: text columns keep only word characters, spaces and %&#$+<=>^: (Unicode-aware, as
// Python's \w is); `_` is a word character but the title rule removes it.
const NOT_KEPT = /[^\p{L}\p{N}\p{M}_\s%&#$+<=>^:]/gu;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

function collapseSpaces(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/** Title rule: NFKC, strip HTML tags, keep the allowed characters, drop `_`, `::`+ -> `:`, `++`+ -> `+`. */
export function cleanTitle(value: string): string {
  const s = value
    .normalize("NFKC")
    .replace(HTML_TAG, " ")
    .replace(NOT_KEPT, "")
    .replace(/_/g, "")
    .replace(/:{2,}/g, ":")
    .replace(/\+{2,}/g, "+");
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
  return collapseSpaces((value ?? "").normalize("NFKC").replace(HTML_TAG, " ").replace(CONTROL, ""));
}
