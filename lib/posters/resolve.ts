import "server-only";
import { eq } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import { getDb } from "@/db/client";
import { movies, posterCache } from "@/db/schema";
import { fetchOmdbPoster } from "./omdb";

export const PLACEHOLDER = "/no-poster.svg";
export const TMDB_IMAGE_BASE = "https://image.tmdb.org/t/p/w342";
const TTL_MS = 24 * 3600_000;

type CacheGlobal = { __posterCache?: LRUCache<number, string> };
const g = globalThis as CacheGlobal;
const cache = () => (g.__posterCache ??= new LRUCache<number, string>({ max: 50_000, ttl: TTL_MS }));

/** OMDB by IMDb id when a key is set, else the TMDB image path, else the placeholder. */
export function chooseFallback(posterPath: string | null | undefined): string {
  return posterPath ? `${TMDB_IMAGE_BASE}${posterPath}` : PLACEHOLDER;
}

async function omdbCached(imdbId: string): Promise<string | undefined | null> {
  const [hit] = await getDb().select().from(posterCache).where(eq(posterCache.imdb_id, imdbId)).limit(1);
  if (hit && Date.now() - hit.fetched_at.getTime() < TTL_MS) return hit.url ?? undefined;
  const found = await fetchOmdbPoster(imdbId);
  if (found !== null) {
    await getDb()
      .insert(posterCache)
      .values({ imdb_id: imdbId, url: found ?? null, fetched_at: new Date() })
      .onDuplicateKeyUpdate({ set: { url: found ?? null, fetched_at: new Date() } });
  }
  return found;
}

/** Never throws: a failing database or OMDB degrades to the TMDB image or the placeholder. */
export async function posterUrlFor(id: number): Promise<string> {
  const cached = cache().get(id);
  if (cached) return cached;
  let url = PLACEHOLDER;
  try {
    const [row] = await getDb()
      .select({ imdb_id: movies.imdb_id, poster_path: movies.poster_path })
      .from(movies)
      .where(eq(movies.id, id))
      .limit(1);
    if (!row) return PLACEHOLDER;
    const omdb = row.imdb_id ? await omdbCached(row.imdb_id).catch(() => null) : null;
    url = omdb ?? chooseFallback(row.poster_path);
  } catch {
    return PLACEHOLDER;
  }
  cache().set(id, url);
  return url;
}
