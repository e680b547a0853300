"use server";

import { ApiError, isDatabaseDown } from "@/lib/api/errors";
import { forYouInputSchema, type ForYou } from "@/lib/api/profile-schemas";
import { forYou } from "@/lib/reco/for-you";

/** The "For you" lists for the profile the browser holds; errors as a message (a server action is a public endpoint). */
export async function forYouAction(input: unknown): Promise<{ data: ForYou } | { error: string }> {
  const parsed = forYouInputSchema.safeParse(input);
  if (!parsed.success) return { error: `invalid profile: ${parsed.error.issues[0]?.message ?? "bad input"}` };
  try {
    return { data: await forYou(parsed.data) };
  } catch (err) {
    if (err instanceof ApiError || isDatabaseDown(err)) return { error: err instanceof ApiError ? err.message : "the database is unavailable" };
    throw err;
  }
}
