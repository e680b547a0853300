import { RecommendationSkeletons } from "@/components/RecommendationSkeletons";

export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="space-y-8">
      <span className="sr-only">Finding recommendations…</span>
      <div className="h-9 w-72 animate-pulse rounded bg-slate-800" />
      <div className="h-10 w-full max-w-2xl animate-pulse rounded bg-slate-800" />
      <div className="h-40 w-full animate-pulse rounded-lg bg-slate-900" />
      <RecommendationSkeletons />
    </div>
  );
}
