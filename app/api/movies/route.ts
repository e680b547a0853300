import { NextResponse } from "next/server";
import { listQuerySchema, movieInputSchema } from "@/lib/api/schemas";
import { jsonBody, parse, requireAdmin, route, searchParams } from "@/lib/api/http";
import { createMovie } from "@/lib/movies/mutations";
import { listMovies } from "@/lib/movies/queries";
import { titleMatchIds } from "@/lib/reco/service";

export const dynamic = "force-dynamic";

export const GET = route("GET /api/movies", async (req) => {
  const { q, ...query } = parse(listQuerySchema, searchParams(req));
  const matchIds = q ? await titleMatchIds(q) : undefined;
  return NextResponse.json(await listMovies(query, matchIds));
});

export const POST = route("POST /api/movies", async (req) => {
  await requireAdmin(req);
  const input = parse(movieInputSchema, await jsonBody(req));
  const movie = await createMovie(input);
  return NextResponse.json({ data: movie }, { status: 201, headers: { Location: `/api/movies/${movie.id}` } });
});
