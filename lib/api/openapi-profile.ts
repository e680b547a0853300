import type { z } from "zod";
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, importResultSchema } from "./profile-schemas";
import { EXCLUDE_MAX } from "./reco-params";

type Json = Record<string, unknown>;

/** The OpenAPI helpers of openapi.ts, handed in (one definition of each). */
interface Helpers {
  component: (schema: z.ZodTypeAny) => Json;
  ok: (description: string, schema: Json) => Json;
  err: (description: string) => Json;
  ref: (name: string) => Json;
  errors: Json;
}

/** Issue 13's visitor-profile routes and notes, kept apart from the catalog's for clean merges. */
export function profileComponents(h: Pick<Helpers, "component">): Record<string, Json> {
  return { ImportResult: h.component(importResultSchema) };
}

export const RECOMMEND_PROFILE_NOTES =
  "`like`/`unlike` are Rocchio examples: the query is centroid(like) - 0.5 x centroid(unlike). Liked, unliked and " +
  `\`exclude\`d movies (at most ${EXCLUDE_MAX}: hidden, seen) are never returned; unknown ids are ignored (404 only when no liked ` +
  "movie exists). `diversity` (0..1) re-ranks a 5x larger candidate pool by maximal marginal relevance, still `limit` results.";

export function profilePaths(h: Omit<Helpers, "component">): Record<string, Json> {
  return {
    "/api/profile/import": {
      post: {
        summary: "Match a ratings export to the catalog (Letterboxd ratings.csv or IMDb ratings CSV); nothing is stored",
        description:
          `The body is the CSV file itself (\`Content-Type: text/csv\`, at most ${IMPORT_MAX_BYTES / 1024 / 1024} MB and ${IMPORT_MAX_ROWS} rows). ` +
          "IMDb ids (Const) match directly, titles by the typo-tolerant search plus the year. Ratings >= 3.5/5 or >= 7/10 are likes, " +
          "<= 2/5 or <= 4/10 dislikes, every matched rating is seen. A bad file (wrong columns, bad rating, not CSV) is a 400 naming the line: nothing is half imported.",
        requestBody: { required: true, content: { "text/csv": { schema: { type: "string" } } } },
        responses: {
          "200": h.ok("ids to add to the profile, and the rows that need a choice or were not found", h.ref("ImportResult")),
          ...h.errors,
          "413": h.err(`file over ${IMPORT_MAX_BYTES / 1024 / 1024} MB`),
        },
      },
    },
  };
}
