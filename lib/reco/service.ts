import "server-only";
import { ApiError, notFound } from "@/lib/api/errors";
import type { ListQuery, MovieSummary, Recommendation, RecommendBody, SimilarQuery } from "@/lib/api/schemas";
import type { MovieCard } from "@/lib/catalog/cards";
import type { CatalogFacts, RecoFilters } from "@/lib/catalog/facts";
import { encodeCursor, listMovies, type CatalogPage } from "@/lib/movies/queries";
import type { Neighbour } from "./engine";
import { explain } from "./reasons";
import { FIX_INDEX_HINT, getRuntime, type RecoRuntime } from "./runtime";

export function toSummary(m: MovieSummary): MovieSummary {
  const { id, title, release_date, vote_average, vote_count, popularity, genres, poster_path, original_language, adult } = m;
  return { id, title, release_date, vote_average, vote_count, popularity, genres, poster_path, original_language, adult };
}

export function engineOf(runtime: RecoRuntime) {
  if (!runtime.engine) {
    const reason = runtime.health().index.reason ?? "the recommendation index is still loading";
    throw new ApiError("unavailable", `recommendations are unavailable: ${reason}`, { hint: FIX_INDEX_HINT });
  }
  return runtime.engine;
}

/**
 * The request's filters, checked against the catalog: a genre or language no movie has is a
 * mistake worth naming (with the valid values), not an empty list.
 */
function filtersOf(q: Omit<SimilarQuery, "limit">, facts: CatalogFacts, field = ""): RecoFilters {
  const filters = { ...q, includeAdult: q.includeAdult === true };
  // While the catalog is still loading nothing is known yet: let the filter through.
  if (facts.size === 0) return filters;
  const unknown: { path: string; message: string }[] = [];
  if (q.genre !== undefined && !facts.knowsGenre(q.genre))
    unknown.push({ path: `${field}genre`, message: `unknown genre "${q.genre}"; valid: ${facts.genres().join(", ")}` });
  if (q.lang !== undefined && !facts.knowsLanguage(q.lang))
    unknown.push({ path: `${field}lang`, message: `no movie has original language "${q.lang}"; valid: ${facts.languages().join(", ")}` });
  if (unknown.length) throw new ApiError("bad_request", "invalid request", unknown);
  return filters;
}

/** Neighbours -> summaries with score and reasons, from the in-memory cards. */
export function present(seeds: MovieCard[], found: Neighbour[], cards: Map<number, MovieCard>, filters: RecoFilters): Recommendation[] {
  const out: Recommendation[] = [];
  for (const n of found) {
    const m = cards.get(n.id);
    if (!m) continue;
    // Genres past the 31 the facts track share a bit: check the card itself.
    if (filters.genre && !m.genres.some((g) => g.toLowerCase() === filters.genre!.toLowerCase())) continue;
    out.push({ ...toSummary(m), score: Math.round(n.score * 10_000) / 10_000, reasons: explain(seeds, m) });
  }
  return out;
}

export async function similarMovies(id: number, query: SimilarQuery): Promise<{ movie: MovieSummary; data: Recommendation[] }> {
  const runtime = await getRuntime();
  const engine = engineOf(runtime);
  const { limit, diversity, ...rest } = query;
  const filters = filtersOf(rest, runtime.catalog.facts);
  const seed = runtime.catalog.card(id);
  const found = seed && engine.similar(id, limit, filters, { diversity });
  if (!seed || !found) throw notFound(`movie ${id}`);
  const cards = runtime.catalog.cardsOf(found.map((n) => n.id));
  return { movie: toSummary(seed), data: present([seed], found, cards, filters) };
}

/**
 * More like `like`, less like `unlike`, never any of them nor `exclude`. Unknown or deleted ids
 * are ignored (a visitor's stored profile outlives movies); a 404 only when no liked movie exists.
 */
export async function recommendFromLikes(body: RecommendBody): Promise<{ data: Recommendation[] }> {
  const runtime = await getRuntime();
  const engine = engineOf(runtime);
  const filters = filtersOf(body.filters, runtime.catalog.facts, "filters.");
  const seeds = [...runtime.catalog.cardsOf(body.like).values()];
  if (!seeds.length) throw notFound(`movies ${body.like.join(", ")}`);
  const found = engine.recommend(body.like, body.unlike, body.limit, filters, { exclude: body.exclude, diversity: body.diversity });
  return { data: present(seeds, found, runtime.catalog.cardsOf(found.map((n) => n.id)), filters) };
}

export interface SearchHit extends MovieSummary {
  match: number;
}

/** Title matches, best first; adult titles are left out (as everywhere unless asked). */
export async function searchTitles(q: string, limit: number): Promise<SearchHit[]> {
  const { catalog } = await getRuntime();
  // Over-fetch a little: adult titles are dropped after the lookup.
  const matches = catalog.searchTitles(q, limit * 2 + 5);
  const hits: SearchHit[] = [];
  for (const m of matches) {
    const card = catalog.card(m.id);
    if (card && !card.adult) hits.push({ ...toSummary(card), match: Math.round(m.score * 1000) / 1000 });
    if (hits.length === limit) break;
  }
  return hits;
}

export async function recommendByTitle(
  title: string,
  limit: number,
): Promise<{ match: SearchHit; alternatives: SearchHit[]; data: Recommendation[] }> {
  const hits = await searchTitles(title, 6);
  const best = hits[0];
  if (!best) throw notFound(`no movie title matches "${title}"`);
  const { data } = await similarMovies(best.id, { limit });
  return { match: best, alternatives: hits.slice(1), data };
}

/**
 * A catalog page. The first page of the default order (the site's front page) comes from memory;
 * filtered, searched and later pages are keyset queries on MySQL.
 */
export async function catalogPage(query: ListQuery): Promise<CatalogPage> {
  const { q, ...rest } = query;
  const runtime = await getRuntime();
  const plain = !q && !rest.cursor && !rest.genre && rest.year === undefined && !rest.lang;
  if (plain && runtime.health().catalog === "ready") {
    const { cards, more } = runtime.catalog.firstPage(rest.limit);
    const last = cards[cards.length - 1];
    return { data: cards.map(toSummary), nextCursor: more && last ? encodeCursor(last) : null };
  }
  return listMovies(rest, q ? runtime.catalog.searchTitles(q, 1000).map((m) => m.id) : undefined);
}
