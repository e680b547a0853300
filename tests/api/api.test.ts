import { describe, expect, inject, it } from "vitest";
import { admin, api } from "../support/http";
import { catalogChecksum } from "../support/mysql";
import { hasRealData, MISSING_DATA } from "../support/paths";

const real = describe.skipIf(!hasRealData);
if (!hasRealData) console.warn(MISSING_DATA);

describe("health and docs", () => {
  it("reports db and index state", async () => {
    const { status, body } = await api("/api/health");
    expect(status).toBe(200);
    // the catalog came from the build's snapshot, not from a full read of MySQL
    expect(body).toMatchObject({ status: "ok", db: "up", index: { state: "ready" }, catalog: { state: "ready", source: "snapshot" } });
    expect(body.index.size).toBe(3000);
    expect(body.index.watermark).toMatch(/^\d{4}-\d{2}-\d{2} /);
  });

  it("serves an OpenAPI 3.1 document listing every route", async () => {
    const { status, body } = await api("/api/openapi.json");
    expect(status).toBe(200);
    expect(body.openapi).toBe("3.1.0");
    for (const p of ["/api/movies", "/api/movies/{id}", "/api/movies/{id}/similar", "/api/movies/{id}/poster", "/api/recommend", "/api/search", "/api/health"])
      expect(Object.keys(body.paths)).toContain(p);
    expect(Object.keys(body.paths["/api/movies/{id}"])).toEqual(expect.arrayContaining(["get", "put", "patch", "delete"]));
    expect(body.components.schemas.MovieInput.properties.title.type).toBe("string");
    expect(body.components.schemas.MovieInput.additionalProperties).toBe(false);
  });
});

real("catalog", () => {
  it("pages with a keyset cursor, most popular first, no overlap", async () => {
    const first = await api("/api/movies?limit=20");
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(20);
    const pops = first.body.data.map((m: any) => m.popularity);
    expect([...pops].sort((a: number, b: number) => b - a)).toEqual(pops);
    const second = await api(`/api/movies?limit=20&cursor=${first.body.nextCursor}`);
    expect(second.body.data).toHaveLength(20);
    const ids = new Set(first.body.data.map((m: any) => m.id));
    expect(second.body.data.some((m: any) => ids.has(m.id))).toBe(false);
    expect(second.body.data[0].popularity).toBeLessThanOrEqual(pops[19]);
  });

  it("walks the whole catalog to the last page", async () => {
    let cursor = "";
    let seen = 0;
    for (let i = 0; i < 40; i++) {
      const page = await api(`/api/movies?limit=100${cursor ? `&cursor=${cursor}` : ""}`);
      seen += page.body.data.length;
      if (!page.body.nextCursor) break;
      cursor = page.body.nextCursor;
    }
    expect(seen).toBe(3000);
  });

  it("filters by genre, year and language", async () => {
    const g = await api("/api/movies?genre=Animation&limit=100");
    expect(g.body.data.length).toBeGreaterThan(50);
    expect(g.body.data.every((m: any) => m.genres.includes("Animation"))).toBe(true);
    const y = await api("/api/movies?year=2008&limit=100");
    expect(y.body.data.every((m: any) => m.release_date.startsWith("2008"))).toBe(true);
    expect(y.body.data.map((m: any) => m.id)).toContain(1726);
    const l = await api("/api/movies?lang=ja&limit=100");
    expect(l.body.data.length).toBeGreaterThan(5);
    expect(l.body.data.every((m: any) => m.original_language === "ja")).toBe(true);
    const q = await api("/api/movies?q=toy%20story");
    expect(q.body.data.map((m: any) => m.id)).toEqual(expect.arrayContaining([862, 863, 10193]));
  });

  it("returns one movie with full detail", async () => {
    const { status, body } = await api("/api/movies/1726");
    expect(status).toBe(200);
    expect(body.data).toMatchObject({
      id: 1726,
      title: "Iron Man",
      release_date: "2008-04-30",
      imdb_id: "tt0371746",
      original_language: "en",
      status: "Released",
      adult: false,
    });
    expect(body.data.genres).toEqual(["Action", "Science Fiction", "Adventure"]);
    expect(body.data.production_companies).toContain("Marvel Studios");
  });
});

real("recommendations", () => {
  const similarIds = async (id: number, qs = "") => {
    const r = await api(`/api/movies/${id}/similar${qs}`);
    expect(r.status).toBe(200);
    return r.body.data.map((m: any) => m.id) as number[];
  };

  it("Iron Man -> Iron Man 2 and 3, with scores and reasons", async () => {
    const r = await api("/api/movies/1726/similar");
    expect(r.body.movie.id).toBe(1726);
    expect(r.body.data).toHaveLength(10);
    const ids = r.body.data.map((m: any) => m.id);
    expect(ids).toEqual(expect.arrayContaining([10138, 68721]));
    expect(ids).not.toContain(1726);
    const scores = r.body.data.map((m: any) => m.score);
    expect([...scores].sort((a: number, b: number) => b - a)).toEqual(scores);
    expect(r.body.data[0].reasons.length).toBeGreaterThan(0);
  });

  it("Toy Story -> Toy Story 2; Harry Potter -> mostly Harry Potter", async () => {
    expect(await similarIds(862)).toContain(863);
    const hp = [672, 673, 674, 675, 767, 12444, 12445];
    const ids = await similarIds(671);
    expect(ids.filter((id) => hp.includes(id)).length).toBeGreaterThanOrEqual(5);
  });

  it("filters hold on every result and still return k", async () => {
    const r = await api("/api/movies/1726/similar?genre=Comedy&limit=5&yearFrom=1990&yearTo=2005&minVotes=100");
    expect(r.body.data).toHaveLength(5);
    for (const m of r.body.data) {
      expect(m.genres).toContain("Comedy");
      expect(Number(m.release_date.slice(0, 4))).toBeGreaterThanOrEqual(1990);
      expect(Number(m.release_date.slice(0, 4))).toBeLessThanOrEqual(2005);
      expect(m.vote_count).toBeGreaterThanOrEqual(100);
    }
    const fr = await api("/api/movies/1726/similar?lang=fr&limit=8");
    expect(fr.body.data).toHaveLength(8);
    expect(fr.body.data.every((m: any) => m.original_language === "fr")).toBe(true);
  });

  it("recommends by approximate title", async () => {
    const r = await api("/api/recommend?title=iron%20man");
    expect(r.status).toBe(200);
    expect(r.body.match.id).toBe(1726);
    expect(r.body.data.map((m: any) => m.id)).toContain(10138);
    const typo = await api("/api/recommend?title=toy%20stroy&limit=3");
    expect(typo.body.match.id).toBe(862);
    expect(typo.body.data).toHaveLength(3);
  });

  it("more like these, less like those", async () => {
    const r = await api("/api/recommend", { method: "POST", json: { like: [862, 863], unlike: [1726], limit: 5 } });
    expect(r.status).toBe(200);
    expect(r.body.data).toHaveLength(5);
    const ids = r.body.data.map((m: any) => m.id);
    expect(ids).toContain(10193);
    for (const seed of [862, 863, 1726]) expect(ids).not.toContain(seed);
  });
});

real("search", () => {
  it.each([
    ["harry poter", 671],
    ["avengrs infinty", 299536],
    ["iron man", 1726],
    ["amelie", 194],
    ["interst", 157336],
  ])("%s finds %i near the top", async (q, id) => {
    const r = await api(`/api/search?q=${encodeURIComponent(q)}&limit=5`);
    expect(r.status).toBe(200);
    expect(r.body.data.slice(0, 3).map((m: any) => m.id)).toContain(id);
    expect(r.body.data[0]).toHaveProperty("match");
  });
});

real("posters", () => {
  it("redirects to OMDB when it has one, else the TMDB image, else the placeholder", async () => {
    // Iron Man's IMDb id tt0371746 is even: the fake OMDB has a poster for it.
    const omdb = await api("/api/movies/1726/poster");
    expect(omdb.status).toBe(302);
    expect(omdb.headers.get("location")).toBe("https://posters.example/tt0371746.jpg");
    const movie = (await api("/api/movies/862")).body.data; // tt0114709: odd -> OMDB says N/A
    const tmdb = await api("/api/movies/862/poster");
    expect(tmdb.headers.get("location")).toBe(`https://image.tmdb.org/t/p/w342${movie.poster_path}`);
    const missing = await api("/api/movies/999999999/poster");
    expect(missing.headers.get("location")).toMatch(/\/no-poster\.svg$/);
  });
});

describe("writes", () => {
  const film = {
    title: "Api Test Film",
    original_title: "Api Test Film",
    release_date: "2020-01-01",
    genres: ["Animation", "Family"],
    keywords: ["toy", "friendship"],
    original_language: "en",
    overview: "Toys come to life.",
  };

  it("create -> search -> recommendable -> patch -> delete -> gone everywhere", async () => {
    const created = await api("/api/movies", { method: "POST", json: film, token: admin() });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    expect(id).toBeGreaterThan(1_000_000);
    expect(created.body.data).toMatchObject({ title: "Api Test Film", genres: ["Animation", "Family"], runtime: 0 });

    const found = await api("/api/search?q=api%20test%20film");
    expect(found.body.data[0].id).toBe(id);
    const similar = await api(`/api/movies/${id}/similar?limit=5`);
    expect(similar.status).toBe(200);
    expect(similar.body.data).toHaveLength(5);

    const patched = await api(`/api/movies/${id}`, { method: "PATCH", json: { runtime: 99 }, token: admin() });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({ runtime: 99, title: "Api Test Film", keywords: ["toy", "friendship"] });

    const put = await api(`/api/movies/${id}`, { method: "PUT", json: { ...film, title: "Api Test Film Renamed" }, token: admin() });
    expect(put.body.data).toMatchObject({ title: "Api Test Film Renamed", runtime: 0 });

    const del = await api(`/api/movies/${id}`, { method: "DELETE", token: admin() });
    expect(del.status).toBe(204);
    expect((await api(`/api/movies/${id}`)).status).toBe(404);
    expect((await api(`/api/movies/${id}/similar`)).status).toBe(404);
    const search = await api("/api/search?q=api%20test%20film%20renamed");
    expect(search.body.data.map((m: any) => m.id)).not.toContain(id);
    const toy = await api("/api/movies/862/similar?limit=50");
    expect(toy.body.data.map((m: any) => m.id)).not.toContain(id);
    expect((await api(`/api/movies/${id}`, { method: "DELETE", token: admin() })).status).toBe(404);
  });

  const bad: [string, string, string, unknown, string | undefined, number][] = [
    ["no token", "POST", "/api/movies", film, undefined, 401],
    ["wrong token", "POST", "/api/movies", film, "nope", 401],
    ["wrong type", "POST", "/api/movies", { ...film, title: 42 }, "A", 400],
    ["unknown field", "POST", "/api/movies", { ...film, evil: true }, "A", 400],
    ["missing date", "POST", "/api/movies", { title: "x" }, "A", 400],
    ["impossible date", "POST", "/api/movies", { ...film, release_date: "2020-02-31" }, "A", 400],
    ["out of range", "POST", "/api/movies", { ...film, vote_average: 11 }, "A", 400],
    ["negative runtime", "PATCH", "/api/movies/1726", { runtime: -1 }, "A", 400],
    ["empty patch", "PATCH", "/api/movies/1726", {}, "A", 400],
    ["patch unknown field", "PATCH", "/api/movies/1726", { id: 5 }, "A", 400],
    ["title of punctuation only", "POST", "/api/movies", { ...film, title: "!!!" }, "A", 400],
    ["absent id", "PATCH", "/api/movies/424242424", { runtime: 5 }, "A", 404],
    ["absent delete", "DELETE", "/api/movies/424242424", undefined, "A", 404],
    ["bad id", "PUT", "/api/movies/abc", film, "A", 400],
    ["20 genres of 200 characters", "POST", "/api/movies", { ...film, genres: Array.from({ length: 20 }, (_, i) => `${"g".repeat(197)}${i}`) }, "A", 400],
    ["genres too long together", "PATCH", "/api/movies/1726", { genres: Array.from({ length: 20 }, (_, i) => `${"g".repeat(60)}${i}`) }, "A", 400],
    ["no token delete", "DELETE", "/api/movies/1726", undefined, undefined, 401],
  ];

  it.each(bad)("%s -> error shape, database unchanged", async (_name, method, path, body, token, status) => {
    const before = await catalogChecksum(inject("databaseUrl"));
    const r = await api(path, { method, json: body, token: token === "A" ? admin() : token });
    expect(r.status).toBe(status);
    expect(r.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect(await catalogChecksum(inject("databaseUrl"))).toBe(before);
  });

  it("stores genres equal but for case once (movie_genres' key ignores case)", async () => {
    const created = await api("/api/movies", { method: "POST", json: { ...film, title: "Case Genre Film", genres: ["Drama", "drama", "DRAMA"] }, token: admin() });
    expect(created.status).toBe(201);
    expect(created.body.data.genres).toEqual(["Drama"]);
    const patched = await api(`/api/movies/${created.body.data.id}`, { method: "PATCH", json: { genres: ["Comedy", "comedy", "Drama"] }, token: admin() });
    expect(patched.status).toBe(200);
    expect(patched.body.data.genres).toEqual(["Comedy", "Drama"]);
    expect((await api(`/api/movies/${created.body.data.id}`, { method: "DELETE", token: admin() })).status).toBe(204);
  });

  it("rejects a 70 KB body with 413 and bad JSON with 400", async () => {
    const big = await api("/api/movies", { method: "POST", json: { ...film, overview: "x".repeat(70_000) }, token: admin() });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe("payload_too_large");
    const broken = await api("/api/movies", { method: "POST", body: "{not json", headers: { "content-type": "application/json" }, token: admin() });
    expect(broken.status).toBe(400);
  });
});

describe("hostile query input never yields a 500", () => {
  it("a crafted cursor that decodes to Infinity (base64 of 1e999:1) -> 400", async () => {
    expect(Buffer.from("MWU5OTk6MQ", "base64url").toString()).toBe("1e999:1");
    const r = await api("/api/movies?cursor=MWU5OTk6MQ");
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("bad_request");
  });

  const inputs = ["' OR 1=1 --", "<script>alert(1)</script>", "🎬🍿", "مرحبا بالعالم", "%00", "a".repeat(5000), "-1", "1e309", "[]"];
  it.each(inputs)("%s", async (raw) => {
    const v = encodeURIComponent(raw);
    for (const path of [
      `/api/movies?q=${v}`,
      `/api/movies?genre=${v}`,
      `/api/movies?year=${v}`,
      `/api/movies?limit=${v}`,
      `/api/movies?cursor=${v}`,
      `/api/movies/${v}`,
      `/api/movies/1726/similar?limit=${v}&genre=${v}`,
      `/api/search?q=${v}`,
      `/api/recommend?title=${v}`,
    ]) {
      const r = await api(path);
      expect(r.status, path).toBeLessThan(500);
      if (r.status >= 400) expect(r.body.error.code, path).toBeTruthy();
    }
  });
});
