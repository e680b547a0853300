"use client";

import useSWR from "swr";
import type { Recommendation } from "@/lib/api/schemas";
import { RecommendationList, type RecoItem } from "../RecommendationCard";
import { profileQuery, useProfile } from "./store";

interface SimilarFilters {
  genre?: string;
  yearFrom?: number;
  yearTo?: number;
  includeAdult?: boolean;
}

async function postRecommend(body: string): Promise<Recommendation[]> {
  const res = await fetch("/api/recommend", { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body });
  const json = (await res.json().catch(() => null)) as { data?: Recommendation[]; error?: { message?: string } } | null;
  if (!res.ok || !json?.data) throw new Error(json?.error?.message ?? `the request failed (${res.status})`);
  return json.data;
}

/**
 * "More like this" as the server rendered it, minus what the visitor's profile hides (not
 * interested, seen, disliked): those leave at once, and the list is asked again with them as
 * `exclude` so it stays full.
 */
export function ProfileAwareList({ seed, items, filters, label }: { seed: number; items: RecoItem[]; filters: SimilarFilters; label: string }) {
  const { exclude } = profileQuery(useProfile());
  const hidden = new Set(exclude);
  const body = exclude.length ? JSON.stringify({ like: [seed], exclude, filters, limit: Math.max(items.length, 10) }) : null;
  const { data } = useSWR(body, postRecommend, { keepPreviousData: true, revalidateOnFocus: false });
  const shown = (body && data ? data : items).filter((m) => !hidden.has(m.id));
  if (!shown.length)
    return <p className="rounded-md border border-slate-800 p-4 text-slate-300">No similar movies match these filters. Try removing one.</p>;
  return <RecommendationList items={shown} label={label} />;
}
