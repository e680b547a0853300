import { z } from "zod";

/**
 * The visitor-profile parameters of similar and recommend (issue 13), apart from schemas.ts so
 * the catalog's filter parameters and these merge without touching the same lines.
 */

/** Movie ids in request bodies. */
export const movieId = z.number().int().min(1).max(2_147_483_647);

/** Ids a list may name: a visitor's whole history fits (5,000 ids stay under the 64 KB body limit). */
export const EXCLUDE_MAX = 5000;
/** Liked and disliked examples per query: more adds nothing to a centroid but work. */
export const EXAMPLES_MAX = 100;

const diversityDescription = "0..1, default 0: how much a list is spread out (maximal marginal relevance) rather than ranked by similarity alone";

/** Query-string diversity (similar): a decimal number; an empty value is a mistake, not 0. */
export const diversityParam = z
  .string()
  .regex(/^\d*\.?\d+$/, "must be a number from 0 to 1")
  .transform(Number)
  .pipe(z.number().min(0).max(1))
  .optional()
  .describe(diversityDescription);

/** The body fields POST /api/recommend adds for a visitor's profile. */
export const profileBodyFields = {
  like: z.array(movieId).min(1).max(EXAMPLES_MAX).describe("movies to find more like (unknown ids are ignored; 404 when none is known)"),
  unlike: z
    .array(movieId)
    .max(EXAMPLES_MAX)
    .default([])
    .describe("negative examples: the query moves away from their centroid (Rocchio, beta 0.5); unknown ids are ignored"),
  exclude: z.array(movieId).max(EXCLUDE_MAX).default([]).describe("hidden or seen movies: never returned (unknown ids are ignored)"),
  diversity: z.number().min(0).max(1).default(0).describe(diversityDescription),
};

/** A liked movie cannot be disliked too: say so instead of guessing which one was meant. */
export const likeUnlikeDisjoint = (b: { like: number[]; unlike: number[] }) => !b.like.some((id) => b.unlike.includes(id));
export const LIKE_UNLIKE_MESSAGE = "a movie cannot be in both like and unlike";
