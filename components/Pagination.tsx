import Link from "next/link";
import { focusRing } from "./format";

const btn = `rounded-md border border-slate-600 px-4 py-2 font-medium ${focusRing}`;

/** Prev / Next links; hrefs are computed by the page (keyset cursors kept in the URL). */
export function Pagination({ page, prevHref, nextHref, label = "Catalog pages" }: { page: number; prevHref: string | null; nextHref: string | null; label?: string }) {
  return (
    <nav aria-label={label} className="flex items-center justify-between gap-3">
      {prevHref ? (
        <Link href={prevHref} rel="prev" className={`${btn} hover:bg-slate-800`}>
          ← Prev
        </Link>
      ) : (
        <span aria-disabled="true" className={`${btn} cursor-not-allowed border-slate-800 text-slate-500`}>
          ← Prev
        </span>
      )}
      <span className="text-sm text-slate-300" aria-current="page" data-testid="page-number">
        Page {page}
      </span>
      {nextHref ? (
        <Link href={nextHref} rel="next" className={`${btn} hover:bg-slate-800`}>
          Next →
        </Link>
      ) : (
        <span aria-disabled="true" className={`${btn} cursor-not-allowed border-slate-800 text-slate-500`}>
          Next →
        </span>
      )}
    </nav>
  );
}
