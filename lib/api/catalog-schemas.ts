import { z } from "zod";
import { booleanParam, genre, genreList, lang, movieSummarySchema, numberParam, recoFiltersSchema, year } from "./schemas";

/**
 * GET /api/movies and GET /api/movies/facets: the catalog's sorts, filters and page, shared by the
 * route handlers, the `/` page and the OpenAPI document.
 */
export const SORT_KEYS = ["popularity", "rating", "release_date", "title", "vote_count"] as const;

const catalogFilters = {
  q: z.string().trim().min(1).max(200).optional(),
  /** One genre the movie must have (kept from the first version of the API; `genres` is the list form). */
  genre: genre.optional(),
  genres: genreList.optional().describe("comma-separated genres, e.g. Action,Comedy"),
  genreMode: z.enum(["any", "all"]).optional().describe("any (default): at least one of `genres`; all: every one"),
  /** One release year (the first version's filter); `yearFrom`/`yearTo` is the range form. */
  year: year.optional(),
  yearFrom: year.optional(),
  yearTo: year.optional(),
  minVotes: numberParam(0, 1e9).optional(),
  lang: lang.optional(),
  includeAdult: booleanParam.optional(),
  ...recoFiltersSchema.pick({ excludeGenres: true, minRating: true, runtimeMin: true, runtimeMax: true }).shape,
};

type Ranges = { year?: number; yearFrom?: number; yearTo?: number; runtimeMin?: number; runtimeMax?: number };

/** Ranges the wrong way round are a mistake to name, not an empty page. */
function checkRanges(q: Ranges, ctx: z.RefinementCtx): void {
  if (q.yearFrom !== undefined && q.yearTo !== undefined && q.yearFrom > q.yearTo)
    ctx.addIssue({ code: "custom", path: ["yearTo"], message: `yearTo (${q.yearTo}) is before yearFrom (${q.yearFrom})` });
  if (q.year !== undefined && (q.yearFrom !== undefined || q.yearTo !== undefined))
    ctx.addIssue({ code: "custom", path: ["year"], message: "give either year or yearFrom/yearTo" });
  if (q.runtimeMin !== undefined && q.runtimeMax !== undefined && q.runtimeMin > q.runtimeMax)
    ctx.addIssue({ code: "custom", path: ["runtimeMax"], message: `runtimeMax (${q.runtimeMax}) is below runtimeMin (${q.runtimeMin})` });
}

export const catalogFacetsQuerySchema = z.strictObject(catalogFilters).superRefine(checkRanges);
export type CatalogFacetsQuery = z.infer<typeof catalogFacetsQuerySchema>;

export const catalogQuerySchema = z
  .strictObject({
    ...catalogFilters,
    sort: z.enum(SORT_KEYS).optional().describe("default popularity (relevance when `q` is given)"),
    order: z.enum(["asc", "desc"]).optional().describe("default desc (asc for title)"),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(1000).optional().describe("`nextCursor` of the previous page, same sort and order"),
  })
  .superRefine(checkRanges);
export type CatalogQuery = z.infer<typeof catalogQuerySchema>;

export const catalogPageSchema = z.object({ data: z.array(movieSummarySchema), nextCursor: z.string().nullable() });

const facetList = <T extends z.ZodTypeAny>(value: T) => z.array(z.object({ value, count: z.number().int() }));
export const facetsSchema = z.object({
  data: z.object({ genres: facetList(z.string()), decades: facetList(z.number().int()), languages: facetList(z.string()) }),
  total: z.number().int(),
});
