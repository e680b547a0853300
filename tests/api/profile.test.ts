import { describe, expect, it } from "vitest";
import { api } from "../support/http";
import { hasRealData, MISSING_DATA } from "../support/paths";
import { IMDB, LETTERBOXD } from "../support/ratings-files";

/** Issue 13: diversity, exclude/like/unlike, and the ratings import, against the top-3000 catalog. */
const real = describe.skipIf(!hasRealData);
if (!hasRealData) console.warn(MISSING_DATA);

const HARRY_POTTER = [672, 673, 674, 675, 767, 12444, 12445];
const ids = (r: { body: { data: { id: number }[] } }) => r.body.data.map((m) => m.id);
const recommend = (json: unknown) => api("/api/recommend", { method: "POST", json });
const upload = (csv: string, type = "text/csv") => api("/api/profile/import", { method: "POST", body: csv, headers: { "content-type": type } });

real("diversity", () => {
  it("spreads a franchise-filled list out, still `limit` results", async () => {
    const plain = await api("/api/movies/671/similar?limit=10");
    const spread = await api("/api/movies/671/similar?limit=10&diversity=0.7");
    expect(spread.status).toBe(200);
    expect(spread.body.data).toHaveLength(10);
    expect(new Set(ids(spread)).size).toBe(10);
    const franchise = (list: number[]) => list.filter((id) => HARRY_POTTER.includes(id)).length;
    expect(franchise(ids(plain))).toBeGreaterThanOrEqual(5);
    expect(franchise(ids(spread))).toBeLessThan(franchise(ids(plain)));
    expect(ids(spread)).not.toContain(671);
    // The score stays "how like the seed": the spread list's scores are real cosines, not MMR values.
    for (const m of spread.body.data) expect(m.score).toBeGreaterThan(0);
    expect((await api("/api/movies/671/similar?limit=50&diversity=1")).body.data).toHaveLength(50);
    expect(ids(await api("/api/movies/671/similar?limit=10&diversity=0"))).toEqual(ids(plain));
  });

  it("on POST /api/recommend too", async () => {
    const plain = await recommend({ like: [671], limit: 10 });
    const spread = await recommend({ like: [671], limit: 10, diversity: 0.7 });
    expect(spread.status).toBe(200);
    expect(spread.body.data).toHaveLength(10);
    expect(ids(spread)).not.toEqual(ids(plain));
  });

  it.each(["-0.1", "1.5", "abc", "", "NaN", "Infinity"])("diversity=%s -> 400", async (v) => {
    const r = await api(`/api/movies/671/similar?diversity=${encodeURIComponent(v)}`);
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].path).toBe("diversity");
  });
});

real("like, unlike, exclude", () => {
  it("excluded movies are never returned, the list stays full", async () => {
    const first = ids(await api("/api/movies/1726/similar?limit=10"));
    const r = await recommend({ like: [1726], exclude: first.slice(0, 5), limit: 10 });
    expect(r.status).toBe(200);
    expect(r.body.data).toHaveLength(10);
    for (const id of first.slice(0, 5)) expect(ids(r)).not.toContain(id);
    expect(ids(r)).toEqual(expect.arrayContaining(first.slice(5)));
  });

  it("liked, unliked and excluded are never returned, with diversity and filters", async () => {
    const like = [862, 863];
    const unlike = [1726];
    const exclude = [10193, 301528, 12, 585];
    const r = await recommend({ like, unlike, exclude, limit: 20, diversity: 0.3, filters: { genre: "Animation" } });
    expect(r.status).toBe(200);
    expect(r.body.data).toHaveLength(20);
    for (const id of [...like, ...unlike, ...exclude]) expect(ids(r)).not.toContain(id);
    expect(r.body.data.every((m: { genres: string[] }) => m.genres.includes("Animation"))).toBe(true);
  });

  it("unlike pushes the list away from the disliked movie", async () => {
    const plain = ids(await recommend({ like: [1726], limit: 20 }));
    const away = ids(await recommend({ like: [1726], unlike: [10138], limit: 20 }));
    // Iron Man 3 is nearer Iron Man 2 than most of Iron Man's neighbours: it drops.
    const rank = (list: number[], id: number) => (list.includes(id) ? list.indexOf(id) : 99);
    expect(rank(away, 68721)).toBeGreaterThan(rank(plain, 68721));
    expect(away).not.toContain(10138);
  });

  it("unknown ids are ignored; no known liked movie is a 404", async () => {
    const r = await recommend({ like: [1726, 999_999_999], unlike: [999_999_998], exclude: [999_999_997], limit: 5 });
    expect(r.status).toBe(200);
    expect(r.body.data).toHaveLength(5);
    const none = await recommend({ like: [999_999_999] });
    expect(none.status).toBe(404);
  });

  it.each([
    ["like empty", { like: [] }, "like"],
    ["string id", { like: ["1726"] }, "like.0"],
    ["fractional id", { like: [1726], exclude: [1.5] }, "exclude.0"],
    ["negative id", { like: [1726], unlike: [-3] }, "unlike.0"],
    ["exclude not a list", { like: [1726], exclude: 5 }, "exclude"],
    ["too many likes", { like: Array.from({ length: 101 }, (_, i) => i + 1) }, "like"],
    ["too many excluded", { like: [1726], exclude: Array.from({ length: 5001 }, (_, i) => i + 1) }, "exclude"],
    ["liked and unliked", { like: [1726, 862], unlike: [862] }, "unlike"],
    ["diversity a string", { like: [1726], diversity: "0.5" }, "diversity"],
    ["diversity over 1", { like: [1726], diversity: 2 }, "diversity"],
    ["unknown field", { like: [1726], hide: [1] }, "hide"],
  ])("%s -> 400", async (_name, body, path) => {
    const r = await recommend(body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("bad_request");
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });
});

real("POST /api/profile/import", () => {
  it("a Letterboxd ratings.csv: exact ids, a misspelt title, an ambiguous one, a missing one", async () => {
    const r = await upload(LETTERBOXD);
    expect(r.status).toBe(200);
    const d = r.body.data;
    expect(d.format).toBe("letterboxd");
    expect(d.likes).toEqual([1726, 862]);
    expect(d.dislikes).toEqual([157336]);
    expect(d.seen).toEqual([1726, 862, 157336, 194]);
    expect(d.matched.map((m: { row: number; id: number }) => [m.row, m.id])).toEqual([
      [2, 1726],
      [3, 862],
      [4, 157336],
      [7, 194],
    ]);
    expect(d.ambiguous).toHaveLength(1);
    expect(d.ambiguous[0]).toMatchObject({ row: 5, title: "The Lion King", year: null, rating: 4, opinion: "like" });
    expect(d.ambiguous[0].candidates.map((c: { id: number }) => c.id).sort()).toEqual([420818, 8587]);
    expect(d.missing).toEqual([{ row: 6, title: "Zzyzx Qwertyuiop Film", year: 2001, rating: 3, opinion: null }]);
  });

  it("an IMDb export: ids match directly, titles otherwise; series are skipped", async () => {
    const r = await upload(IMDB);
    expect(r.status).toBe(200);
    const d = r.body.data;
    expect(d.format).toBe("imdb");
    expect(d.likes).toEqual([1726]);
    expect(d.dislikes).toEqual([671]);
    expect(d.seen).toEqual([1726, 671]);
    expect(d.matched.map((m: { id: number; movie: string }) => [m.id, m.movie])).toEqual([
      [1726, "Iron Man"],
      [671, "Harry Potter and the Philosophers Stone"], // the catalog's title (the ETL drops apostrophes)
    ]);
    expect(d.ambiguous.map((a: { row: number }) => a.row)).toEqual([4]);
    expect(d.ambiguous[0].candidates.map((c: { id: number }) => c.id).sort()).toEqual([109445, 44363]);
    expect(d.missing.map((m: { row: number; title: string }) => [m.row, m.title])).toEqual([[5, "Nonexistent Picture Qqqzz"]]);
  });

  it.each([
    ["wrong columns", "Film,When\nIron Man,2008", 400, /unrecognised columns.*Letterboxd/],
    ["JSON, not CSV", '{"likes":[1726]}', 400, /unrecognised columns/],
    ["binary", "PK\u0003\u0004\u0000\u0000zip", 400, /not a text CSV/],
    ["empty", "", 400, /empty/],
    ["a bad rating", "Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Iron Man,2008,u,7", 400, /line 2: Rating "7" is not a rating from 0.5 to 5/],
    ["a bad year", "Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Iron Man,08,u,4", 400, /line 2: Year/],
    ["a short row", "Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Iron Man,2008,u,4\n2024-01-02,Toy Story", 400, /line 3: 2 fields/],
    ["an unclosed quote", 'Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,"Iron Man,2008,u,4', 400, /not a valid CSV/],
  ])("%s -> %i with a clear message", async (_name, csv, status, message) => {
    const r = await upload(csv);
    expect(r.status).toBe(status);
    expect(r.body.error.message).toMatch(message);
  });

  it("too many rows -> 400, too big -> 413, not text/csv -> 400", async () => {
    const rows = Array.from({ length: 10_001 }, (_, i) => `2024-01-01,Film ${i},2000,u,3`);
    const many = await upload(["Date,Name,Year,Letterboxd URI,Rating", ...rows].join("\n"));
    expect(many.status).toBe(400);
    expect(many.body.error.message).toMatch(/10001 rows; at most 10000/);
    const big = await upload("Date,Name,Year,Letterboxd URI,Rating\n" + `2024-01-01,${"x".repeat(2 * 1024 * 1024)},2000,u,3`);
    expect(big.status).toBe(413);
    expect(big.body.error.message).toMatch(/over 2 MB/);
    const json = await upload(LETTERBOXD, "application/json");
    expect(json.status).toBe(400);
    expect(json.body.error.message).toMatch(/Content-Type: text\/csv/);
  });

  it("is in the OpenAPI document with the new parameters", async () => {
    const { body } = await api("/api/openapi.json");
    expect(body.paths["/api/profile/import"].post.requestBody.content).toHaveProperty("text/csv");
    expect(body.components.schemas.ImportResult.properties.data.required).toEqual(
      expect.arrayContaining(["likes", "dislikes", "seen", "ambiguous", "missing"]),
    );
    expect(body.paths["/api/movies/{id}/similar"].get.parameters.map((p: { name: string }) => p.name)).toContain("diversity");
    expect(Object.keys(body.components.schemas.RecommendRequest.properties)).toEqual(expect.arrayContaining(["like", "unlike", "exclude", "diversity"]));
  });
});
