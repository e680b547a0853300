/**
 * Shapes shared by the admin server actions and their client forms (no server imports here).
 * The list fields are the movie's list columns (LIST_COLUMNS of lib/movies/types.ts).
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
