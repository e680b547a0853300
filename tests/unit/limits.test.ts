import { describe, expect, it } from "vitest";
import { movieInputSchema, moviePatchSchema } from "@/lib/api/schemas";
import { COLUMN_LIMITS, fits, GENRE_LIMIT } from "@/lib/movies/limits";
import { normalizeInput } from "@/lib/movies/mutations";

const film = { title: "Limits Film", release_date: "2020-01-01" };
const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];

describe("write schema follows the column sizes", () => {
  it("reads the limits from db/schema.ts", () => {
    expect(GENRE_LIMIT).toEqual({ unit: "chars", max: 64 });
    expect(COLUMN_LIMITS.genres).toEqual({ unit: "chars", max: 1000 });
    expect(COLUMN_LIMITS.keywords).toEqual({ unit: "bytes", max: 65_535 });
    // every varchar and TEXT column of the movie, and nothing else
    expect(Object.keys(COLUMN_LIMITS)).toEqual([
      "title", "original_title", "overview", "tagline", "status", "imdb_id", "original_language", "homepage",
      "poster_path", "backdrop_path", "genres", "production_companies", "production_countries", "spoken_languages", "keywords",
    ]);
  });

  it("refuses 20 genres of 200 characters, naming the limit", () => {
    const r = movieInputSchema.safeParse({ ...film, genres: Array.from({ length: 20 }, (_, i) => `${"g".repeat(198)}${i}`) });
    expect(r.success).toBe(false);
    expect(issues(r)).toContain("genres.0: a genre is at most 64 characters");
  });

  it("refuses genres that fit one by one but not together", () => {
    const genres = Array.from({ length: 20 }, (_, i) => `${"g".repeat(60)}${i}`);
    const r = movieInputSchema.safeParse({ ...film, genres });
    expect(issues(r)).toEqual(['genres: genres joined with ", " must fit in 1000 characters']);
    expect(moviePatchSchema.safeParse({ genres }).success).toBe(false);
    expect(movieInputSchema.safeParse({ ...film, genres: genres.slice(0, 15) }).success).toBe(true);
  });

  it("refuses keywords beyond the TEXT column's 65,535 bytes", () => {
    const keywords = Array.from({ length: 200 }, (_, i) => `${"🎬".repeat(95)}${i}`);
    expect(issues(movieInputSchema.safeParse({ ...film, keywords }))).toEqual([
      'keywords: keywords joined with ", " must fit in 65535 bytes of UTF-8',
    ]);
  });

  it("measures characters for varchar and bytes for TEXT", () => {
    expect(fits("é".repeat(1000), COLUMN_LIMITS.genres)).toBe(true);
    expect(fits("🎬".repeat(1000), COLUMN_LIMITS.genres)).toBe(true); // 2000 UTF-16 units, 1000 characters
    expect(fits("🎬".repeat(1001), COLUMN_LIMITS.genres)).toBe(false);
    expect(fits("é".repeat(32_767), COLUMN_LIMITS.overview)).toBe(true);
    expect(fits("é".repeat(32_768), COLUMN_LIMITS.overview)).toBe(false);
  });
});

describe("normalizeInput", () => {
  it("keeps one of collation-equal list items (the genre key is case- and accent-insensitive)", () => {
    const m = normalizeInput(movieInputSchema.parse({ ...film, genres: ["Drama", "drama", "DRAMA", "Comedy"], keywords: ["Café", "cafe", "Straße", "STRASSE"] }));
    expect(m.genres).toEqual(["Drama", "Comedy"]);
    expect(m.keywords).toEqual(["Café", "Straße"]);
  });

  it("refuses text that NFKC normalisation lengthens past its column", () => {
    // U+FDFA is one character that NFKC expands to 18.
    const input = movieInputSchema.parse({ ...film, genres: ["\uFDFA".repeat(60)] });
    expect(() => normalizeInput(input)).toThrow(/invalid request/);
  });
});
