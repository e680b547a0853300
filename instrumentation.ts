/**
 * Once per server process: the real client address for rate limits (first, so as few
 * boot-time requests as possible miss it), startup warnings about the admin configuration, then
 * the recommender boot (getRuntime keeps a single promise on globalThis).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { appendSocketPeerToForwardedFor } = await import("@/lib/auth/client-address");
  appendSocketPeerToForwardedFor();
  const { invalidNumericSettings, writesDisabledReason } = await import("@/lib/config");
  const { logger } = await import("@/lib/log/logger");
  const disabled = writesDisabledReason();
  if (disabled) logger().warn({ setting: "ADMIN_TOKEN" }, disabled);
  for (const name of invalidNumericSettings()) logger().warn({ setting: name }, `${name} must be a non-negative integer; using the default`);
  const { annAddonBuild } = await import("@/lib/reco/ann");
  logger().info({ simd: annAddonBuild().summary }, "hnswlib-node addon");
  const { getRuntime } = await import("@/lib/reco/runtime");
  await getRuntime();
}
