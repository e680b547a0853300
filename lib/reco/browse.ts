import "server-only";
import type { CatalogFacetsQuery, CatalogQuery } from "@/lib/api/catalog-schemas";
import type { MovieSummary } from "@/lib/api/schemas";
import { browse, facets, type Facets } from "@/lib/catalog/browse";
import { getRuntime } from "./runtime";
import { filtersOf, toSummary } from "./service";

interface CatalogPage {
  data: MovieSummary[];
  nextCursor: string | null;
}

/** The first version's one-year filter is the range [year, year]. */
function rangeOf<Q extends { year?: number; yearFrom?: number; yearTo?: number }>({ year, ...q }: Q) {
  return year === undefined ? q : { ...q, yearFrom: year, yearTo: year };
}

/**
 * A catalog page, sorted, filtered, searched, from the in-memory catalog (MySQL's rows as of the
 * last change the feed delivered: this replica's writes at once, others' within 5 s).
 */
export async function catalogPage(query: CatalogQuery): Promise<CatalogPage> {
  const { catalog } = await getRuntime();
  const page = browse(catalog, filtersOf(rangeOf(query), catalog.facts));
  return { data: page.cards.map(toSummary), nextCursor: page.nextCursor };
}

/** Genre, decade and language counts of the movies the filters admit. */
export async function catalogFacets(query: CatalogFacetsQuery): Promise<Facets> {
  const { catalog } = await getRuntime();
  return facets(catalog, filtersOf(rangeOf(query), catalog.facts));
}

/** Every genre name in the catalog, for the filter menus. */
export async function catalogGenres(): Promise<string[]> {
  const { catalog } = await getRuntime();
  return catalog.facts.genreNamesAsWritten();
}
