/**
 * Step `catalog`, in-process: the in-memory catalog loaded from the bench database (as a server
 * boots), then the first and the last page of every sort in both orders (the last one reached by
 * a cursor on the view's far end, as a client walking there would hold), plain and filtered,
 * and facet counts for a few filters. p50/p99 over `rounds` repetitions each.
 */
import { createPool } from "@/db/client";
import { browse, facets, type BrowseQuery } from "@/lib/catalog/browse";
import type { Catalog } from "@/lib/catalog/catalog";
import { encodeCursor } from "@/lib/catalog/cursor";
import type { RecoFilters } from "@/lib/catalog/facts";
import { SORT_KEYS, type SortOrder } from "@/lib/catalog/order";
import { loadCatalog } from "@/lib/catalog/sync";
import { log, percentile, round, selfRssMb } from "./util";

interface LatencyFigures {
  name: string;
  p50Ms: number;
  p99Ms: number;
  results: number;
}

export interface CatalogFigures {
  movies: number;
  loadMs: number;
  /** Of the load: building the five sorted views (and the rating mean). */
  viewsMs: number;
  rssMb: number;
  pages: LatencyFigures[];
  facets: LatencyFigures[];
}

/** A filter typical of the site: two genres, a decade, enough votes. */
const FILTERED: RecoFilters = { genres: ["Drama", "Comedy"], yearFrom: 1990, yearTo: 1999, minVotes: 10 };
const FACET_FILTERS: [string, RecoFilters][] = [
  ["none", {}],
  ["genre", { genres: ["Drama"] }],
  ["lang + years", { lang: "en", yearFrom: 2000, yearTo: 2009 }],
  ["all filters", { ...FILTERED, excludeGenres: ["Horror"], minRating: 6, runtimeMin: 80, runtimeMax: 150, genreMode: "all" }],
];

function time<T>(rounds: number, fn: () => T): { p50Ms: number; p99Ms: number; last: T } {
  const ms: number[] = [];
  let last!: T;
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    last = fn();
    ms.push(performance.now() - t);
  }
  return { p50Ms: round(percentile(ms, 50), 3), p99Ms: round(percentile(ms, 99), 3), last };
}

/**
 * The cursor a client walking to the end would hold before the last page: the admitted movie
 * just before the last `limit` admitted ones, found from the view's far end.
 */
function lastPageCursor(catalog: Catalog, q: BrowseQuery & { sort: (typeof SORT_KEYS)[number]; order: SortOrder }): string | undefined {
  const view = catalog.facts.view(q.sort)!;
  const admit = catalog.facts.slotFilter(q);
  const step = q.order === "asc" ? -1 : 1;
  let seen = 0;
  for (let i = q.order === "asc" ? view.size - 1 : 0; i >= 0 && i < view.size; i += step) {
    const slot = view.at(i);
    if (admit(slot) && ++seen > q.limit) return encodeCursor(q.sort, q.order, { key: view.keyOf(slot), id: catalog.facts.idAt(slot) });
  }
  return undefined;
}

export async function runCatalogStep(o: { databaseUrl: string; rounds: number; limit?: number }): Promise<CatalogFigures> {
  const pool = createPool(o.databaseUrl);
  const limit = o.limit ?? 50;
  try {
    const t = performance.now();
    const { catalog } = await loadCatalog(pool, 0);
    const loadMs = round(performance.now() - t, 0);
    // The views alone, rebuilt once more to time them apart from reading MySQL.
    const viewsMs = round(time(1, () => catalog.facts.finishLoad()).p50Ms, 0);
    log(`catalog: ${catalog.size} movies loaded in ${loadMs} ms (views ${viewsMs} ms)`);
    const pages: LatencyFigures[] = [];
    const measure = (name: string, q: BrowseQuery) => {
      const r = time(o.rounds, () => browse(catalog, q));
      pages.push({ name, p50Ms: r.p50Ms, p99Ms: r.p99Ms, results: r.last.cards.length });
    };
    for (const sort of SORT_KEYS)
      for (const order of ["asc", "desc"] as const) {
        for (const [label, filters] of [["", {}], [", filtered", FILTERED]] as const) {
          const q = { ...filters, sort, order, limit };
          measure(`${sort} ${order}: first page${label}`, q);
          measure(`${sort} ${order}: last page${label}`, { ...q, cursor: lastPageCursor(catalog, q) });
        }
      }
    const facetFigures = FACET_FILTERS.map(([name, f]) => {
      const r = time(o.rounds, () => facets(catalog, f));
      return { name, p50Ms: r.p50Ms, p99Ms: r.p99Ms, results: r.last.total };
    });
    for (const p of [...pages, ...facetFigures]) log(`  ${p.name}: p50 ${p.p50Ms} ms, p99 ${p.p99Ms} ms (${p.results})`);
    return { movies: catalog.size, loadMs, viewsMs, rssMb: selfRssMb(), pages, facets: facetFigures };
  } finally {
    await pool.end();
  }
}
