export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="space-y-8">
      <span className="sr-only">Finding recommendations…</span>
      <div className="h-9 w-72 animate-pulse rounded bg-slate-800" />
      <div className="h-10 w-full max-w-2xl animate-pulse rounded bg-slate-800" />
      <div className="h-40 w-full animate-pulse rounded-lg bg-slate-900" />
      <div className="grid gap-3 lg:grid-cols-2">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="flex gap-4 rounded-lg border border-slate-800 p-3">
            <div className="aspect-[2/3] w-24 animate-pulse rounded-md bg-slate-800" />
            <div className="flex-1 space-y-2">
              <div className="h-5 w-2/3 animate-pulse rounded bg-slate-800" />
              <div className="h-4 w-full animate-pulse rounded bg-slate-800" />
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
