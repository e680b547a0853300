"use client";

import Link from "next/link";
import { useEffect } from "react";
import { focusRing } from "@/components/format";

/** The error boundary of every page: a calm message and a retry, never a stack trace. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    // Keep the digest visible to whoever reads the browser console; the server logged the details.
    console.warn("page error", error.digest ?? "");
  }, [error]);
  return (
    <div role="alert" className="mx-auto max-w-xl py-16 text-center">
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p className="mt-2 text-slate-300">
        The catalog could not be reached just now. It usually comes back within a few seconds.
        {error.digest ? <span className="mt-1 block text-xs text-slate-400">Reference: {error.digest}</span> : null}
      </p>
      <div className="mt-6 flex justify-center gap-3">
        <button
          type="button"
          onClick={() => reset()}
          className={`rounded-md bg-amber-400 px-4 py-2 font-semibold text-slate-950 hover:bg-amber-300 ${focusRing}`}
        >
          Try again
        </button>
        <Link href="/" className={`rounded-md border border-slate-600 px-4 py-2 hover:bg-slate-800 ${focusRing}`}>
          Home
        </Link>
      </div>
    </div>
  );
}
