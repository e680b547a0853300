import { omdbApiKey, omdbBaseUrl } from "@/lib/config";

export const OMDB_TIMEOUT_MS = 2000;

/**
 * The poster URL OMDB knows for an IMDb id; undefined when it has none, null when OMDB could not
 * be asked (no key, timeout, error) so the caller does not cache a transient failure as "none".
 */
export async function fetchOmdbPoster(imdbId: string): Promise<string | undefined | null> {
  const key = omdbApiKey();
  if (!key) return null;
  const url = new URL(omdbBaseUrl());
  url.searchParams.set("apikey", key);
  url.searchParams.set("i", imdbId);
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(OMDB_TIMEOUT_MS), cache: "no-store" });
    if (!res.ok) return null;
    const body = (await res.json()) as { Poster?: unknown; Response?: unknown };
    const poster = typeof body.Poster === "string" ? body.Poster : "";
    return /^https?:\/\//.test(poster) ? poster : undefined;
  } catch {
    return null;
  }
}
