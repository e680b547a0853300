import { z } from "zod";
import { COLUMN_LIMITS, fits, GENRE_LIMIT, joinList, type ColumnLimit } from "@/lib/movies/limits";
import type { ListColumn } from "@/lib/movies/types";
import { diversityParam, LIKE_UNLIKE_MESSAGE, likeUnlikeDisjoint, profileBodyFields } from "./reco-params";

/**
 * One place for every request and response shape: route handlers, server actions and the
 * OpenAPI document all use these.
 */
const listItem = z.string().trim().min(1).max(200);
const genreItem = z.string().trim().min(1).max(GENRE_LIMIT.max, `a genre is at most ${GENRE_LIMIT.max} characters`);
const describeLimit = (l: ColumnLimit) => (l.unit === "chars" ? `${l.max} characters` : `${l.max} bytes of UTF-8`);
/** A list column: at most `max` items, which joined as the column stores them must fit in it. */
const list = (column: ListColumn, max: number, item = listItem) =>
  z
    .array(item)
    .max(max)
    .refine(
      (items) => fits(joinList(items), COLUMN_LIMITS[column]),
      `${column} joined with ", " must fit in ${describeLimit(COLUMN_LIMITS[column])}`,
    );
const dateString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s) && d.getUTCFullYear() >= 1870;
  }, "must be a real date from 1870 on");

export const movieInputSchema = z.strictObject({
  title: z.string().trim().min(1).max(500),
  original_title: z.string().trim().min(1).max(500).optional(),
  overview: z.string().max(10_000).default(""),
  tagline: z.string().max(1000).default(""),
  release_date: dateString,
  status: z.enum(["Released", "Post Production", "In Production", "Planned", "Rumored", "Canceled"]).default("Released"),
  runtime: z.number().int().min(0).max(10_000).default(0),
  budget: z.number().int().min(0).max(1e13).default(0),
  revenue: z.number().int().min(0).max(1e13).default(0),
  vote_average: z.number().min(0).max(10).default(0),
  vote_count: z.number().int().min(0).max(1e9).default(0),
  popularity: z.number().min(0).max(1e7).default(0),
  adult: z.boolean().default(false),
  imdb_id: z.string().regex(/^tt\d{1,10}$/, "must look like tt0123456").nullable().default(null),
  original_language: z.string().regex(/^[a-z]{2,3}$/, "must be an ISO 639 code such as en").default("en"),
  homepage: z.union([z.literal(""), z.url({ protocol: /^https?$/ }).max(1000)]).default(""),
  poster_path: z.union([z.literal(""), z.string().regex(/^\/[\w.-]{1,200}$/, "must look like /abc.jpg")]).default(""),
  backdrop_path: z.union([z.literal(""), z.string().regex(/^\/[\w.-]{1,200}$/, "must look like /abc.jpg")]).default(""),
  genres: list("genres", 20, genreItem).default([]),
  production_companies: list("production_companies", 50).default([]),
  production_countries: list("production_countries", 50).default([]),
  spoken_languages: list("spoken_languages", 50).default([]),
  keywords: list("keywords", 200).default([]),
});
export type MovieInput = z.infer<typeof movieInputSchema>;

/** PATCH: any subset of the fields, at least one; no defaults so absent fields stay as stored. */
export const moviePatchSchema = z
  .strictObject(
    Object.fromEntries(
      Object.entries(movieInputSchema.shape).map(([k, v]) => [k, ((v as z.ZodTypeAny) instanceof z.ZodDefault ? (v as z.ZodDefault<z.ZodTypeAny>).unwrap() : v).optional()]),
    ) as { [K in keyof MovieInput]: z.ZodOptional<z.ZodType<MovieInput[K]>> },
  )
  .refine((o) => Object.keys(o).length > 0, "give at least one field to change");
export type MoviePatch = z.infer<typeof moviePatchSchema>;

export const movieSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  original_title: z.string(),
  overview: z.string(),
  tagline: z.string(),
  release_date: z.string(),
  status: z.string(),
  runtime: z.number(),
  budget: z.number(),
  revenue: z.number(),
  vote_average: z.number(),
  vote_count: z.number(),
  popularity: z.number(),
  adult: z.boolean(),
  imdb_id: z.string().nullable(),
  original_language: z.string(),
  homepage: z.string(),
  poster_path: z.string(),
  backdrop_path: z.string(),
  genres: z.array(z.string()),
  production_companies: z.array(z.string()),
  production_countries: z.array(z.string()),
  spoken_languages: z.array(z.string()),
  keywords: z.array(z.string()),
});

export const movieSummarySchema = movieSchema.pick({
  id: true,
  title: true,
  release_date: true,
  vote_average: true,
  vote_count: true,
  popularity: true,
  genres: true,
  poster_path: true,
  original_language: true,
  adult: true,
});
export type MovieSummary = z.infer<typeof movieSummarySchema>;

export const recommendationSchema = movieSummarySchema.extend({
  score: z.number(),
  reasons: z.array(z.string()),
});
export type Recommendation = z.infer<typeof recommendationSchema>;

const id = z.coerce.number().int().min(1).max(2_147_483_647);
export const idParamSchema = z.strictObject({ id });

const year = z.coerce.number().int().min(1870).max(2200);
const genre = z.string().trim().min(1).max(64);
const lang = z.string().trim().regex(/^[A-Za-z]{2,3}$/, "must be a language code such as en");

export const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  genre: genre.optional(),
  year: year.optional(),
  lang: lang.optional(),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

const booleanParam = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const recoFiltersSchema = z.strictObject({
  genre: genre.optional(),
  lang: lang.optional(),
  yearFrom: year.optional(),
  yearTo: year.optional(),
  minVotes: z.coerce.number().int().min(0).max(1e9).optional(),
  includeAdult: z.union([z.boolean(), booleanParam]).optional(),
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
  catalog: z.object({ state: z.string(), titles: z.number() }),
});
