/**
 * Image hosts a poster redirect may point at: OMDB's (Amazon's IMDb image CDN) and TMDB's.
 * POSTER_HOSTS (comma-separated host names) adds more, e.g. a mirror, or a test's fake host.
 */
const DEFAULT_POSTER_HOSTS = ["m.media-amazon.com", "ia.media-imdb.com", "img.omdbapi.com", "image.tmdb.org"];

/** poster_cache.url is a VARCHAR(1000). */
const MAX_POSTER_URL_LENGTH = 1000;

let configured: { raw: string | undefined; hosts: Set<string> } | undefined;

/** Parsed once per value of POSTER_HOSTS (read lazily, like the rest of the configuration). */
function allowedHosts(): Set<string> {
  const raw = process.env.POSTER_HOSTS;
  if (!configured || configured.raw !== raw) {
    const extra = (raw ?? "").split(",").map((h) => h.trim().toLowerCase()).filter(Boolean);
    configured = { raw, hosts: new Set([...DEFAULT_POSTER_HOSTS, ...extra]) };
  }
  return configured.hosts;
}

/**
 * The URL, normalised, when it is safe to redirect a browser to: https on the default port, an
 * allowed image host, no credentials, at most MAX_POSTER_URL_LENGTH characters. Else undefined
 * (plain http, javascript:, any other host, "user@host" tricks, OMDB's "N/A", non-strings).
 */
export function safePosterUrl(raw: unknown): string | undefined {
  if (typeof raw !== "string" || raw.length > MAX_POSTER_URL_LENGTH) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" || url.port !== "" || url.username || url.password) return undefined;
  if (!allowedHosts().has(url.hostname)) return undefined;
  const href = url.href;
  return href.length <= MAX_POSTER_URL_LENGTH ? href : undefined;
}
