import { searchQuerySchema } from "@/lib/api/schemas";
import { cachedJson } from "@/lib/api/caching";
import { parse, route, searchParams } from "@/lib/api/http";
import { getRuntime } from "@/lib/reco/runtime";
import { searchTitles } from "@/lib/reco/service";

export const dynamic = "force-dynamic";

export const GET = route("GET /api/search", async (req) => {
  const { q, limit } = parse(searchQuerySchema, searchParams(req));
  return cachedJson(req, (await getRuntime()).version(), async () => ({ data: await searchTitles(q, limit) }));
});
