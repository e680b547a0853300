import { describe, expect, it } from "vitest";
import { z } from "zod";
import { toApiError } from "@/lib/api/errors";
import { fieldIssues, InvalidInputError, NotFoundError, UnavailableError } from "@/lib/errors";
import { movieInputSchema } from "@/lib/movies/schema";
import { normalizeInput } from "@/lib/movies/mutations";
import { decodeCursor } from "@/lib/catalog/cursor";

const caught = (f: () => unknown): unknown => {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error("did not throw");
};

describe("domain errors become HTTP answers only at the edge", () => {
  it("maps each domain error to its status, code and details", () => {
    const bad = toApiError(new InvalidInputError([{ path: "title", message: "empty" }]));
    expect([bad?.status, bad?.code, bad?.message, bad?.details]).toEqual([400, "bad_request", "invalid request", [{ path: "title", message: "empty" }]]);
    const missing = toApiError(new NotFoundError("movie 7"));
    expect([missing?.status, missing?.message, missing?.details]).toEqual([404, "movie 7 not found", undefined]);
    const down = toApiError(new UnavailableError("index loading", "run npm run index:rebuild"));
    expect([down?.status, down?.details]).toEqual([503, { hint: "run npm run index:rebuild" }]);
    expect(toApiError(new UnavailableError("index loading"))?.details).toBeUndefined();
    expect(toApiError(new Error("boom"))).toBeUndefined();
  });

  it("domain code throws domain errors that name the fields", () => {
    // U+FDFA is one character that NFKC expands to 18.
    const input = movieInputSchema.parse({ title: "T", release_date: "2020-01-01", genres: ["\uFDFA".repeat(60)] });
    const err = caught(() => normalizeInput(input));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).issues).toEqual([{ path: "genres", message: "too long for the catalog once normalised" }]);
    const cursor = caught(() => decodeCursor("nope", "popularity", "desc"));
    expect(cursor).toBeInstanceOf(InvalidInputError);
    expect((cursor as InvalidInputError).issues.map((i) => i.path)).toEqual(["cursor"]);
  });

  it("zod issues keep their dotted paths", () => {
    const r = z.strictObject({ filters: z.strictObject({ genre: z.string() }) }).safeParse({ filters: { genre: 1 } });
    expect(r.success).toBe(false);
    expect(fieldIssues(r.error!).map((i) => i.path)).toEqual(["filters.genre"]);
  });
});
