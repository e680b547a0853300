/** Boots the recommender once per server process (getRuntime keeps a single promise on globalThis). */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { annAddonBuild } = await import("@/lib/reco/ann");
  const { logger } = await import("@/lib/log/logger");
  logger().info({ simd: annAddonBuild().summary }, "hnswlib-node addon");
  const { getRuntime } = await import("@/lib/reco/runtime");
  await getRuntime();
}
