import { createInsertSchema, createSelectSchema } from "drizzle-zod";
import { z } from "zod";
import { movies } from "@/db/schema";
import { COLUMN_LIMITS, fits, GENRE_LIMIT, joinList, type ColumnLimit } from "./limits";
import { LIST_COLUMNS, type ListColumn } from "./types";

/**
 * The movie as the API takes and gives it: what a write must satisfy (checked again by the
 * mutations on a merged PATCH) and the shapes the routes answer with. lib/api/schemas.ts
 * re-exports them with the other request and response shapes.
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

/** Columns of the stored row that are bookkeeping or derived (release_year), not the API's movie. */
const NOT_IN_API = { release_year: true, origin: true, created_at: true, updated_at: true, deleted_at: true } as const;

/**
 * A write's fields are the table's (drizzle-zod reads them from db/schema.ts; a column added there
 * is a field here, or a type error below): the API's rules for each, with the defaults a POST fills in.
 */
const inputFields = createInsertSchema(movies, {
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
}).omit({ id: true, ...NOT_IN_API }).shape;

export const movieInputSchema = z.strictObject(inputFields);
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

const listFields = Object.fromEntries(LIST_COLUMNS.map((c) => [c, z.array(z.string())])) as Record<ListColumn, z.ZodArray<z.ZodString>>;

/** The movie as the API answers: the stored row (db/schema.ts) without its bookkeeping, lists as arrays. */
export const movieSchema = createSelectSchema(movies).omit(NOT_IN_API).extend(listFields);

export const movieSummarySchema = movieSchema.pick({
  id: true,
  title: true,
  release_date: true,
  vote_average: true,
  vote_count: true,
  popularity: true,
  runtime: true,
  genres: true,
  poster_path: true,
  original_language: true,
  adult: true,
});
export type MovieSummary = z.infer<typeof movieSummarySchema>;
