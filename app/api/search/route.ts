import { NextResponse } from "next/server";
import { searchQuerySchema } from "@/lib/api/schemas";
import { parse, route, searchParams } from "@/lib/api/http";
import { searchTitles } from "@/lib/reco/service";

export const dynamic = "force-dynamic";

export const GET = route("GET /api/search", async (req) => {
  const { q, limit } = parse(searchQuerySchema, searchParams(req));
  return NextResponse.json({ data: await searchTitles(q, limit) });
});
