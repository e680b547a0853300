import type { MovieInput } from "@/lib/movies/schema";
import type { ListColumn } from "@/lib/movies/types";

/**
 * Shapes shared by the admin server actions and their client forms (no server imports here: the
 * imports above are types only). The list fields are the movie's list columns (LIST_COLUMNS of
 * lib/movies/types.ts); `adult` is the one checkbox.
 */
export interface FormState {
  ok?: boolean;
  message?: string;
  fieldErrors?: Record<string, string[]>;
  /** What was submitted, to refill the form after a validation error (never the token). */
  values?: Record<string, string>;
  saved?: { id: number; title: string; created: boolean };
}

export const MOVIE_TEXT_FIELDS = [
  "title",
  "original_title",
  "release_date",
  "status",
  "original_language",
  "imdb_id",
  "homepage",
  "poster_path",
  "backdrop_path",
  "tagline",
  "overview",
] as const;
export const MOVIE_INT_FIELDS = ["runtime", "budget", "revenue", "vote_count"] as const;
export const MOVIE_FLOAT_FIELDS = ["vote_average", "popularity"] as const;

type FormField = (typeof MOVIE_TEXT_FIELDS)[number] | (typeof MOVIE_INT_FIELDS)[number] | (typeof MOVIE_FLOAT_FIELDS)[number] | ListColumn | "adult";
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** The form has every field of a write and no other: a column added to db/schema.ts fails here until the form has it. */
const FORM_MATCHES_THE_MOVIE: Same<FormField, keyof MovieInput> = true;
