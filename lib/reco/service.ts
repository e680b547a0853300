import "server-only";
import type { Recommendation, RecommendBody, SimilarQuery } from "@/lib/api/schemas";
import type { MovieCard } from "@/lib/catalog/cards";
import type { CatalogFacts, RecoFilters } from "@/lib/catalog/facts";
import { InvalidInputError, NotFoundError, UnavailableError } from "@/lib/errors";
import type { MovieSummary } from "@/lib/movies/schema";
import type { Neighbour } from "./engine";
import { explain } from "./reasons";
import { FIX_INDEX_HINT, getRuntime, type RecoRuntime } from "./runtime";

export function toSummary(m: MovieSummary): MovieSummary {
  const { id, title, release_date, vote_average, vote_count, popularity, runtime, genres, poster_path, original_language, adult } = m;
  return { id, title, release_date, vote_average, vote_count, popularity, runtime, genres, poster_path, original_language, adult };
}

export function engineOf(runtime: RecoRuntime) {
  if (!runtime.engine) {
    const reason = runtime.health().index.reason ?? "the recommendation index is still loading";
    throw new UnavailableError(`recommendations are unavailable: ${reason}`, FIX_INDEX_HINT);
  }
  return runtime.engine;
}

/**
 * The request's filters, checked against the catalog: a genre or language no movie has is a
 * mistake worth naming (with the valid values), not an empty list.
 */
export function filtersOf<Q extends RecoFilters>(q: Q, facts: CatalogFacts, field = ""): Q & { includeAdult: boolean } {
  const unknown = facts.unknownNames(q, field);
  if (unknown.length) throw new InvalidInputError(unknown);
  return { ...q, includeAdult: q.includeAdult === true };
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
  if (!seed || !found) throw new NotFoundError(`movie ${id}`);
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
  if (!seeds.length) throw new NotFoundError(`movies ${body.like.join(", ")}`);
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
  if (!best) throw new NotFoundError(`no movie title matches "${title}"`);
  const { data } = await similarMovies(best.id, { limit });
  return { match: best, alternatives: hits.slice(1), data };
}
