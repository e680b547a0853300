"use client";

import { useState } from "react";
import useSWR from "swr";
import { focusRing, runtimeText } from "./format";

export interface MovieFacts {
  runtime: number;
  genres: string[];
  production_countries: string[];
  production_companies: string[];
}

async function fetchFacts(url: string): Promise<MovieFacts> {
  const res = await fetch(url, { headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`movie request failed (${res.status})`);
  const { data } = (await res.json()) as { data: MovieFacts };
  return data;
}

function list(items: string[] | undefined): string {
  return items && items.length ? items.join(", ") : "unknown";
}

/**
 * The original app's "See details" expander (native <details>): runtime, genres, countries,
 * companies. Server-rendered lists pass the facts in; lists built in the browser fetch them on
 * first open.
 */
export function MovieDetails({ id, facts }: { id: number; facts?: MovieFacts }) {
  const [opened, setOpened] = useState(false);
  const { data, error } = useSWR(!facts && opened ? `/api/movies/${id}` : null, fetchFacts, { revalidateOnFocus: false });
  const shown = facts ?? data;
  return (
    <details className="mt-2 text-sm" onToggle={(e) => setOpened((e.currentTarget as HTMLDetailsElement).open)}>
      <summary className={`w-fit cursor-pointer rounded text-amber-300 hover:underline ${focusRing}`}>See details</summary>
      {shown ? (
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-slate-200">
          <dt className="text-slate-400">Runtime</dt>
          <dd>{runtimeText(shown.runtime)}</dd>
          <dt className="text-slate-400">Genres</dt>
          <dd>{list(shown.genres)}</dd>
          <dt className="text-slate-400">Countries</dt>
          <dd>{list(shown.production_countries)}</dd>
          <dt className="text-slate-400">Companies</dt>
          <dd>{list(shown.production_companies)}</dd>
        </dl>
      ) : error ? (
        <p className="mt-2 text-rose-300">Details are unavailable right now.</p>
      ) : (
        <p className="mt-2 text-slate-400">Loading…</p>
      )}
    </details>
  );
}
