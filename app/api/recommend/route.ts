import { NextResponse } from "next/server";
import { recommendBodySchema, recommendByTitleQuerySchema } from "@/lib/api/schemas";
import { jsonBody, parse, route, searchParams } from "@/lib/api/http";
import { recommendByTitle, recommendFromLikes } from "@/lib/reco/service";

export const dynamic = "force-dynamic";

export const GET = route("GET /api/recommend", async (req) => {
  const { title, limit } = parse(recommendByTitleQuerySchema, searchParams(req));
  return NextResponse.json(await recommendByTitle(title, limit));
});

export const POST = route("POST /api/recommend", async (req) => {
  const body = parse(recommendBodySchema, await jsonBody(req));
  return NextResponse.json(await recommendFromLikes(body));
});
