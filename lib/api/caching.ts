import { NextResponse, type NextRequest } from "next/server";

/**
 * Anonymous reads may be cached briefly by browsers and a CDN: 2 s fresh, 3 s more served stale
 * while revalidating, so nothing outlives the 5 s in which every replica sees a write.
 */
const PUBLIC_CACHE = "public, max-age=2, stale-while-revalidate=3";

function etagOf(version: string): string {
  return `W/"${version}"`;
}

function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((t) => {
    const tag = t.trim();
    return tag === "*" || tag === etag || `W/${tag}` === etag;
  });
}

/**
 * A JSON GET keyed to the catalog's version: a client (or CDN) holding the current version gets
 * a 304 without the answer being computed; anything else gets the body with ETag and Cache-Control.
 */
export async function cachedJson(req: NextRequest, version: string, body: () => Promise<unknown>): Promise<Response> {
  const etag = etagOf(version);
  const headers = { ETag: etag, "Cache-Control": PUBLIC_CACHE };
  if (matches(req.headers.get("if-none-match"), etag)) return new NextResponse(null, { status: 304, headers });
  return NextResponse.json(await body(), { headers });
}
