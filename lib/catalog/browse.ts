import { InvalidInputError, UnavailableError } from "@/lib/errors";
import type { MovieCard } from "./cards";
import type { Catalog } from "./catalog";
import { decodeCursor, encodeCursor, type PageSort } from "./cursor";
import type { CatalogFacts, RecoFilters } from "./facts";
import { compareKeys, type Position, type SortKey, type SortOrder } from "./order";

/** A catalog request: the shared filters, a title search, an order and a keyset page. */
export interface BrowseQuery extends RecoFilters {
  q?: string;
  sort?: SortKey;
  order?: SortOrder;
  cursor?: string;
  limit: number;
}

/** What a user expects first: the most popular, best rated, newest, most voted; titles A to Z. */
export const DEFAULT_ORDER: Readonly<Record<SortKey, SortOrder>> = {
  popularity: "desc",
  rating: "desc",
  release_date: "desc",
  title: "asc",
  vote_count: "desc",
};

/** A title search ranks this many matches; filters and sorts apply to them. */
const SEARCH_DEPTH = 1000;

interface BrowsePage {
  cards: MovieCard[];
  nextCursor: string | null;
}

function notReady(): UnavailableError {
  return new UnavailableError("the catalog is still loading; try again in a few seconds");
}

function orderOf(query: BrowseQuery): { sort: PageSort; order: SortOrder } {
  if (query.sort) return { sort: query.sort, order: query.order ?? DEFAULT_ORDER[query.sort] };
  if (!query.q) return { sort: "popularity", order: query.order ?? DEFAULT_ORDER.popularity };
  if (query.order === "asc")
    throw new InvalidInputError([{ path: "order", message: "a title search without `sort` is best match first; give a sort to order it" }]);
  return { sort: "relevance", order: "desc" };
}

/** Title matches that pass the filters, as slots, best match first. */
function searchSlots(catalog: Catalog, q: string, admit: (slot: number) => boolean): number[] {
  const out: number[] = [];
  for (const m of catalog.searchTitles(q, SEARCH_DEPTH)) {
    const slot = catalog.facts.slotOfId(m.id);
    if (slot !== undefined && admit(slot)) out.push(slot);
  }
  return out;
}

/** A page of title matches, by relevance (cursor key: the place in the ranked list) or a sort. */
function searchPage(catalog: Catalog, query: BrowseQuery, sort: PageSort, order: SortOrder, after: Position | undefined) {
  const { facts } = catalog;
  const slots = searchSlots(catalog, query.q!, facts.slotFilter(query));
  let start = 0;
  let keyOf = (slot: number): number | string => slots.indexOf(slot);
  if (sort === "relevance") {
    if (after) start = Number(after.key) + 1;
  } else {
    const view = facts.view(sort);
    if (!view) throw notReady();
    keyOf = view.keyOf;
    const dir = order === "asc" ? 1 : -1;
    // Keys read once each (a title key is decoded from the packed strings of a snapshot).
    const keys = new Map(slots.map((slot) => [slot, keyOf(slot)]));
    slots.sort((a, b) => dir * (compareKeys(keys.get(a)!, keys.get(b)!) || facts.idAt(a) - facts.idAt(b)));
    if (after)
      while (start < slots.length && dir * (compareKeys(keyOf(slots[start]), after.key) || facts.idAt(slots[start]) - after.id) <= 0) start++;
  }
  const page = slots.slice(start, start + query.limit);
  return { page, more: start + query.limit < slots.length, keyOf };
}

/**
 * One catalog page from memory: filters checked while walking the sort's view from the cursor,
 * so the last page of a million costs what the first does.
 */
export function browse(catalog: Catalog, query: BrowseQuery): BrowsePage {
  const { facts } = catalog;
  const { sort, order } = orderOf(query);
  const after = query.cursor ? decodeCursor(query.cursor, sort, order) : undefined;
  let slots: number[];
  let more: boolean;
  let keyOf: (slot: number) => number | string;
  if (query.q) ({ page: slots, more, keyOf } = searchPage(catalog, query, sort, order, after));
  else {
    const view = facts.view(sort as SortKey);
    if (!view) throw notReady();
    ({ slots, more } = view.page(order, after, facts.slotFilter(query), query.limit));
    keyOf = view.keyOf;
  }
  const cards = slots.map((slot) => catalog.cards.get(slot));
  const last = slots[slots.length - 1];
  return {
    cards,
    nextCursor: more && last !== undefined ? encodeCursor(sort, order, { key: keyOf(last), id: facts.idAt(last) }) : null,
  };
}

interface FacetValue<T> {
  value: T;
  count: number;
}

export interface Facets {
  data: { genres: FacetValue<string>[]; decades: FacetValue<number>[]; languages: FacetValue<string>[] };
  total: number;
}

const byCount = <T>(a: FacetValue<T>, b: FacetValue<T>) => b.count - a.count || compareKeys(String(a.value), String(b.value));

/** Counts genres, decades and languages over the slots a visitor = `each` walks. */
function count(facts: CatalogFacts, each: (visit: (slot: number) => void) => void): Facets {
  const bitCounts = new Int32Array(32);
  const overflow = new Map<string, number>();
  const decades = new Int32Array(3300);
  const langs = new Int32Array(facts.languages().length + 2);
  const names = facts.genreBitNames();
  const withBit = new Set(names.map((n) => n.toLowerCase()));
  let total = 0;
  each((slot) => {
    total++;
    let mask = facts.genreMaskAt(slot);
    if (mask & (1 << 31)) {
      for (const key of facts.genreKeysAt(slot)) if (!withBit.has(key)) overflow.set(key, (overflow.get(key) ?? 0) + 1);
      mask &= 0x7fffffff;
    }
    while (mask !== 0) {
      const bit = 31 - Math.clz32(mask & -mask);
      bitCounts[bit]++;
      mask &= mask - 1;
    }
    decades[Math.max(0, Math.floor(facts.yearAt(slot) / 10))]++;
    langs[facts.langAt(slot)]++;
  });
  const genres: FacetValue<string>[] = names.map((value, bit) => ({ value, count: bitCounts[bit] }));
  for (const [key, n] of overflow) genres.push({ value: facts.genreName(key), count: n });
  const decadeList: FacetValue<number>[] = [];
  decades.forEach((n, d) => n && decadeList.push({ value: d * 10, count: n }));
  const languages: FacetValue<string>[] = [];
  langs.forEach((n, code) => n && code && languages.push({ value: facts.langName(code), count: n }));
  return {
    data: { genres: genres.filter((g) => g.count > 0).sort(byCount), decades: decadeList.sort(byCount), languages: languages.sort(byCount) },
    total,
  };
}

/** Facet counts for the movies a filter (and title search) admits: one pass over the typed arrays. */
export function facets(catalog: Catalog, query: RecoFilters & { q?: string }): Facets {
  const { facts } = catalog;
  const admit = facts.slotFilter(query);
  if (query.q) {
    const slots = searchSlots(catalog, query.q, admit);
    return count(facts, (visit) => slots.forEach(visit));
  }
  return count(facts, (visit) => {
    for (let slot = 0, used = facts.slotCount(); slot < used; slot++) if (admit(slot)) visit(slot);
  });
}
