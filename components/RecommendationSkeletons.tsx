/** Placeholder cards shown while recommendations load (movie page and /recommend). */
export function RecommendationSkeletons({ count = 6 }: { count?: number }) {
  return (
    <div className="grid gap-3 lg:grid-cols-2">
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="flex gap-4 rounded-lg border border-slate-800 p-3">
          <div className="aspect-[2/3] w-24 animate-pulse rounded-md bg-slate-800" />
          <div className="flex-1 space-y-2">
            <div className="h-5 w-2/3 animate-pulse rounded bg-slate-800" />
            <div className="h-4 w-full animate-pulse rounded bg-slate-800" />
          </div>
        </div>
      ))}
    </div>
  );
}
