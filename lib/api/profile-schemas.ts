import { z } from "zod";
import { recommendationSchema, movieSummarySchema } from "./schemas";
import { EXAMPLES_MAX, EXCLUDE_MAX, movieId } from "./reco-params";

/**
 * What is built on a visitor's profile (kept in the browser: components/profile/profile-file.ts):
 * the "For you" lists and the ratings import. Shared by the route, the server action and the
 * OpenAPI document.
 */

/** Ratings upload limits: a 2 MB file holds ~25,000 Letterboxd rows; matching is capped well below that. */
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 10_000;

/** What the "For you" page asks for: the most recent likes and dislikes, and everything not to show. */
export const forYouInputSchema = z.strictObject({
  like: z.array(movieId).max(EXAMPLES_MAX),
  unlike: z.array(movieId).max(EXAMPLES_MAX).default([]),
  exclude: z.array(movieId).max(EXCLUDE_MAX).default([]),
});
export type ForYouInput = z.infer<typeof forYouInputSchema>;

const forYouSchema = z.object({
  top: z.array(recommendationSchema),
  groups: z.array(z.object({ because: movieSummarySchema, data: z.array(recommendationSchema) })),
});
export type ForYou = z.infer<typeof forYouSchema>;

const importRow = z.object({
  row: z.number().int().describe("line in the file (the header is line 1)"),
  title: z.string(),
  year: z.number().int().nullable(),
  rating: z.number().nullable(),
  opinion: z.enum(["like", "dislike"]).nullable().describe("like: >= 3.5/5 or >= 7/10; dislike: <= 2/5 or <= 4/10"),
});

export const importResultSchema = z.object({
  data: z.object({
    format: z.enum(["letterboxd", "imdb"]),
    likes: z.array(z.number().int()),
    dislikes: z.array(z.number().int()),
    seen: z.array(z.number().int()).describe("every matched rated movie"),
    matched: z.array(importRow.extend({ id: z.number().int(), movie: z.string() })),
    ambiguous: z.array(
      importRow.extend({
        candidates: z.array(movieSummarySchema.pick({ id: true, title: true, release_date: true, vote_count: true, original_language: true })),
      }),
    ),
    missing: z.array(importRow),
  }),
});
