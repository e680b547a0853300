import { describe, expect, it } from "vitest";
import { cleanMovie } from "@/etl/clean";
import { DuplicateResolver } from "@/etl/pipeline";
import { cleanText, cleanTitle } from "@/lib/movies/text";
import { TMDB_COLUMNS, type RawMovie } from "@/lib/movies/types";

const base: RawMovie = Object.fromEntries(TMDB_COLUMNS.map((c) => [c, ""])) as RawMovie;
const raw = (over: Partial<RawMovie> = {}): RawMovie => ({
  ...base,
  id: "27205",
  title: "Inception",
  original_title: "Inception",
  release_date: "2010-07-15",
  status: "Released",
  vote_count: "34495",
  vote_average: "8.364",
  adult: "False",
  genres: "Action, Science Fiction, Adventure",
  keywords: "rescue, mission, dream",
  imdb_id: "tt1375666",
  original_language: "en",
  ...over,
});
const reason = (over: Partial<RawMovie>) => {
  const r = cleanMovie(raw(over), 2026);
  return r.ok ? "kept" : r.reason;
};

describe("cleaning rules (DESIGN.md)", () => {
  it("keeps a clean row and types its fields", () => {
    const r = cleanMovie(raw(), 2026);
    expect(r.ok && r.movie).toMatchObject({
      id: 27205,
      title: "Inception",
      release_year: 2010,
      vote_count: 34495,
      vote_average: 8.364,
      adult: false,
      imdb_id: "tt1375666",
      genres: ["Action", "Science Fiction", "Adventure"],
      keywords: ["rescue", "mission", "dream"],
    });
  });

  it.each([
    [{ title: "" }, "missing_title"],
    [{ title: "   " }, "missing_title"],
    [{ original_title: "" }, "missing_original_title"],
    [{ release_date: "" }, "missing_release_date"],
    [{ release_date: "2010-13-45" }, "invalid_release_date"],
    [{ release_date: "2027-01-01" }, "future_release"],
    [{ status: "Post Production" }, "not_released"],
    [{ status: "Rumored" }, "not_released"],
    [{ title: "<b></b>___" }, "empty_title"],
    [{ title: "Untitled" }, "untitled_title"],
    [{ title: " untitled " }, "untitled_title"],
    [{ title: "0" }, "zero_title"],
    [{ title: "Z", vote_count: "0" }, "one_char_title_no_votes"],
    [{ id: "abc" }, "invalid_id"],
    [{ id: "2000000000" }, "reserved_id"],
    [{ id: "2147483647" }, "reserved_id"],
  ] as [Partial<RawMovie>, string][])("drops %o as %s", (over, why) => {
    expect(reason(over)).toBe(why);
  });

  it("keeps real one-character films that have votes ('9', 'X')", () => {
    expect(reason({ title: "9", vote_count: "2000" })).toBe("kept");
    expect(reason({ title: "X", vote_count: "900" })).toBe("kept");
  });

  it("keeps this year's releases", () => {
    expect(reason({ release_date: "2026-01-02" })).toBe("kept");
  });

  it("normalises titles: trim, _, ::+, ++ runs, NFKC, HTML tags, disallowed characters", () => {
    expect(cleanTitle("  Star_Wars  ")).toBe("StarWars");
    expect(cleanTitle("Mission:::Impossible")).toBe("Mission:Impossible");
    expect(cleanTitle("C+++ Story")).toBe("C+ Story");
    expect(cleanTitle("ＡＢＣ ﬁlm")).toBe("ABC film"); // NFKC: full-width letters, ligature
    expect(cleanTitle("<i>Amélie</i>")).toBe("Amélie");
    expect(cleanTitle("Toy Story 2!?")).toBe("Toy Story 2");
    expect(cleanTitle("Rock & Roll = 100% <3")).toBe("Rock & Roll = 100% <3");
    expect(cleanTitle("千と千尋の神隠し")).toBe("千と千尋の神隠し");
  });

  it("keeps prose readable but inert: tags stripped, punctuation kept", () => {
    expect(cleanText("A <script>x</script>thief's <b>dream</b>.")).toBe("A x thief's dream .");
  });

  it("splits list columns, cleaning each item and dropping empties and repeats", () => {
    const r = cleanMovie(raw({ keywords: "dream,, dream , <b>heist</b>, ___" }), 2026);
    expect(r.ok && r.movie.keywords).toEqual(["dream", "heist"]);
  });
});

describe("fields longer than their column", () => {
  const fitted = (over: Partial<RawMovie>) => {
    const r = cleanMovie(raw(over), 2026);
    if (!r.ok) throw new Error(r.reason);
    return r;
  };

  it("keeps the row, clips text to the column and names what it changed", () => {
    const r = fitted({ title: "T".repeat(600), tagline: "x".repeat(1500), overview: "é".repeat(40_000), runtime: "99999999999" });
    expect([...r.movie.title]).toHaveLength(500);
    expect(r.movie.tagline).toHaveLength(1000);
    expect(Buffer.byteLength(r.movie.overview)).toBe(65_534); // whole 2-byte characters only
    expect(r.movie.runtime).toBe(2_147_483_647);
    expect(r.clipped.sort()).toEqual(["overview", "runtime", "tagline", "title"]);
  });

  it("empties identifiers and links that do not fit rather than pointing them elsewhere", () => {
    const r = fitted({ imdb_id: `tt${"1".repeat(30)}`, homepage: `https://x.example/${"a".repeat(2000)}`, poster_path: `/${"p".repeat(300)}.jpg` });
    expect(r.movie).toMatchObject({ imdb_id: null, homepage: "", poster_path: "" });
    expect(r.clipped.sort()).toEqual(["homepage", "imdb_id", "poster_path"]);
  });

  it("clips each genre to movie_genres.genre and keeps the whole genres that fit movies.genres", () => {
    const long = Array.from({ length: 30 }, (_, i) => `${"G".repeat(60)}${String(i).padStart(2, "0")}`);
    const r = fitted({ genres: long.join(", ") });
    expect(r.movie.genres.every((g) => g.length <= 64)).toBe(true);
    expect(r.movie.genres.join(", ").length).toBeLessThanOrEqual(1000);
    expect(r.movie.genres).toEqual(long.slice(0, 15));
    expect(r.clipped).toEqual(["genres"]);
    expect(fitted({ genres: `${"X".repeat(80)}, ${"x".repeat(70)}` }).movie.genres).toEqual(["X".repeat(64)]);
  });

  it("keeps one of genres equal under the database collation", () => {
    expect(fitted({ genres: "Drama, drama, DRAMA, Comédie, Comedie" }).movie.genres).toEqual(["Drama", "Comédie"]);
  });

  it("changes nothing and names nothing on an ordinary row", () => {
    expect(fitted({}).clipped).toEqual([]);
  });
});

describe("duplicate ids", () => {
  it("keep the most voted row (the first on a tie)", () => {
    const d = new DuplicateResolver();
    const m = (id: number, votes: number) => ({ ...(cleanMovie(raw(), 2026) as any).movie, id, vote_count: votes });
    expect(d.offer(m(1, 10), 0)).toBe(false);
    expect(d.offer(m(1, 50), 1)).toBe(true); // wins: row 0 loses
    expect(d.offer(m(1, 50), 2)).toBe(true); // tie: the earlier stays
    expect(d.offer(m(2, 5), 3)).toBe(false);
    expect([...d.losers].sort()).toEqual([0, 2]);
  });
});
