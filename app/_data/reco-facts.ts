import "server-only";
import { getMoviesByIds } from "@/lib/movies/queries";
import type { Recommendation } from "@/lib/api/schemas";
import type { RecoItem } from "@/components/RecommendationCard";

/** Adds the "See details" facts (runtime, countries, companies) to server-rendered recommendations. */
export async function withFacts(recs: Recommendation[]): Promise<RecoItem[]> {
  const rows = await getMoviesByIds(recs.map((r) => r.id));
  return recs.map((r) => {
    const m = rows.get(r.id);
    return m
      ? {
          ...r,
          facts: {
            runtime: m.runtime,
            genres: m.genres,
            production_countries: m.production_countries,
            production_companies: m.production_companies,
          },
        }
      : r;
  });
}
