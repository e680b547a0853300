import Link from "next/link";
import type { ReactNode } from "react";
import type { Recommendation } from "@/lib/api/schemas";
import { MovieDetails, type MovieFacts } from "./MovieDetails";
import { Poster } from "./Poster";
import { ProfileButtons } from "./profile/ProfileButtons";
import { focusRing, rating, yearOf } from "./format";

export type RecoItem = Recommendation & { facts?: MovieFacts };

/** One recommendation: poster, title (year), score, the reasons, and "See details". */
export function RecommendationCard({ item, rank, extra }: { item: RecoItem; rank: number; extra?: ReactNode }) {
  return (
    <li className="flex gap-4 rounded-lg border border-slate-800 bg-slate-900/60 p-3" data-testid="recommendation">
      <Link href={`/movies/${item.id}`} prefetch={false} className={`w-24 shrink-0 rounded-md sm:w-28 ${focusRing}`} tabIndex={-1} aria-hidden="true">
        <Poster id={item.id} title={item.title} />
      </Link>
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <h3 className="text-base font-semibold leading-snug">
            <span className="sr-only">{rank}. </span>
            <Link href={`/movies/${item.id}`} prefetch={false} className={`rounded hover:text-amber-300 hover:underline ${focusRing}`}>
              {item.title} ({yearOf(item.release_date)})
            </Link>
          </h3>
          <p className="shrink-0 text-xs text-slate-300">
            <span title="similarity score, 0 to 1">match {(item.score * 100).toFixed(0)}%</span>
            <span aria-hidden="true"> · </span>
            <span>
              <span aria-hidden="true" className="text-amber-400">
                ★
              </span>
              <span className="sr-only">rated</span> {rating(item.vote_average)}
            </span>
          </p>
        </div>
        {item.reasons.length ? (
          <ul className="mt-1.5 flex flex-wrap gap-1.5" aria-label="Why it is recommended" data-testid="reasons">
            {item.reasons.map((r) => (
              <li key={r} className="rounded-full bg-slate-800 px-2 py-0.5 text-xs text-slate-200">
                {r}
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-1.5 text-xs text-slate-400" data-testid="reasons">
            Similar overall profile
          </p>
        )}
        <MovieDetails id={item.id} facts={item.facts} />
        <div className="mt-2">
          <ProfileButtons movie={item} />
        </div>
        {extra}
      </div>
    </li>
  );
}

export function RecommendationList({ items, label }: { items: RecoItem[]; label: string }) {
  return (
    <ol aria-label={label} className="grid gap-3 lg:grid-cols-2">
      {items.map((item, i) => (
        <RecommendationCard key={item.id} item={item} rank={i + 1} />
      ))}
    </ol>
  );
}
