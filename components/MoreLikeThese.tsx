"use client";

import { useState } from "react";
import type { Recommendation } from "@/lib/api/schemas";
import { RecommendationCard, type RecoItem } from "./RecommendationCard";
import { focusRing } from "./format";

interface Props {
  /** The movie the list was computed for; it is part of the "like" set by default. */
  seed: { id: number; title: string };
  items: RecoItem[];
}

type Result = { state: "idle" } | { state: "loading" } | { state: "error"; message: string } | { state: "done"; data: Recommendation[]; titles: string[] };

/**
 * The recommendations with a checkbox each: "More like these" posts the checked ids (and the
 * seed) to POST /api/recommend and shows what comes back.
 */
export function MoreLikeThese({ seed, items }: Props) {
  const [includeSeed, setIncludeSeed] = useState(true);
  const [picked, setPicked] = useState<number[]>([]);
  const [result, setResult] = useState<Result>({ state: "idle" });

  const like = [...(includeSeed ? [seed.id] : []), ...picked];
  const titleOf = (id: number) => (id === seed.id ? seed.title : (items.find((i) => i.id === id)?.title ?? String(id)));

  function toggle(id: number, on: boolean) {
    setPicked((p) => (on ? [...p.filter((x) => x !== id), id] : p.filter((x) => x !== id)));
  }

  async function submit() {
    if (!like.length) return;
    setResult({ state: "loading" });
    try {
      const res = await fetch("/api/recommend", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ like, limit: 10 }),
      });
      const body = (await res.json().catch(() => null)) as { data?: Recommendation[]; error?: { message?: string } } | null;
      if (!res.ok || !body?.data) {
        setResult({ state: "error", message: body?.error?.message ?? `the request failed (${res.status})` });
        return;
      }
      setResult({ state: "done", data: body.data, titles: like.map(titleOf) });
    } catch {
      setResult({ state: "error", message: "the network request failed" });
    }
  }

  return (
    <div className="space-y-6">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        aria-label="More like these"
        className="space-y-4"
      >
        <div className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-800 bg-slate-900/60 p-3 text-sm">
          <p className="text-slate-200">Tick the ones you like, then ask for more like them.</p>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={includeSeed}
              onChange={(e) => setIncludeSeed(e.target.checked)}
              className={`h-4 w-4 accent-amber-400 ${focusRing}`}
            />
            include {seed.title}
          </label>
          <button
            type="submit"
            disabled={!like.length || result.state === "loading"}
            className={`ml-auto rounded-md bg-amber-400 px-4 py-2 font-semibold text-slate-950 hover:bg-amber-300 disabled:cursor-not-allowed disabled:opacity-50 ${focusRing}`}
          >
            {result.state === "loading" ? "Finding…" : `More like these (${like.length})`}
          </button>
        </div>
        <ol aria-label={`Movies like ${seed.title}`} className="grid gap-3 lg:grid-cols-2">
          {items.map((item, i) => (
            <RecommendationCard
              key={item.id}
              item={item}
              rank={i + 1}
              extra={
                <label className="mt-2 flex w-fit items-center gap-2 text-sm text-slate-200">
                  <input
                    type="checkbox"
                    name="like"
                    value={item.id}
                    checked={picked.includes(item.id)}
                    onChange={(e) => toggle(item.id, e.target.checked)}
                    className={`h-4 w-4 accent-amber-400 ${focusRing}`}
                  />
                  I like this<span className="sr-only">: {item.title}</span>
                </label>
              }
            />
          ))}
        </ol>
      </form>

      <section aria-live="polite" aria-labelledby={result.state === "done" ? "more-like-these-heading" : undefined}>
        {result.state === "error" ? (
          <p role="alert" className="rounded-md border border-rose-800 bg-rose-950/50 p-3 text-rose-100">
            Could not get recommendations: {result.message}
          </p>
        ) : null}
        {result.state === "done" ? (
          <div className="space-y-3">
            <h2 id="more-like-these-heading" className="text-2xl font-bold">
              More like {result.titles.join(", ")}
            </h2>
            {result.data.length ? (
              <ol aria-label="More like these" className="grid gap-3 lg:grid-cols-2" data-testid="more-like-these">
                {result.data.map((item, i) => (
                  <RecommendationCard key={item.id} item={item} rank={i + 1} />
                ))}
              </ol>
            ) : (
              <p className="text-slate-300">Nothing new to suggest for that combination.</p>
            )}
          </div>
        ) : null}
      </section>
    </div>
  );
}
