import { describe, expect, it } from "vitest";
import { InvalidInputError } from "@/lib/errors";
import { browse, DEFAULT_ORDER, facets, type BrowseQuery } from "@/lib/catalog/browse";
import { Catalog, type CatalogRow } from "@/lib/catalog/catalog";
import { decodeCursor, encodeCursor } from "@/lib/catalog/cursor";
import { RATING_PRIOR_VOTES, type RecoFilters } from "@/lib/catalog/facts";
import { SORT_KEYS, type SortKey, type SortOrder } from "@/lib/catalog/order";

const GENRES = ["Drama", "Comedy", "Action", "Horror", "Animation"];
const LANGS = ["en", "fr", "ja"];

let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];

function row(id: number, over: Partial<CatalogRow> = {}): CatalogRow {
  const year = 1950 + Math.floor(rand() * 70);
  const genres = GENRES.filter(() => rand() < 0.35);
  return {
    id, title: `${pick(["Alpha", "beta", "Gamma", "delta"])} ${Math.floor(rand() * 30)}`, original_title: `Film ${id}`,
    release_date: `${year}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`, release_year: year,
    vote_average: Math.round(rand() * 100) / 10, vote_count: Math.floor(rand() * 4) * Math.floor(rand() * 500),
    popularity: Math.floor(rand() * 40), runtime: Math.floor(rand() * 200), genres: genres.join(", "), poster_path: "",
    original_language: pick(LANGS), adult: rand() < 0.08 ? 1 : 0, keywords: "", production_companies: "", ...over,
  };
}

/** What the sort means, written plainly: the key of a row, then id. */
function keyOf(r: CatalogRow, sort: SortKey, mean: number): number | string {
  if (sort === "popularity") return r.popularity;
  if (sort === "vote_count") return r.vote_count;
  if (sort === "release_date") return Number(r.release_date.replaceAll("-", ""));
  if (sort === "title") return r.title.toLowerCase();
  return (r.vote_count * r.vote_average + RATING_PRIOR_VOTES * mean) / (r.vote_count + RATING_PRIOR_VOTES);
}

function passes(r: CatalogRow, f: RecoFilters): boolean {
  const g = r.genres ? r.genres.split(", ") : [];
  if (r.adult && !f.includeAdult) return false;
  if (f.genres?.length && (f.genreMode === "all" ? !f.genres.every((x) => g.includes(x)) : !f.genres.some((x) => g.includes(x)))) return false;
  if (f.excludeGenres?.some((x) => g.includes(x))) return false;
  if (f.lang && r.original_language !== f.lang) return false;
  if (f.yearFrom !== undefined && r.release_year < f.yearFrom) return false;
  if (f.yearTo !== undefined && r.release_year > f.yearTo) return false;
  if (f.minVotes !== undefined && r.vote_count < f.minVotes) return false;
  if (f.minRating !== undefined && r.vote_average < f.minRating) return false;
  if (f.runtimeMin !== undefined && r.runtime < f.runtimeMin) return false;
  return f.runtimeMax === undefined || r.runtime <= f.runtimeMax;
}

function expected(rows: Map<number, CatalogRow>, f: RecoFilters, sort: SortKey, order: SortOrder, mean: number): number[] {
  const dir = order === "asc" ? 1 : -1;
  const cmp = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...rows.values()]
    .filter((r) => passes(r, f))
    .sort((a, b) => dir * (cmp(keyOf(a, sort, mean), keyOf(b, sort, mean)) || a.id - b.id))
    .map((r) => r.id);
}

/** Every page of a query, following the cursors. */
function walk(c: Catalog, q: BrowseQuery): number[] {
  const ids: number[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const page = browse(c, { ...q, cursor });
    expect(page.cards.length).toBeLessThanOrEqual(q.limit);
    ids.push(...page.cards.map((m) => m.id));
    if (!page.nextCursor) return ids;
    expect(page.cards.length).toBe(q.limit);
    cursor = page.nextCursor;
  }
  throw new Error("no last page");
}

function randomFilters(): RecoFilters {
  const f: RecoFilters = {};
  if (rand() < 0.3) f.genres = GENRES.filter(() => rand() < 0.3);
  if (rand() < 0.5) f.genreMode = pick(["any", "all"] as const);
  if (rand() < 0.2) f.excludeGenres = [pick(GENRES)];
  if (rand() < 0.2) f.lang = pick(LANGS);
  if (rand() < 0.3) f.yearFrom = 1950 + Math.floor(rand() * 40);
  if (rand() < 0.3) f.yearTo = 1980 + Math.floor(rand() * 40);
  if (rand() < 0.2) f.minVotes = Math.floor(rand() * 300);
  if (rand() < 0.2) f.minRating = Math.round(rand() * 80) / 10;
  if (rand() < 0.2) f.runtimeMin = Math.floor(rand() * 100);
  if (rand() < 0.2) f.runtimeMax = 80 + Math.floor(rand() * 120);
  if (rand() < 0.2) f.includeAdult = true;
  return f;
}

function build(n: number): { c: Catalog; rows: Map<number, CatalogRow> } {
  const c = new Catalog();
  const rows = new Map<number, CatalogRow>();
  for (let id = 1; id <= n; id++) {
    const r = row(id);
    rows.set(id, r);
    c.load(r);
  }
  c.finishLoad();
  return { c, rows };
}

describe("Catalog sorts, filters and facets", () => {
  it("serves cards with the list columns split", () => {
    const c = new Catalog();
    c.load(row(1, { genres: "Drama, Comedy", keywords: "heist, bank", production_companies: "A24", adult: 0 }));
    c.finishLoad();
    expect(c.card(1)).toMatchObject({ id: 1, genres: ["Drama", "Comedy"], keywords: ["heist", "bank"], production_companies: ["A24"], adult: false });
    expect(c.card(2)).toBeUndefined();
    expect([...c.cardsOf([1, 2]).keys()]).toEqual([1]);
  });

  it("pages every sort and order to the end, equal to a plain sort of the filtered rows, through inserts, edits and deletes", () => {
    const { c, rows } = build(500);
    const mean = c.facts.ratingMean;
    const check = (steps: number) => {
      for (let i = 0; i < steps; i++) {
        const f = randomFilters();
        const sort = pick(SORT_KEYS);
        const order = pick(["asc", "desc"] as const);
        const limit = 1 + Math.floor(rand() * 40);
        expect(walk(c, { ...f, sort, order, limit }), JSON.stringify({ f, sort, order })).toEqual(expected(rows, f, sort, order, mean));
      }
    };
    check(60);
    for (let step = 0; step < 400; step++) {
      const id = 1 + Math.floor(rand() * 560);
      if (rand() < 0.25) {
        rows.delete(id);
        c.remove(id);
      } else {
        const r = row(id, rand() < 0.3 ? { title: rows.get(id)?.title ?? "Same", popularity: rows.get(id)?.popularity ?? 1 } : {});
        rows.set(id, r);
        c.upsert(r);
      }
      if (step % 40 === 0) check(10);
    }
    check(40);
    // the default order is popularity, most popular first
    expect(walk(c, { limit: 50 })).toEqual(expected(rows, {}, "popularity", "desc", mean));
    expect(DEFAULT_ORDER.title).toBe("asc");
  });

  it("admits no unknown or deleted id, whatever the filters", () => {
    const c = new Catalog();
    c.load(row(1, { adult: 0 }));
    c.load(row(2, { adult: 0 }));
    c.finishLoad();
    c.remove(2);
    for (const f of [{}, { includeAdult: true }, { yearFrom: 1900 }, { lang: "en" }, { genres: ["Drama"], genreMode: "all" as const }]) {
      const admits = c.facts.predicate(f);
      expect([2, 3, 0].map(admits), JSON.stringify(f)).toEqual([false, false, false]);
    }
    expect(c.facts.predicate({ includeAdult: true })(1)).toBe(true);
  });

  it("ranks a 10/10 with one vote below a well-voted 8", () => {
    const c = new Catalog();
    c.load(row(1, { vote_average: 10, vote_count: 1 }));
    c.load(row(2, { vote_average: 8, vote_count: 5000 }));
    c.load(row(3, { vote_average: 5, vote_count: 5000 }));
    c.finishLoad();
    expect(c.facts.ratingMean).toBeCloseTo(6.5, 2);
    expect(browse(c, { sort: "rating", limit: 3, includeAdult: true }).cards.map((m) => m.id)).toEqual([2, 1, 3]);
  });

  it("counts facets equal to a plain count of the filtered rows", () => {
    const { c, rows } = build(800);
    for (let i = 0; i < 40; i++) {
      const f = randomFilters();
      const admitted = [...rows.values()].filter((r) => passes(r, f));
      const got = facets(c, f);
      expect(got.total).toBe(admitted.length);
      const tally = (key: (r: CatalogRow) => (string | number)[]) => {
        const m = new Map<string | number, number>();
        for (const r of admitted) for (const k of key(r)) m.set(k, (m.get(k) ?? 0) + 1);
        return m;
      };
      const asMap = (xs: { value: string | number; count: number }[]) => new Map(xs.map((x) => [x.value, x.count]));
      expect(asMap(got.data.genres)).toEqual(tally((r) => (r.genres ? r.genres.split(", ") : [])));
      expect(asMap(got.data.decades)).toEqual(tally((r) => [Math.floor(r.release_year / 10) * 10]));
      expect(asMap(got.data.languages)).toEqual(tally((r) => [r.original_language]));
      for (const list of Object.values(got.data)) expect(list.map((x) => x.count)).toEqual([...list.map((x) => x.count)].sort((a, b) => b - a));
    }
  });

  it("filters on genres past the 31 a bit mask tracks by name", () => {
    const c = new Catalog();
    for (let i = 0; i < 40; i++) c.load(row(i + 1, { genres: `G${i}, Drama`, adult: 0 }));
    c.finishLoad();
    expect(browse(c, { genres: ["G35"], limit: 10 }).cards.map((m) => m.id)).toEqual([36]);
    expect(browse(c, { genres: ["G35", "Drama"], genreMode: "all", limit: 10 }).cards.map((m) => m.id)).toEqual([36]);
    expect(browse(c, { excludeGenres: ["G33", "G34"], limit: 100 }).cards.map((m) => m.id).sort((a, b) => a - b)).toHaveLength(38);
    expect(facets(c, { genres: ["G39"] }).data.genres).toEqual([{ value: "Drama", count: 1 }, { value: "G39", count: 1 }]);
  });

  it("combines a title search with filters and sorts; relevance pages by place", () => {
    const { c } = build(300);
    const all = browse(c, { q: "alpha", limit: 100, includeAdult: true }).cards;
    expect(all.length).toBeGreaterThan(10);
    const sorted = walk(c, { q: "alpha", sort: "vote_count", order: "asc", limit: 7, runtimeMin: 50 });
    const cards = sorted.map((id) => c.card(id)!);
    expect(cards.every((m) => m.runtime >= 50 && m.title.toLowerCase().includes("alpha"))).toBe(true);
    expect(cards.map((m) => m.vote_count)).toEqual([...cards.map((m) => m.vote_count)].sort((a, b) => a - b));
    const relevance = walk(c, { q: "alpha", limit: 9 });
    expect(relevance).toEqual(browse(c, { q: "alpha", limit: 100 }).cards.map((m) => m.id));
  });

  it("refuses a cursor of another sort or order, and forged ones, with a 400 naming the cursor", () => {
    const { c } = build(50);
    const next = browse(c, { sort: "title", limit: 5 }).nextCursor!;
    const fail = (q: BrowseQuery) => {
      try {
        browse(c, q);
      } catch (err) {
        expect(err).toBeInstanceOf(InvalidInputError);
        return (err as InvalidInputError).issues;
      }
      throw new Error("accepted");
    };
    expect(fail({ sort: "rating", cursor: next, limit: 5 })[0]).toMatchObject({ path: "cursor", message: expect.stringMatching(/sort=title&order=asc/) });
    expect(fail({ sort: "title", order: "desc", cursor: next, limit: 5 })[0].path).toBe("cursor");
    for (const forged of ["abc", Buffer.from('["popularity","desc",1e999,1]').toString("base64url"), Buffer.from('["popularity","desc",1,3000000000]').toString("base64url")])
      expect(fail({ cursor: forged, limit: 5 })[0].path).toBe("cursor");
    expect(decodeCursor(encodeCursor("popularity", "desc", { key: 12.5, id: 42 }), "popularity", "desc")).toEqual({ key: 12.5, id: 42 });
  });
});
