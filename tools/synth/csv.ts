/** The TMDB CSV format of the synthetic rows: values as pandas wrote them, quoting, header. */
import { TMDB_COLUMNS } from "@/lib/movies/types";

/** Python-like repr of a value rounded to `d` decimals: 8.364, 7.71, 0.0, 10.0, 0.0071. */
export function fmtFloat(x: number, d = 3): string {
  const p = 10 ** d;
  const r = Math.round(x * p) / p;
  const s = String(r);
  return Number.isInteger(r) ? `${s}.0` : s;
}

const QUOTE_NEEDED = /[",\n\r]/;
const QUOTES = /"/g;

/** One CSV field, quoted only when it holds a comma, quote or line break (quotes doubled). */
function csvField(s: string): string {
  return QUOTE_NEEDED.test(s) ? `"${s.replace(QUOTES, '""')}"` : s;
}

/** Columns whose values may hold a comma, quote or line break (the rest never do). */
const TEXT_COLS = new Uint8Array(TMDB_COLUMNS.length);
for (const c of ["title", "homepage", "original_title", "overview", "tagline", "genres", "production_companies", "production_countries", "spoken_languages", "keywords"] as const) {
  TEXT_COLS[TMDB_COLUMNS.indexOf(c)] = 1;
}

export function csvLine(fields: readonly string[]): string {
  let line = fields[0];
  for (let k = 1; k < fields.length; k++) line += TEXT_COLS[k] ? `,${csvField(fields[k])}` : `,${fields[k]}`;
  return `${line}\n`;
}

export const CSV_HEADER = `${TMDB_COLUMNS.join(",")}\n`;

export const COL = Object.fromEntries(TMDB_COLUMNS.map((c, i) => [c, i])) as Record<(typeof TMDB_COLUMNS)[number], number>;
const TITLE_COL = COL.title;

/** The deliberately malformed line: the title opens a quote it never closes (an unbalanced
 * quote); the parser's quoted field then swallows the following fields up to the next quoted
 * one, so the line has too few fields, while the lines after it parse normally. */
export function malformedLine(fields: readonly string[]): string {
  let line = "";
  for (let k = 0; k < fields.length; k++) {
    if (k > 0) line += ",";
    line += k === TITLE_COL ? `"${fields[k].replace(/[",\r\n]/g, "")}` : csvField(fields[k]);
  }
  return `${line}\n`;
}

// ---------------------------------------------------------------------------------------------

/** IMDb id from the TMDB id, injective: 7 digits for older ids, 8 digits (tt1...) for newer. */
export function imdbId(id: number): string {
  if (id < 1_450_000) {
    const n = (id * 7919 + 13) % 9_999_991;
    return `tt${String(n).padStart(7, "0")}`;
  }
  return `tt${10_000_000 + ((id * 104_729 + 7) % 29_999_999)}`;
}
