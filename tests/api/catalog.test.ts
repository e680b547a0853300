import { beforeAll, describe, expect, inject, it } from "vitest";
import { admin, api } from "../support/http";
import { queryRows } from "../support/mysql";
import { hasRealData, MISSING_DATA } from "../support/paths";
import type { FactsEntry } from "@/lib/catalog/facts";

const real = describe.skipIf(!hasRealData);
if (!hasRealData) console.warn(MISSING_DATA);

/** A live movie as MySQL holds it: the truth every answer is checked against. */
type Row = Omit<FactsEntry, "genres"> & { genres: string[] };

let rows: Row[] = [];
/** The rating sort's C: the vote-weighted mean rating of the catalog as loaded. */
let mean = 0;

async function loadTruth(): Promise<void> {
  const db = await queryRows(
    inject("databaseUrl"),
    `SELECT id, title, DATE_FORMAT(release_date, '%Y-%m-%d') AS release_date, release_year, vote_average, vote_count, popularity, runtime,
       genres, original_language, adult, origin FROM movies WHERE deleted_at IS NULL`,
  );
  rows = db.map((r) => ({ ...(r as Row), genres: r.genres ? String(r.genres).split(", ") : [], adult: Boolean(r.adult) }));
  const catalog = db.filter((r) => r.origin === "catalog");
  const votes = catalog.reduce((s, r) => s + r.vote_count, 0);
  mean = Math.round((catalog.reduce((s, r) => s + r.vote_count * r.vote_average, 0) / votes) * 100) / 100;
}

type Query = Record<string, string>;
const SORTS = ["popularity", "rating", "release_date", "title", "vote_count"] as const;

function key(r: Row, sort: string): number | string {
  if (sort === "popularity") return r.popularity;
  if (sort === "vote_count") return r.vote_count;
  if (sort === "release_date") return Number(r.release_date.replaceAll("-", ""));
  if (sort === "title") return r.title.toLowerCase();
  return (r.vote_count * r.vote_average + 50 * mean) / (r.vote_count + 50);
}

function passes(r: Row, q: Query): boolean {
  const list = (s?: string) => (s ? s.split(",") : []);
  const has = (g: string) => r.genres.some((x) => x.toLowerCase() === g.toLowerCase());
  if (r.adult && q.includeAdult !== "true") return false;
  const genres = list(q.genres);
  if (genres.length && (q.genreMode === "all" ? !genres.every(has) : !genres.some(has))) return false;
  if (list(q.excludeGenres).some(has)) return false;
  if (q.lang && r.original_language !== q.lang) return false;
  if (q.yearFrom && r.release_year < Number(q.yearFrom)) return false;
  if (q.yearTo && r.release_year > Number(q.yearTo)) return false;
  if (q.minVotes && r.vote_count < Number(q.minVotes)) return false;
  if (q.minRating && r.vote_average < Number(q.minRating)) return false;
  if (q.runtimeMin && r.runtime < Number(q.runtimeMin)) return false;
  return !q.runtimeMax || r.runtime <= Number(q.runtimeMax);
}

/** The ids MySQL's rows give for a query, in its sort (key, then id). */
function expected(q: Query): number[] {
  const sort = q.sort ?? "popularity";
  const dir = (q.order ?? (sort === "title" ? "asc" : "desc")) === "asc" ? 1 : -1;
  const cmp = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows
    .filter((r) => passes(r, q))
    .sort((a, b) => dir * (cmp(key(a, sort), key(b, sort)) || a.id - b.id))
    .map((r) => r.id);
}

const qs = (q: Query) => new URLSearchParams(q).toString();

/** Every page of a query, following nextCursor; checks each page's size. */
async function walk(q: Query, limit = 100): Promise<{ ids: number[]; pages: number }> {
  const ids: number[] = [];
  let cursor = "";
  for (let pages = 1; pages < 200; pages++) {
    const r = await api(`/api/movies?${qs({ ...q, limit: String(limit), ...(cursor ? { cursor } : {}) })}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    ids.push(...r.body.data.map((m: Row) => m.id));
    if (!r.body.nextCursor) return { ids, pages };
    expect(r.body.data).toHaveLength(limit);
    cursor = r.body.nextCursor;
  }
  throw new Error("no last page");
}

const FULL: Query = {
  genres: "Action,Adventure",
  genreMode: "all",
  excludeGenres: "Animation",
  yearFrom: "1990",
  yearTo: "2015",
  minRating: "6",
  minVotes: "2000",
  runtimeMin: "100",
  runtimeMax: "150",
  lang: "en",
};

real("catalog sorts, filters and facets (GET /api/movies, /api/movies/facets)", () => {
  beforeAll(loadTruth);

  it("walks every sort in both orders to the last page, equal to MySQL's rows sorted by the key then id", async () => {
    for (const sort of SORTS)
      for (const order of ["asc", "desc"]) {
        const { ids, pages } = await walk({ sort, order, minVotes: "300" });
        expect(ids, `${sort} ${order}`).toEqual(expected({ sort, order, minVotes: "300" }));
        expect(pages).toBeGreaterThan(5);
      }
  });

  it("ranks by the shrunk rating: nothing with few votes leads the rating sort", async () => {
    const r = await api("/api/movies?sort=rating&limit=20");
    const top = r.body.data as Row[];
    expect(top.map((m) => m.id)).toEqual(expected({ sort: "rating" }).slice(0, 20));
    expect(Math.min(...top.map((m) => m.vote_count))).toBeGreaterThan(1000);
  });

  it("applies every filter, alone and together: all results pass, none missing", async () => {
    const single: Query[] = [
      { genres: "Animation,Horror" },
      { genres: "Action,Comedy", genreMode: "all" },
      { excludeGenres: "Drama,Comedy" },
      { yearFrom: "1995", yearTo: "1999" },
      { minRating: "7.5" },
      { minVotes: "10000" },
      { runtimeMin: "150" },
      { runtimeMax: "85" },
      { lang: "fr" },
      { includeAdult: "true", sort: "vote_count" },
      { genre: "Animation", year: "1995" },
    ];
    for (const q of [...single, FULL, { ...FULL, sort: "title" }]) {
      const want = q.genre ? expected({ genres: q.genre, yearFrom: q.year, yearTo: q.year }) : expected(q);
      expect(want.length, JSON.stringify(q)).toBeGreaterThan(0);
      const { ids } = await walk(q);
      expect(ids, JSON.stringify(q)).toEqual(want);
    }
  });

  it("combines a title search with filters and a sort", async () => {
    const q = { q: "star", minVotes: "1000", sort: "release_date", order: "asc" };
    const r = await api(`/api/movies?${qs({ ...q, limit: "100" })}`);
    expect(r.status).toBe(200);
    const data = r.body.data as Row[];
    expect(data.length).toBeGreaterThan(3);
    const byId = new Map(rows.map((m) => [m.id, m]));
    expect(data.every((m) => passes(byId.get(m.id)!, q))).toBe(true);
    const dates = data.map((m) => m.release_date);
    expect([...dates].sort()).toEqual(dates);
    // the same matches as the relevance order (typo-tolerant: "Stars", "Start" count), only sorted
    const { ids: matches } = await walk({ q: "star", minVotes: "1000" }, 7);
    expect(new Set(data.map((m) => m.id))).toEqual(new Set(matches));
    expect(data.some((m) => /star/i.test(m.title))).toBe(true);
    const relevance = await api("/api/movies?q=toy%20story&limit=3");
    expect(relevance.body.data[0].title).toMatch(/^Toy Story/);
  });

  it("counts facets equal to counts over MySQL's rows, most frequent first", async () => {
    for (const q of [{}, FULL, { genres: "Animation", lang: "ja" }, { q: "harry", minVotes: "100" }] as Query[]) {
      const r = await api(`/api/movies/facets?${qs(q)}`);
      expect(r.status).toBe(200);
      // a title search's matches are the list's (typo-tolerant), their facts MySQL's
      const matched = q.q ? new Set((await walk(q)).ids) : undefined;
      const admitted = rows.filter((m) => passes(m, q) && (!matched || matched.has(m.id)));
      expect(r.body.total, JSON.stringify(q)).toBe(admitted.length);
      const tally = (k: (m: Row) => (string | number)[]) => {
        const m = new Map<string | number, number>();
        for (const row of admitted) for (const v of k(row)) m.set(v, (m.get(v) ?? 0) + 1);
        return m;
      };
      const asMap = (xs: { value: string | number; count: number }[]) => new Map(xs.map((x) => [x.value, x.count]));
      expect(asMap(r.body.data.genres)).toEqual(tally((m) => m.genres));
      expect(asMap(r.body.data.decades)).toEqual(tally((m) => [Math.floor(m.release_year / 10) * 10]));
      expect(asMap(r.body.data.languages)).toEqual(tally((m) => [m.original_language]));
      for (const list of Object.values(r.body.data) as { count: number }[][])
        expect(list.map((x) => x.count)).toEqual([...list.map((x) => x.count)].sort((a, b) => b - a));
    }
  });

  it("refuses bad values with a 400 naming the parameter, never a 500", async () => {
    const title = await api("/api/movies?sort=title&limit=5");
    const cases: [string, string][] = [
      ["sort=best", "sort"],
      ["order=up", "order"],
      ["genres=Nope", "genres"],
      ["excludeGenres=Action,Nope", "excludeGenres"],
      ["genreMode=some", "genreMode"],
      ["yearFrom=2010&yearTo=1990", "yearTo"],
      ["yearFrom=abc", "yearFrom"],
      ["minVotes=-1", "minVotes"],
      ["minVotes=1.5", "minVotes"],
      ["minRating=abc", "minRating"],
      ["minRating=11", "minRating"],
      ["runtimeMin=x", "runtimeMin"],
      ["runtimeMin=200&runtimeMax=100", "runtimeMax"],
      ["includeAdult=maybe", "includeAdult"],
      ["lang=zz", "lang"],
      ["limit=0", "limit"],
      [`sort=rating&cursor=${title.body.nextCursor}`, "cursor"],
      [`sort=title&order=desc&cursor=${title.body.nextCursor}`, "cursor"],
      ["cursor=bm90LWEtY3Vyc29y", "cursor"],
      ["q=star&order=asc", "order"],
    ];
    for (const [query, path] of cases) {
      const r = await api(`/api/movies?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.body.error.details.map((d: { path: string }) => d.path), query).toContain(path);
      if (path === "cursor" && query.includes("sort=rating")) expect(r.body.error.details[0].message).toMatch(/sort=title&order=asc/);
    }
    for (const [query, path] of [["genres=Nope", "genres"], ["sort=title", "sort"], ["runtimeMax=-5", "runtimeMax"], ["minVotes=x", "minVotes"]]) {
      const r = await api(`/api/movies/facets?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.body.error.details[0].path).toBe(path);
    }
  });

  it("follows writes at once: a new movie leads its sort and counts in the facets; deleted, it leaves both", async () => {
    const token = admin();
    const before = await api("/api/movies/facets?genres=Western&yearFrom=2024&yearTo=2024");
    const created = await api("/api/movies", {
      method: "POST",
      token,
      json: { title: "Zzz Catalog Probe", release_date: "2024-06-01", genres: ["Western"], popularity: 999_999, vote_count: 5, vote_average: 9, runtime: 321 },
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    try {
      expect((await api("/api/movies?limit=1")).body.data[0].id).toBe(id);
      expect((await api("/api/movies?runtimeMin=321&runtimeMax=321")).body.data.map((m: Row) => m.id)).toEqual([id]);
      const after = await api("/api/movies/facets?genres=Western&yearFrom=2024&yearTo=2024");
      expect(after.body.total).toBe(before.body.total + 1);
      const moved = await api(`/api/movies/${id}`, { method: "PATCH", token, json: { popularity: 0.0001, title: "0 Catalog Probe" } });
      expect(moved.status).toBe(200);
      expect((await api("/api/movies?limit=1")).body.data[0].id).not.toBe(id);
      await loadTruth();
      const byTitle = (await api("/api/movies?sort=title&limit=100")).body.data.map((m: Row) => m.id);
      expect(byTitle).toContain(id);
      expect(byTitle).toEqual(expected({ sort: "title" }).slice(0, 100));
    } finally {
      expect((await api(`/api/movies/${id}`, { method: "DELETE", token })).status).toBe(204);
    }
    expect((await api("/api/movies?sort=title&limit=100")).body.data.map((m: Row) => m.id)).not.toContain(id);
    expect((await api("/api/movies/facets?genres=Western&yearFrom=2024&yearTo=2024")).body.total).toBe(before.body.total);
  });
});

real("similar and recommend take excludeGenres, minRating and a runtime range", () => {
  beforeAll(loadTruth);

  it("returns only movies that pass the new filters", async () => {
    const q = "excludeGenres=Action,Adventure&minRating=7&runtimeMin=100&runtimeMax=140&limit=20";
    const r = await api(`/api/movies/1726/similar?${q}`);
    expect(r.status).toBe(200);
    expect(r.body.data.length).toBeGreaterThan(5);
    const byId = new Map(rows.map((m) => [m.id, m]));
    for (const m of r.body.data as Row[]) {
      const truth = byId.get(m.id)!;
      expect(passes(truth, { excludeGenres: "Action,Adventure", minRating: "7", runtimeMin: "100", runtimeMax: "140" }), String(m.id)).toBe(true);
      expect(m.runtime).toBe(truth.runtime);
    }
    const post = await api("/api/recommend", {
      method: "POST",
      json: { like: [862], limit: 10, filters: { excludeGenres: ["Animation"], minRating: 6.5, runtimeMin: 90, runtimeMax: 130 } },
    });
    expect(post.status).toBe(200);
    expect(post.body.data.length).toBeGreaterThan(3);
    for (const m of post.body.data as Row[]) expect(passes(byId.get(m.id)!, { excludeGenres: "Animation", minRating: "6.5", runtimeMin: "90", runtimeMax: "130" })).toBe(true);
  });

  it("refuses bad values with a 400 naming the parameter", async () => {
    for (const [query, path] of [["excludeGenres=Nope", "excludeGenres"], ["minRating=11", "minRating"], ["runtimeMin=abc", "runtimeMin"], ["runtimeMax=-1", "runtimeMax"]]) {
      const r = await api(`/api/movies/1726/similar?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.body.error.details[0].path).toBe(path);
    }
    const post = await api("/api/recommend", { method: "POST", json: { like: [862], filters: { excludeGenres: ["Nope"], minRating: "x" } } });
    expect(post.status).toBe(400);
    expect(post.body.error.details.map((d: { path: string }) => d.path)).toEqual(["filters.minRating"]);
  });
});

describe("catalog OpenAPI", () => {
  it("documents the sort, filter and facet parameters", async () => {
    const { body } = await api("/api/openapi.json");
    const names = (p: string) => body.paths[p].get.parameters.map((x: { name: string }) => x.name);
    for (const n of ["sort", "order", "genres", "genreMode", "excludeGenres", "yearFrom", "yearTo", "minRating", "minVotes", "runtimeMin", "runtimeMax", "lang", "q", "includeAdult", "limit", "cursor"])
      expect(names("/api/movies")).toContain(n);
    expect(names("/api/movies/facets")).toContain("excludeGenres");
    expect(names("/api/movies/{id}/similar")).toEqual(expect.arrayContaining(["excludeGenres", "minRating", "runtimeMin", "runtimeMax"]));
    expect(body.components.schemas.Facets.properties.data.required).toEqual(["genres", "decades", "languages"]);
  });
});
