import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import { getDb } from "@/db/client";
import { movies, posterCache } from "@/db/schema";
import { logger } from "@/lib/log/logger";
import { safePosterUrl } from "./hosts";
import { fetchOmdbPoster, type OmdbLookup } from "./omdb";

export const PLACEHOLDER = "/no-poster.svg";
const TMDB_IMAGE_BASE = "https://image.tmdb.org/t/p/w342";
/** OMDB's answer (a poster or none) is kept in MySQL this long, shared by every replica. */
const OMDB_CACHE_TTL_MS = 24 * 3600_000;
/**
 * A movie's resolved poster is kept in memory this long: this process forgets it at once on an
 * edit or delete (forgetPoster), other replicas converge within this time.
 */
export const MEMORY_TTL_MS = 5 * 60_000;

/** After an OMDB failure (timeout, error, budget) the fallback is served this long, then OMDB is asked again. */
function retryAfterMs(): number {
  const n = Number(process.env.POSTER_RETRY_MS);
  return Number.isFinite(n) && n >= 100 ? n : 60_000;
}

/** The TMDB image for a stored poster_path, else the placeholder. */
function chooseFallback(posterPath: string | null | undefined): string {
  return (posterPath && safePosterUrl(`${TMDB_IMAGE_BASE}${posterPath}`)) || PLACEHOLDER;
}

async function omdbCached(imdbId: string): Promise<OmdbLookup> {
  const [hit] = await getDb().select().from(posterCache).where(eq(posterCache.imdb_id, imdbId)).limit(1);
  if (hit && Date.now() - hit.fetched_at.getTime() < OMDB_CACHE_TTL_MS) {
    // Re-checked: a row cached before the host allow-list (or with a host since removed) is not followed.
    const url = safePosterUrl(hit.url);
    return url ? { kind: "poster", url } : { kind: "none" };
  }
  const found = await fetchOmdbPoster(imdbId);
  if (found.kind === "failed") {
    logger().warn({ imdbId, reason: found.reason }, "OMDB lookup failed; serving the fallback poster for now");
    return found;
  }
  const url = found.kind === "poster" ? found.url : null;
  await getDb()
    .insert(posterCache)
    .values({ imdb_id: imdbId, url, fetched_at: new Date() })
    .onDuplicateKeyUpdate({ set: { url, fetched_at: new Date() } });
  return found;
}

/** OMDB by IMDb id when it has a poster, else the TMDB image, else the placeholder; deleted movies get the placeholder. */
async function lookUp(id: number): Promise<{ url: string; transient: boolean }> {
  try {
    const [row] = await getDb()
      .select({ imdb_id: movies.imdb_id, poster_path: movies.poster_path })
      .from(movies)
      .where(and(eq(movies.id, id), isNull(movies.deleted_at)))
      .limit(1);
    if (!row) return { url: PLACEHOLDER, transient: false };
    const omdb: OmdbLookup = row.imdb_id
      ? await omdbCached(row.imdb_id).catch((err: Error) => ({ kind: "failed", reason: err.message }) as const)
      : { kind: "none" };
    return { url: omdb.kind === "poster" ? omdb.url : chooseFallback(row.poster_path), transient: omdb.kind === "failed" };
  } catch {
    return { url: PLACEHOLDER, transient: true };
  }
}

type CacheGlobal = { __posterCache?: LRUCache<number, string> };
const g = globalThis as CacheGlobal;

/** Concurrent requests for one movie share one lookup (lru-cache's fetch de-duplicates in-flight keys). */
function cache(): LRUCache<number, string> {
  return (g.__posterCache ??= new LRUCache<number, string>({
    max: 50_000,
    ttl: MEMORY_TTL_MS,
    fetchMethod: async (id, _stale, { options }) => {
      const { url, transient } = await lookUp(id);
      if (transient) options.ttl = retryAfterMs();
      return url;
    },
  }));
}

/** Never throws: a failing database or OMDB degrades to the TMDB image or the placeholder. */
export async function posterUrlFor(id: number): Promise<string> {
  try {
    return (await cache().fetch(id)) ?? PLACEHOLDER;
  } catch {
    // The lookup was cancelled by forgetPoster (an edit or delete meanwhile): answer from the new state.
    return (await lookUp(id)).url;
  }
}

/** Drops a movie's resolved poster so its next request reflects an edit or delete made here. */
export function forgetPoster(id: number): void {
  cache().delete(id);
}
