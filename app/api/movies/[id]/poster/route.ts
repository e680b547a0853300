import { NextResponse } from "next/server";
import { idParamSchema } from "@/lib/api/schemas";
import { parse, route } from "@/lib/api/http";
import { posterUrlFor, PLACEHOLDER } from "@/lib/posters/resolve";

export const dynamic = "force-dynamic";

/** Redirects to the poster; unknown movies and every failure land on the local placeholder. */
export const GET = route<{ id: string }>("GET /api/movies/{id}/poster", async (req, params) => {
  const parsed = idParamSchema.safeParse(params);
  const url = parsed.success ? await posterUrlFor(parsed.data.id) : PLACEHOLDER;
  const target = url.startsWith("/") ? new URL(url, req.nextUrl.origin) : url;
  return NextResponse.redirect(target, { status: 302, headers: { "Cache-Control": "public, max-age=3600" } });
});
