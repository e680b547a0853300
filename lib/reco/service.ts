import "server-only";
import { ApiError, notFound } from "@/lib/api/errors";
import type { MovieSummary, Recommendation, RecommendBody, SimilarQuery } from "@/lib/api/schemas";
import { getMoviesByIds, getRecoRows, getSummariesByIds, type RecoRow } from "@/lib/movies/queries";
import type { CatalogMeta, RecoFilters } from "./catalog-meta";
import type { Neighbour } from "./engine";
import { explain } from "./reasons";
import { FIX_INDEX_HINT, getRuntime, type RecoRuntime } from "./runtime";

export function toSummary(m: MovieSummary): MovieSummary {
  const { id, title, release_date, vote_average, vote_count, popularity, genres, poster_path, original_language, adult } = m;
  return { id, title, release_date, vote_average, vote_count, popularity, genres, poster_path, original_language, adult };
}

async function engineOf(runtime: RecoRuntime) {
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
function filtersOf(q: Omit<SimilarQuery, "limit">, meta: CatalogMeta, field = ""): RecoFilters {
  const unknown: { path: string; message: string }[] = [];
  // While the catalog facts are still loading nothing is known yet: let the filter through.
  if (meta.size === 0) return { ...q, includeAdult: q.includeAdult === true };
  if (q.genre !== undefined && !meta.knowsGenre(q.genre))
    unknown.push({ path: `${field}genre`, message: `unknown genre "${q.genre}"; valid: ${meta.genres().join(", ")}` });
  if (q.lang !== undefined && !meta.knowsLanguage(q.lang))
    unknown.push({ path: `${field}lang`, message: `no movie has original language "${q.lang}"; valid: ${meta.languages().join(", ")}` });
  if (unknown.length) throw new ApiError("bad_request", "invalid request", unknown);
  return { ...q, includeAdult: q.includeAdult === true };
}

/** Neighbours -> summaries with score and reasons, re-checked against the stored rows. */
function present(seeds: RecoRow[], found: Neighbour[], rows: Map<number, RecoRow>, filters: RecoFilters): Recommendation[] {
  const out: Recommendation[] = [];
  for (const n of found) {
    const m = rows.get(n.id);
    if (!m) continue;
    if (filters.genre && !m.genres.some((g) => g.toLowerCase() === filters.genre!.toLowerCase())) continue;
    out.push({ ...toSummary(m), score: Math.round(n.score * 10_000) / 10_000, reasons: explain(seeds, m) });
  }
  return out;
}

export async function similarMovies(id: number, query: SimilarQuery): Promise<{ movie: MovieSummary; data: Recommendation[] }> {
  const runtime = await getRuntime();
  const engine = await engineOf(runtime);
  const { limit, ...rest } = query;
  const filters = filtersOf(rest, runtime.meta);
  let found = engine.similar(id, limit, filters);
  if (!found) {
    // Not in this process's index (e.g. created while it was unavailable): vectorise it now.
    const stored = (await getMoviesByIds([id])).get(id);
    if (!stored) throw notFound(`movie ${id}`);
    runtime.applyMovie(stored);
    found = engine.similar(id, limit, filters) ?? [];
  }
  // One query for the seed and its neighbours: the stored rows are the truth (a row deleted
  // through another replica a moment ago is dropped here).
  const rows = await getRecoRows([id, ...found.map((n) => n.id)]);
  const seed = rows.get(id);
  if (!seed) throw notFound(`movie ${id}`);
  return { movie: toSummary(seed), data: present([seed], found, rows, filters) };
}

export async function recommendFromLikes(body: RecommendBody): Promise<{ data: Recommendation[] }> {
  const runtime = await getRuntime();
  const engine = await engineOf(runtime);
  const filters = filtersOf(body.filters, runtime.meta, "filters.");
  const found = engine.recommend(body.like, body.unlike, body.limit, filters);
  const rows = await getRecoRows([...body.like, ...found.map((n) => n.id)]);
  const seeds = body.like.flatMap((id) => rows.get(id) ?? []);
  if (!seeds.length) throw notFound(`movies ${body.like.join(", ")}`);
  return { data: present(seeds, found, rows, filters) };
}

export interface SearchHit extends MovieSummary {
  match: number;
}

/** Title matches, best first; adult titles are left out (as everywhere unless asked). */
export async function searchTitles(q: string, limit: number): Promise<SearchHit[]> {
  const runtime = await getRuntime();
  // Over-fetch a little: adult or just-deleted titles are dropped after the lookup.
  const matches = runtime.titles.search(q, limit * 2 + 5);
  const rows = await getSummariesByIds(matches.map((m) => m.id));
  const hits: SearchHit[] = [];
  for (const m of matches) {
    const s = rows.get(m.id);
    if (s && !s.adult) hits.push({ ...s, match: Math.round(m.score * 1000) / 1000 });
    if (hits.length === limit) break;
  }
  return hits;
}

/** Ids of the title matches for a catalog `q` filter (typo tolerant, like the search box). */
export async function titleMatchIds(q: string, limit = 1000): Promise<number[]> {
  const runtime = await getRuntime();
  return runtime.titles.search(q, limit).map((m) => m.id);
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
