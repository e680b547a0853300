import { z } from "zod";
import * as s from "./schemas";
import * as c from "./catalog-schemas";
import { profileComponents, profilePaths, RECOMMEND_PROFILE_NOTES } from "./openapi-profile";

type Json = Record<string, unknown>;

const component = (schema: z.ZodTypeAny, io: "input" | "output" = "output") =>
  z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as Json;

/** Query parameters from a zod object schema (OpenAPI describes them one by one). */
function queryParams(schema: z.ZodObject): Json[] {
  const json = component(schema, "input") as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    schema,
  }));
}

const idParam = { name: "id", in: "path", required: true, schema: { type: "integer", minimum: 1 } };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonContent = (schema: Json) => ({ "application/json": { schema } });
const ok = (description: string, schema: Json) => ({ description, content: jsonContent(schema) });
const err = (description: string) => ({ description, content: jsonContent(ref("Error")) });
const errors = {
  "400": err("invalid input: `details` lists the field errors"),
  "503": err("database or index unavailable"),
};
const writeErrors = { ...errors, "401": err("missing or wrong bearer token"), "413": err("body over 64 KB"), "429": err("rate limited") };
const dataOf = (schema: Json) => ({ type: "object", properties: { data: schema }, required: ["data"] });
const listOf = (schema: Json) => dataOf({ type: "array", items: schema });

export function openApiDocument(): Json {
  return {
    openapi: "3.1.0",
    info: {
      title: "Movie recommender API",
      version: "1.0.0",
      description: "TMDB catalog, typo-tolerant search and \"movies like this\". Writes need `Authorization: Bearer $ADMIN_TOKEN`.",
    },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: {
        Movie: component(s.movieSchema),
        MovieSummary: component(s.movieSummarySchema),
        Recommendation: component(s.recommendationSchema),
        SearchResult: component(s.searchResultSchema),
        MovieInput: component(s.movieInputSchema, "input"),
        MoviePatch: component(s.moviePatchSchema, "input"),
        RecommendRequest: component(s.recommendBodySchema, "input"),
        Health: component(s.healthSchema),
        CatalogPage: component(c.catalogPageSchema),
        Facets: component(c.facetsSchema),
        Error: component(s.errorSchema),
        ...profileComponents({ component }),
      },
    },
    paths: {
      "/api/movies": {
        get: {
          summary: "Catalog page: sorted, filtered, searched; keyset cursor per sort",
          description:
            "Default order: most popular first; with `q` and no `sort`, best title match first. `rating` sorts by the " +
            "Bayesian-shrunk rating (v*R + 50*C)/(v + 50), C the catalog's vote-weighted mean. A cursor is valid only " +
            "for the sort and order it came from (else 400).",
          parameters: queryParams(c.catalogQuerySchema),
          responses: { "200": ok("a page", ref("CatalogPage")), ...errors },
        },
        post: {
          summary: "Create a movie (recommendable at once)",
          security: [{ bearer: [] }],
          requestBody: { required: true, content: jsonContent(ref("MovieInput")) },
          responses: { "201": ok("created", dataOf(ref("Movie"))), ...writeErrors },
        },
      },
      // --- catalog helper's block ---
      "/api/movies/facets": {
        get: {
          summary: "Genre, decade and language counts of the movies the filters admit",
          parameters: queryParams(c.catalogFacetsQuerySchema),
          responses: { "200": ok("counts, most frequent first", ref("Facets")), ...errors },
        },
      },
      // --- end catalog block ---
      "/api/movies/{id}": {
        parameters: [idParam],
        get: { summary: "One movie", responses: { "200": ok("the movie", dataOf(ref("Movie"))), "404": err("no such movie"), ...errors } },
        put: {
          summary: "Replace a movie",
          security: [{ bearer: [] }],
          requestBody: { required: true, content: jsonContent(ref("MovieInput")) },
          responses: { "200": ok("updated", dataOf(ref("Movie"))), "404": err("no such movie"), ...writeErrors },
        },
        patch: {
          summary: "Change some fields of a movie",
          security: [{ bearer: [] }],
          requestBody: { required: true, content: jsonContent(ref("MoviePatch")) },
          responses: { "200": ok("updated", dataOf(ref("Movie"))), "404": err("no such movie"), ...writeErrors },
        },
        delete: {
          summary: "Delete a movie (never recommended again)",
          security: [{ bearer: [] }],
          responses: { "204": { description: "deleted" }, "404": err("no such movie"), ...writeErrors },
        },
      },
      "/api/movies/{id}/similar": {
        get: {
          summary: "Movies like this one, with scores and reasons",
          parameters: [idParam, ...queryParams(s.similarQuerySchema)],
          responses: {
            "200": ok("recommendations", {
              type: "object",
              properties: { movie: ref("MovieSummary"), data: { type: "array", items: ref("Recommendation") } },
              required: ["movie", "data"],
            }),
            "404": err("no such movie"),
            ...errors,
          },
        },
      },
      "/api/movies/{id}/poster": {
        get: {
          summary: "Redirect to the poster (OMDB, else TMDB, else a placeholder)",
          parameters: [idParam],
          responses: { "302": { description: "redirect to the image" } },
        },
      },
      "/api/recommend": {
        get: {
          summary: "Best fuzzy title match, then its similar movies",
          parameters: queryParams(s.recommendByTitleQuerySchema),
          responses: {
            "200": ok("match and recommendations", {
              type: "object",
              properties: {
                match: ref("SearchResult"),
                alternatives: { type: "array", items: ref("SearchResult") },
                data: { type: "array", items: ref("Recommendation") },
              },
              required: ["match", "data"],
            }),
            "404": err("no title matches"),
            ...errors,
          },
        },
        post: {
          summary: "More like these, less like those",
          description: RECOMMEND_PROFILE_NOTES,
          requestBody: { required: true, content: jsonContent(ref("RecommendRequest")) },
          responses: { "200": ok("recommendations", listOf(ref("Recommendation"))), "404": err("none of the liked movies exist"), ...errors, "413": err("body over 64 KB") },
        },
      },
      "/api/search": {
        get: {
          summary: "Typo-tolerant title search, ranked by match then popularity",
          parameters: queryParams(s.searchQuerySchema),
          responses: { "200": ok("matches", listOf(ref("SearchResult"))), ...errors },
        },
      },
      "/api/health": {
        get: { summary: "Readiness", responses: { "200": ok("ready", ref("Health")), "503": ok("not ready", ref("Health")) } },
      },
      ...profilePaths({ ok, err, ref, errors }),
      "/api/openapi.json": { get: { summary: "This document", responses: { "200": { description: "OpenAPI 3.1" } } } },
    },
  };
}
