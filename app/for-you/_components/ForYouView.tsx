"use client";

import Link from "next/link";
import useSWR from "swr";
import { RecommendationList } from "@/components/RecommendationCard";
import { focusRing } from "@/components/format";
import { profileQuery, useProfile } from "@/components/profile/store";
import type { ForYou } from "@/lib/api/profile-schemas";
import { forYouAction } from "../actions";
import { ImportRatings } from "./ImportRatings";
import { ProfileFile } from "./ProfileFile";

async function load(key: string): Promise<ForYou> {
  const result = await forYouAction(JSON.parse(key));
  if ("error" in result) throw new Error(result.error);
  return result.data;
}

/** `hide`: marked since the lists were fetched; they leave at once, the refetch refills. */
function Lists({ data: fetched, hide }: { data: ForYou; hide: Set<number> }) {
  const keep = (items: ForYou["top"]) => items.filter((m) => !hide.has(m.id));
  const data = { top: keep(fetched.top), groups: fetched.groups.map((g) => ({ ...g, data: keep(g.data) })).filter((g) => g.data.length) };
  if (!data.top.length && !data.groups.length)
    return <p className="rounded-md border border-slate-800 p-4 text-slate-300">Nothing left to suggest: you have seen or hidden everything near your likes.</p>;
  return (
    <div className="space-y-8">
      {data.top.length ? (
        <section aria-labelledby="top-picks" className="space-y-3">
          <h2 id="top-picks" className="text-2xl font-bold">
            Top picks for you
          </h2>
          <RecommendationList items={data.top} label="Top picks for you" />
        </section>
      ) : null}
      {data.groups.map((g) => (
        <section key={g.because.id} aria-labelledby={`because-${g.because.id}`} className="space-y-3" data-testid="because-group">
          <h2 id={`because-${g.because.id}`} className="text-xl font-bold">
            Because you liked{" "}
            <Link href={`/movies/${g.because.id}`} className={`rounded text-amber-300 hover:underline ${focusRing}`}>
              {g.because.title}
            </Link>
          </h2>
          <RecommendationList items={g.data} label={`Because you liked ${g.because.title}`} />
        </section>
      ))}
    </div>
  );
}

export function ForYouView() {
  const profile = useProfile();
  const query = profileQuery(profile);
  const key = query.like.length ? JSON.stringify(query) : null;
  const { data, error, isLoading } = useSWR(key, load, { keepPreviousData: true, revalidateOnFocus: false });
  return (
    <>
      <ProfileFile profile={profile} />
      <section aria-label="Recommendations for you" aria-busy={isLoading} data-testid="for-you">
        {!key ? (
          <p className="rounded-md border border-slate-800 p-4 text-slate-300">
            Like a few movies (the 👍 under every poster) or import your ratings below, and your recommendations appear here.
          </p>
        ) : error ? (
          <p role="alert" className="rounded-md border border-rose-800 bg-rose-950/50 p-3 text-rose-100">
            Could not get recommendations: {(error as Error).message}
          </p>
        ) : data ? (
          <Lists data={data} hide={new Set([...query.like, ...query.unlike, ...query.exclude])} />
        ) : (
          <p className="text-slate-300">Finding recommendations…</p>
        )}
      </section>
      <ImportRatings />
    </>
  );
}
