import { idParamSchema, similarQuerySchema } from "@/lib/api/schemas";
import { cachedJson } from "@/lib/api/caching";
import { parse, route, searchParams } from "@/lib/api/http";
import { getRuntime } from "@/lib/reco/runtime";
import { similarMovies } from "@/lib/reco/service";

export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>("GET /api/movies/{id}/similar", async (req, params) => {
  const { id } = parse(idParamSchema, params);
  const query = parse(similarQuerySchema, searchParams(req));
  return cachedJson(req, (await getRuntime()).version(), () => similarMovies(id, query));
});
