import { NextResponse } from "next/server";
import { idParamSchema } from "@/lib/api/schemas";
import { route } from "@/lib/api/http";
import { posterUrlFor, PLACEHOLDER } from "@/lib/posters/resolve";

export const dynamic = "force-dynamic";

/**
 * Redirects to the poster; unknown movies and every failure land on the local placeholder. The
 * placeholder's Location stays relative so it resolves against the host the browser used.
 */
export const GET = route<{ id: string }>("GET /api/movies/{id}/poster", async (_req, params) => {
  const parsed = idParamSchema.safeParse(params);
  const url = parsed.success ? await posterUrlFor(parsed.data.id) : PLACEHOLDER;
  return new NextResponse(null, { status: 302, headers: { Location: url, "Cache-Control": "public, max-age=3600" } });
});
