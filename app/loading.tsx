import { MovieGridSkeleton } from "@/components/MovieCard";

export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="space-y-6">
      <span className="sr-only">Loading…</span>
      <div className="h-9 w-48 animate-pulse rounded bg-slate-800" />
      <div className="h-10 w-full max-w-2xl animate-pulse rounded bg-slate-800" />
      <MovieGridSkeleton count={12} />
    </div>
  );
}
