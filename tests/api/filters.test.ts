import { describe, expect, it } from "vitest";
import { api } from "../support/http";
import { hasRealData, MISSING_DATA } from "../support/paths";

const real = describe.skipIf(!hasRealData);
if (!hasRealData) console.warn(MISSING_DATA);

/** Filters that admit no movie, or name values no movie has (issue: one request must not stall the server). */
real("recommendation filters", () => {
  it("answers filters that admit nothing with an empty list", async () => {
    for (const q of ["minVotes=1000000000", "yearFrom=2200&yearTo=1870", "yearFrom=1870&yearTo=1871&lang=en"]) {
      const r = await api(`/api/movies/1726/similar?limit=50&${q}`);
      expect(r.status, q).toBe(200);
      expect(r.body.data, q).toEqual([]);
      expect(r.body.movie.id).toBe(1726);
    }
    const post = await api("/api/recommend", { method: "POST", json: { like: [1726], filters: { minVotes: 1e9 } } });
    expect(post.status).toBe(200);
    expect(post.body.data).toEqual([]);
  });

  it("refuses an unknown genre or language with 400 naming the valid values", async () => {
    const g = await api("/api/movies/1726/similar?genre=nope");
    expect(g.status).toBe(400);
    expect(g.body.error.details[0].path).toBe("genre");
    expect(g.body.error.details[0].message).toMatch(/unknown genre "nope"; valid: .*action.*animation/);
    const l = await api("/api/movies/1726/similar?lang=zz");
    expect(l.status).toBe(400);
    expect(l.body.error.details[0].message).toMatch(/"zz"; valid: .*\ben\b.*\bfr\b/);
    const post = await api("/api/recommend", { method: "POST", json: { like: [1726], filters: { lang: "zz", genre: "nope" } } });
    expect(post.status).toBe(400);
    expect(post.body.error.details.map((d: { path: string }) => d.path)).toEqual(["filters.genre", "filters.lang"]);
  });

  it("still answers selective filters exactly: every result passes, best first", async () => {
    const r = await api("/api/movies/1726/similar?limit=20&lang=ja&yearTo=1990");
    expect(r.status).toBe(200);
    expect(r.body.data.length).toBeGreaterThan(0);
    const scores = r.body.data.map((m: { score: number }) => m.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const m of r.body.data) {
      expect(m.original_language).toBe("ja");
      expect(Number(m.release_date.slice(0, 4))).toBeLessThanOrEqual(1990);
    }
  });
});
