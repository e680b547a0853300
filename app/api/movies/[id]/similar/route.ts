import { NextResponse } from "next/server";
import { idParamSchema, similarQuerySchema } from "@/lib/api/schemas";
import { parse, route, searchParams } from "@/lib/api/http";
import { similarMovies } from "@/lib/reco/service";

export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>("GET /api/movies/{id}/similar", async (req, params) => {
  const { id } = parse(idParamSchema, params);
  const query = parse(similarQuerySchema, searchParams(req));
  return NextResponse.json(await similarMovies(id, query));
});
