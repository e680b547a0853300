import { NextResponse } from "next/server";
import { route } from "@/lib/api/http";
import { pingDatabase } from "@/lib/movies/queries";
import { readReplicaHealth } from "@/lib/movies/read-your-writes";
import { FIX_INDEX_HINT, getRuntime } from "@/lib/reco/runtime";

export const dynamic = "force-dynamic";

/**
 * 200 when the primary database answers and the catalog is loaded; 503 otherwise (load balancers
 * read this). Read replicas are reported (state, lag) but never fail it: reads fall back to the primary.
 */
export const GET = route("GET /api/health", async () => {
  const [runtime, dbUp] = await Promise.all([getRuntime(), pingDatabase()]);
  const h = runtime.health();
  const index = {
    state: h.index.state,
    size: h.index.size,
    builtAt: h.index.builtAt ?? null,
    watermark: h.index.watermark ?? null,
    recipe: h.index.recipe ?? null,
    ...(h.index.state === "unavailable" ? { hint: `${h.index.reason ?? ""}`.trim() || FIX_INDEX_HINT } : {}),
  };
  const ready = dbUp && h.catalog === "ready";
  const status = !ready ? "unavailable" : h.index.state === "ready" ? "ok" : "degraded";
  return NextResponse.json(
    { status, db: dbUp ? "up" : "down", index, catalog: { state: h.catalog, titles: h.titles, source: h.catalogSource ?? null }, ...readReplicaHealth() },
    { status: ready ? 200 : 503 },
  );
});
