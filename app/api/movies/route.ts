import { NextResponse } from "next/server";
import { catalogQuerySchema } from "@/lib/api/catalog-schemas";
import { movieInputSchema } from "@/lib/api/schemas";
import { cachedJson } from "@/lib/api/caching";
import { jsonBody, parse, requireAdmin, route, searchParams } from "@/lib/api/http";
import { createMovie } from "@/lib/movies/mutations";
import { getRuntime } from "@/lib/reco/runtime";
import { catalogPage } from "@/lib/reco/browse";

export const dynamic = "force-dynamic";

export const GET = route("GET /api/movies", async (req) => {
  const query = parse(catalogQuerySchema, searchParams(req));
  return cachedJson(req, (await getRuntime()).version(), () => catalogPage(query));
});

export const POST = route("POST /api/movies", async (req) => {
  await requireAdmin(req);
  const input = parse(movieInputSchema, await jsonBody(req));
  const movie = await createMovie(input);
  return NextResponse.json({ data: movie }, { status: 201, headers: { Location: `/api/movies/${movie.id}` } });
});
