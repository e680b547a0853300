import "server-only";
import { cache } from "react";
import { idParamSchema } from "@/lib/api/schemas";
import { getMovie } from "@/lib/movies/queries";

/** One database read per request, shared by the layout (404 check), metadata and page. */
export const loadMovie = cache(async (rawId: string) => {
  if (!/^\d+$/.test(rawId)) return undefined;
  const parsed = idParamSchema.safeParse({ id: rawId });
  if (!parsed.success) return undefined;
  return getMovie(parsed.data.id);
});
