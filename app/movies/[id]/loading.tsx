import { RecommendationSkeletons } from "@/components/RecommendationSkeletons";

export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="space-y-10">
      <span className="sr-only">Loading the movie…</span>
      <div className="grid gap-6 md:grid-cols-[minmax(0,18rem)_1fr]">
        <div className="mx-auto aspect-[2/3] w-48 animate-pulse rounded-md bg-slate-800 sm:w-60 md:mx-0 md:w-full" />
        <div className="space-y-4">
          <div className="h-10 w-2/3 animate-pulse rounded bg-slate-800" />
          <div className="h-5 w-1/3 animate-pulse rounded bg-slate-800" />
          <div className="h-24 w-full max-w-3xl animate-pulse rounded bg-slate-800" />
          <div className="h-40 w-full max-w-xl animate-pulse rounded bg-slate-800" />
        </div>
      </div>
      <RecommendationSkeletons />
    </div>
  );
}
