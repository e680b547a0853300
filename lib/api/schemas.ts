import { z } from "zod";
import { movieSummarySchema } from "@/lib/movies/schema";
import { diversityParam, LIKE_UNLIKE_MESSAGE, likeUnlikeDisjoint, profileBodyFields } from "./reco-params";

/**
 * One place for every request and response shape: route handlers, server actions and the
 * OpenAPI document all use these. The movie's own shapes live with the movie (lib/movies/schema.ts).
 */
export {
  movieInputSchema,
  moviePatchSchema,
  movieSchema,
  movieSummarySchema,
  type MovieInput,
  type MoviePatch,
  type MovieSummary,
} from "@/lib/movies/schema";

export const recommendationSchema = movieSummarySchema.extend({
  score: z.number(),
  reasons: z.array(z.string()),
});
export type Recommendation = z.infer<typeof recommendationSchema>;

const id = z.coerce.number().int().min(1).max(2_147_483_647);
export const idParamSchema = z.strictObject({ id });

export const year = z.coerce.number().int().min(1870).max(2200);
export const genre = z.string().trim().min(1).max(64);
export const lang = z.string().trim().regex(/^[A-Za-z]{2,3}$/, "must be a language code such as en");
export const booleanParam = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

// --- catalog filters shared with similar/recommend (catalog helper's block) ---
/** A number from a query string: "abc" or "" is an error that names the rule, not NaN. */
export const numberParam = (min: number, max: number, int = true) => {
  const n = z.coerce.number({ error: "must be a number" }).min(min, `must be >= ${min}`).max(max, `must be <= ${max}`);
  return int ? n.int("must be a whole number") : n;
};
/** Genres as a JSON array, or in a query string comma-separated (`Action,Comedy`). */
export const genreList = z.union([
  z.array(genre).max(20),
  z
    .string()
    .max(1000)
    .transform((s) => s.split(",").map((g) => g.trim()).filter(Boolean))
    .pipe(z.array(genre).max(20)),
]);
export const MAX_RUNTIME = 10_000;
const extraRecoFilters = {
  excludeGenres: genreList.optional(),
  minRating: numberParam(0, 10, false).optional(),
  runtimeMin: numberParam(0, MAX_RUNTIME).optional(),
  runtimeMax: numberParam(0, MAX_RUNTIME).optional(),
};
// --- end catalog block ---

export const recoFiltersSchema = z.strictObject({
  genre: genre.optional(),
  lang: lang.optional(),
  yearFrom: year.optional(),
  yearTo: year.optional(),
  minVotes: z.coerce.number().int().min(0).max(1e9).optional(),
  includeAdult: z.union([z.boolean(), booleanParam]).optional(),
  ...extraRecoFilters,
});

export const similarQuerySchema = recoFiltersSchema.extend({
  limit: z.coerce.number().int().min(1).max(50).default(10),
  diversity: diversityParam,
});
export type SimilarQuery = z.infer<typeof similarQuerySchema>;

export const recommendByTitleQuerySchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const recommendBodySchema = z
  .strictObject({
    ...profileBodyFields,
    limit: z.number().int().min(1).max(50).default(10),
    filters: recoFiltersSchema.omit({ includeAdult: true }).extend({ includeAdult: z.boolean().optional() }).default({}),
  })
  .refine(likeUnlikeDisjoint, { message: LIKE_UNLIKE_MESSAGE, path: ["unlike"] });
export type RecommendBody = z.infer<typeof recommendBodySchema>;

export const searchQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const searchResultSchema = movieSummarySchema.extend({ match: z.number() });

export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export const healthSchema = z.object({
  status: z.enum(["ok", "degraded", "unavailable"]),
  db: z.enum(["up", "down"]),
  index: z.object({
    state: z.enum(["loading", "ready", "unavailable"]),
    size: z.number(),
    builtAt: z.string().nullable(),
    watermark: z.string().nullable(),
    recipe: z.string().nullable(),
    hint: z.string().optional(),
  }),
  /** `source`: where the live catalog was read from: the build's snapshot, or MySQL when there was none fit to use. */
  catalog: z.object({ state: z.string(), titles: z.number(), source: z.enum(["snapshot", "mysql"]).nullable() }),
  /** Only with DATABASE_READ_URL: each read replica (never fails health; reads fall back to the primary). */
  replicas: z
    .array(
      z.object({
        name: z.string(),
        state: z.enum(["unchecked", "used", "lagging", "down"]),
        lagSec: z.number().nullable(),
        checkedAt: z.string().nullable(),
        error: z.string().optional(),
      }),
    )
    .optional(),
});
