/** Boots the recommender once per server process (getRuntime keeps a single promise on globalThis). */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getRuntime } = await import("@/lib/reco/runtime");
  await getRuntime();
}
