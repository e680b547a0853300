/**
 * Feature recipes: which columns become which blocks of the movie vector, and how much each
 * block weighs. A recipe is plain data; `features/` fits and applies it.
 *
 * Vector layout: blocks are concatenated in recipe order and the whole row is L2-normalised,
 * so neighbours by cosine = neighbours by dot product. A "text" or "rbf" block is itself
 * L2-normalised and then multiplied by its weight: with every block present, block b accounts
 * for weight_b² / Σ weight² of the cosine. A "minmax" block is the original recipe's numeric
 * block (no block normalisation).
 */
import { LIST_COLUMNS, type ListColumn, type Movie } from "@/lib/movies/types";

export type RecipeName = "original" | "v2";
export const RECIPES: readonly RecipeName[] = ["original", "v2"] as const;
export const DEFAULT_RECIPE: RecipeName = "v2";

// The movie's columns a recipe may read, by kind (the list columns are the movie's own list).
const STRING_COLUMNS = ["title", "original_title", "overview", "tagline", "original_language"] as const satisfies readonly (keyof Movie)[];
type StringColumn = (typeof STRING_COLUMNS)[number];
export type TextColumn = StringColumn | ListColumn;
export const TEXT_COLUMNS: readonly TextColumn[] = [...STRING_COLUMNS, ...LIST_COLUMNS];
export const NUMERIC_COLUMNS = [
  "vote_average",
  "vote_count",
  "revenue",
  "runtime",
  "budget",
  "popularity",
  "release_year",
] as const satisfies readonly (keyof Movie)[];
export type NumericColumn = (typeof NUMERIC_COLUMNS)[number];

/**
 * - `words`: scikit-learn's default analyzer (lowercase, tokens of 2+ word characters); a list
 *   column is tokenised as its ", "-joined string.
 * - `labels`: each list entry (or the whole string) is one term, lowercased: "Science Fiction",
 *   "based on novel or book", "Warner Bros. Pictures".
 * - `stems`: English content words: 3+ letters, stop words removed, Porter stemmed.
 */
export type Analyzer = "words" | "labels" | "stems";
export const ANALYZERS: readonly Analyzer[] = ["words", "labels", "stems"];

export type NumericTransform = "identity" | "log1p";
export const TRANSFORMS: readonly NumericTransform[] = ["identity", "log1p"];

/** TF-IDF over the `maxFeatures` most frequent terms (total count; ties alphabetical), smooth idf. */
export interface TextBlockSpec {
  kind: "text";
  name: string;
  columns: TextColumn[];
  analyzer: Analyzer;
  maxFeatures: number;
  /** Terms in fewer documents are never in the vocabulary (scikit-learn's min_df). */
  minDf: number;
  /** Term frequency: raw count (scikit-learn's default), 1 + ln(count), or presence. */
  tf: "raw" | "sublinear" | "binary";
  /**
   * When true, the block's L2 norm also counts the movie's terms outside the vocabulary (each
   * occurrence at the catalog's mean out-of-vocabulary idf), so the block shrinks with the share
   * of the movie's terms the vocabulary covers: one common keyword among twenty rare ones no
   * longer carries the whole block. scikit-learn (the original recipe) normalises over the
   * vocabulary only (false).
   */
  oovNorm: boolean;
  weight: number;
}

/**
 * Min-max scaled columns (after `transform`), each multiplied by `scale`; "original" means
 * sqrt(text_dims / columns.length * 0.3), text_dims being the total width of the text blocks.
 */
export interface MinMaxBlockSpec {
  kind: "minmax";
  name: string;
  columns: NumericColumn[];
  transform: NumericTransform;
  scale: number | "original";
}

/**
 * A number as a soft one-hot over fixed centres (Gaussian kernel of width `sigma`), block
 * L2-normalised: two movies' block cosine falls smoothly with the distance between their values
 * (about exp(-d² / 4σ²)), unlike a min-max column whose product favours large values. A value
 * of 0 with `zeroIsMissing` (unknown year, no votes) gives an empty block.
 */
export interface RbfBlockSpec {
  kind: "rbf";
  name: string;
  column: NumericColumn;
  transform: NumericTransform;
  centers: number[];
  sigma: number;
  zeroIsMissing: boolean;
  /**
   * Bayesian average for `vote_average`: (votes * value + prior.votes * prior.mean) /
   * (votes + prior.votes), so a 10.0 from one vote is not a 10. Applied after the missing check.
   */
  shrink: { mean: number; votes: number } | null;
  weight: number;
}

export type BlockSpec = TextBlockSpec | MinMaxBlockSpec | RbfBlockSpec;

export interface RecipeSpec {
  name: RecipeName;
  blocks: BlockSpec[];
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let x = from; x <= to + 1e-9; x += step) out.push(Math.round(x * 1000) / 1000);
  return out;
}

function sklearnText(column: TextColumn): TextBlockSpec {
  return { kind: "text", name: column, columns: [column], analyzer: "words", maxFeatures: 50, minDf: 1, tf: "raw", oovNorm: false, weight: 1 };
}

/** The original notebook's recipe, reproduced exactly (about 330 dimensions on a real catalog). */
export const ORIGINAL_SPEC: RecipeSpec = {
  name: "original",
  blocks: [
    {
      kind: "minmax",
      name: "numeric",
      columns: ["vote_average", "vote_count", "revenue", "runtime", "budget", "popularity", "release_year"],
      transform: "identity",
      scale: "original",
    },
    sklearnText("original_title"),
    sklearnText("original_language"),
    sklearnText("genres"),
    sklearnText("production_companies"),
    sklearnText("production_countries"),
    sklearnText("spoken_languages"),
    sklearnText("keywords"),
  ],
};

/** The default recipe: see docs/RECOMMENDER.md for the reasoning and the figures. */
const V2_SPEC: RecipeSpec = {
  name: "v2",
  blocks: [
    { kind: "text", name: "genres", columns: ["genres"], analyzer: "labels", maxFeatures: 32, minDf: 2, tf: "binary", oovNorm: true, weight: 0.8 },
    { kind: "text", name: "keywords", columns: ["keywords"], analyzer: "labels", maxFeatures: 120, minDf: 2, tf: "binary", oovNorm: true, weight: 1.0 },
    { kind: "text", name: "overview", columns: ["overview", "tagline"], analyzer: "stems", maxFeatures: 60, minDf: 2, tf: "sublinear", oovNorm: true, weight: 0.7 },
    { kind: "text", name: "title", columns: ["title"], analyzer: "stems", maxFeatures: 60, minDf: 2, tf: "binary", oovNorm: true, weight: 0.6 },
    { kind: "text", name: "companies", columns: ["production_companies"], analyzer: "labels", maxFeatures: 60, minDf: 2, tf: "binary", oovNorm: true, weight: 0.7 },
    { kind: "text", name: "countries", columns: ["production_countries"], analyzer: "labels", maxFeatures: 20, minDf: 2, tf: "binary", oovNorm: true, weight: 0.5 },
    { kind: "text", name: "language", columns: ["original_language"], analyzer: "labels", maxFeatures: 20, minDf: 2, tf: "binary", oovNorm: true, weight: 0.7 },
    { kind: "rbf", name: "era", column: "release_year", transform: "identity", centers: range(1910, 2030, 10), sigma: 7, zeroIsMissing: true, shrink: null, weight: 0.8 },
    { kind: "rbf", name: "votes", column: "vote_count", transform: "log1p", centers: range(0, 11, 1), sigma: 0.8, zeroIsMissing: true, shrink: null, weight: 0.7 },
    {
      kind: "rbf",
      name: "rating",
      column: "vote_average",
      transform: "identity",
      centers: range(1, 10, 1),
      sigma: 0.8,
      zeroIsMissing: true,
      shrink: { mean: 6, votes: 10 },
      weight: 0.6,
    },
  ],
};

export const RECIPE_SPECS: Readonly<Record<RecipeName, RecipeSpec>> = { original: ORIGINAL_SPEC, v2: V2_SPEC };

export function isRecipeName(x: unknown): x is RecipeName {
  return typeof x === "string" && (RECIPES as readonly string[]).includes(x);
}
