/**
 * Size limits of a synthetic catalog, and the plan of its deliberately dirty rows: which
 * kinds, how many per catalog size (scaled from the real export's rates), where in the file.
 */
export const SYNTH_MAX_ROWS = 10_000_000;
export const DEFAULT_SEED = 42;
/** Rows of the real export the rates below are calibrated on. */
const REAL_ROWS = 1_289_061;
/** The year the synthetic export was taken: later release years are "future" rows. */
export const EXPORT_YEAR = 2026;

/** Deliberately dirty rows, one kind per row, each exercising one cleaning rule. */
export const DIRTY_KINDS = [
  "missing_title",
  "missing_original_title",
  "untitled_title",
  "zero_title",
  "one_char_title_no_votes",
  "one_char_title_voted",
  "punct_title",
  "html_title",
  "html_overview",
  "underscore_title",
  "colon_plus_title",
  "whitespace_title",
  "non_nfkc_title",
  "overview_newline",
  "duplicate_id",
  "malformed_line",
] as const;
export type DirtyKind = (typeof DIRTY_KINDS)[number];

/** Per 1,289,061 rows; placed in the row range [lo, hi) (as fractions of the file). */
export const SPECS: Record<Exclude<DirtyKind, "malformed_line">, { per: number; lo: number; hi: number }> = {
  missing_title: { per: 15, lo: 0.35, hi: 1 },
  missing_original_title: { per: 60, lo: 0.3, hi: 1 },
  untitled_title: { per: 120, lo: 0.35, hi: 1 },
  zero_title: { per: 10, lo: 0.35, hi: 1 },
  one_char_title_no_votes: { per: 400, lo: 0.36, hi: 1 },
  one_char_title_voted: { per: 60, lo: 0, hi: 0.3 },
  punct_title: { per: 30, lo: 0.35, hi: 1 },
  html_title: { per: 150, lo: 0.02, hi: 1 },
  html_overview: { per: 600, lo: 0, hi: 1 },
  underscore_title: { per: 300, lo: 0.02, hi: 1 },
  colon_plus_title: { per: 150, lo: 0.02, hi: 1 },
  whitespace_title: { per: 400, lo: 0, hi: 1 },
  non_nfkc_title: { per: 400, lo: 0, hi: 1 },
  overview_newline: { per: 3900, lo: 0, hi: 1 },
  duplicate_id: { per: 26, lo: 0, hi: 1 },
};

/** How many rows of each dirty kind a catalog of `rows` rows holds (seed-independent). */
export function plannedCounts(rows: number): Record<DirtyKind, number> {
  const out = {} as Record<DirtyKind, number>;
  for (const k of DIRTY_KINDS) {
    if (k === "malformed_line") out[k] = rows >= 1000 ? Math.ceil(rows / 200_000) : 0;
    else {
      const n = Math.round((SPECS[k].per * rows) / REAL_ROWS);
      out[k] = rows >= 1000 ? Math.max(1, n) : n;
    }
  }
  return out;
}

/** Dirty kinds whose rows the cleaning drops. */
export const DROPPED_KINDS = new Set<DirtyKind>([
  "missing_title", "missing_original_title", "untitled_title", "zero_title",
  "one_char_title_no_votes", "punct_title", "malformed_line",
]);
