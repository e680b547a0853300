import { catalogFacetsQuerySchema } from "@/lib/api/catalog-schemas";
import { cachedJson } from "@/lib/api/caching";
import { parse, route, searchParams } from "@/lib/api/http";
import { getRuntime } from "@/lib/reco/runtime";
import { catalogFacets } from "@/lib/reco/browse";

export const dynamic = "force-dynamic";

export const GET = route("GET /api/movies/facets", async (req) => {
  const query = parse(catalogFacetsQuerySchema, searchParams(req));
  return cachedJson(req, (await getRuntime()).version(), () => catalogFacets(query));
});
