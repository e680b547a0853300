import { RateLimiterMemory } from "rate-limiter-flexible";
import { omdbApiKey, omdbBaseUrl } from "@/lib/config";
import { safePosterUrl } from "./hosts";

const OMDB_TIMEOUT_MS = 2000;
/** An OMDB answer is ~1 KB; anything near this is not one, and is not read further. */
const OMDB_MAX_BYTES = 32 * 1024;

/**
 * What OMDB said about one IMDb id: a usable poster, none (no poster, or one we will not redirect
 * to: not https, not an allowed image host), or failed (no key, over budget, timeout, error,
 * oversized answer): a failure is transient and must not be cached as "none".
 */
export type OmdbLookup = { kind: "poster"; url: string } | { kind: "none" } | { kind: "failed"; reason: string };

type BudgetGlobal = { __omdbBudget?: RateLimiterMemory };
const g = globalThis as BudgetGlobal;

/**
 * Lookups a process may spend per minute (OMDB_LOOKUPS_PER_MINUTE, default 60): a client walking
 * every movie's poster then falls back to TMDB images instead of draining the key's daily quota.
 */
function budget(): RateLimiterMemory {
  const perMinute = Number(process.env.OMDB_LOOKUPS_PER_MINUTE) || 60;
  return (g.__omdbBudget ??= new RateLimiterMemory({ keyPrefix: "omdb", points: perMinute, duration: 60 }));
}

/** The body as text, or undefined when it is larger than `limit` bytes (the rest is not read). */
async function readCapped(res: Response, limit: number): Promise<string | undefined> {
  if (Number(res.headers.get("content-length")) > limit) {
    await res.body?.cancel();
    return undefined;
  }
  const reader = res.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function fetchOmdbPoster(imdbId: string): Promise<OmdbLookup> {
  const key = omdbApiKey();
  if (!key) return { kind: "failed", reason: "no OMDB_API_KEY" };
  if (!(await budget().consume("lookups").then(() => true, () => false))) return { kind: "failed", reason: "lookup budget spent" };
  const url = new URL(omdbBaseUrl());
  url.searchParams.set("apikey", key);
  url.searchParams.set("i", imdbId);
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(OMDB_TIMEOUT_MS), cache: "no-store", redirect: "error" });
    if (!res.ok) {
      await res.body?.cancel();
      return { kind: "failed", reason: `HTTP ${res.status}` };
    }
    const text = await readCapped(res, OMDB_MAX_BYTES);
    if (text === undefined) return { kind: "failed", reason: `answer over ${OMDB_MAX_BYTES} bytes` };
    const body = JSON.parse(text) as { Poster?: unknown };
    const poster = safePosterUrl(body?.Poster);
    return poster ? { kind: "poster", url: poster } : { kind: "none" };
  } catch (err) {
    return { kind: "failed", reason: (err as Error).name === "TimeoutError" ? "timeout" : (err as Error).message };
  }
}
