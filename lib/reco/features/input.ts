import type { Movie } from "@/lib/movies/types";
import type { NumericColumn, NumericTransform, TextColumn } from "../recipes";

/** Every column some recipe reads (recipes.ts names them by kind). */
export type FeatureInput = Pick<Movie, TextColumn | NumericColumn>;

/** A numeric column's value; missing or non-finite reads as 0. */
export function numberOf(movie: FeatureInput, column: NumericColumn): number {
  const x = Number((movie as Record<NumericColumn, unknown>)[column]);
  return Number.isFinite(x) ? x : 0;
}

export function transform(x: number, t: NumericTransform): number {
  return t === "log1p" ? Math.log1p(x > 0 ? x : 0) : x;
}
