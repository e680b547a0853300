import { NextResponse } from "next/server";
import { idParamSchema } from "@/lib/api/schemas";
import { route } from "@/lib/api/http";
import { MEMORY_TTL_MS, posterUrlFor, PLACEHOLDER } from "@/lib/posters/resolve";

export const dynamic = "force-dynamic";

/** Browsers keep a redirect as long as the server does, so an edited or deleted movie's poster changes within it. */
const CACHE_CONTROL = `public, max-age=${MEMORY_TTL_MS / 1000}`;

/**
 * Redirects to the poster (https, allowed image hosts only); unknown or deleted movies and every
 * failure land on the local placeholder. The placeholder's Location stays relative so it
 * resolves against the host the browser used.
 */
export const GET = route<{ id: string }>("GET /api/movies/{id}/poster", async (_req, params) => {
  const parsed = idParamSchema.safeParse(params);
  const url = parsed.success ? await posterUrlFor(parsed.data.id) : PLACEHOLDER;
  return new NextResponse(null, { status: 302, headers: { Location: url, "Cache-Control": CACHE_CONTROL } });
});
