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
