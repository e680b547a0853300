import { NextResponse } from "next/server";
import { idParamSchema, movieInputSchema, moviePatchSchema } from "@/lib/api/schemas";
import { cachedJson } from "@/lib/api/caching";
import { jsonBody, parse, requireAdmin, route } from "@/lib/api/http";
import { NotFoundError } from "@/lib/errors";
import { deleteMovie, patchMovie, replaceMovie } from "@/lib/movies/mutations";
import { getMovie } from "@/lib/movies/queries";
import { getRuntime } from "@/lib/reco/runtime";

export const dynamic = "force-dynamic";
type Params = { id: string };

export const GET = route<Params>("GET /api/movies/{id}", async (req, params) => {
  const { id } = parse(idParamSchema, params);
  return cachedJson(req, (await getRuntime()).version(), async () => {
    const movie = await getMovie(id);
    if (!movie) throw new NotFoundError(`movie ${id}`);
    return { data: movie };
  });
});

export const PUT = route<Params>("PUT /api/movies/{id}", async (req, params) => {
  await requireAdmin(req);
  const { id } = parse(idParamSchema, params);
  const input = parse(movieInputSchema, await jsonBody(req));
  return NextResponse.json({ data: await replaceMovie(id, input) });
});

export const PATCH = route<Params>("PATCH /api/movies/{id}", async (req, params) => {
  await requireAdmin(req);
  const { id } = parse(idParamSchema, params);
  const patch = parse(moviePatchSchema, await jsonBody(req));
  return NextResponse.json({ data: await patchMovie(id, patch) });
});

export const DELETE = route<Params>("DELETE /api/movies/{id}", async (req, params) => {
  await requireAdmin(req);
  const { id } = parse(idParamSchema, params);
  await deleteMovie(id);
  return new NextResponse(null, { status: 204 });
});
