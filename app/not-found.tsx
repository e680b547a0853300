import Link from "next/link";
import { focusRing } from "@/components/format";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <p className="text-6xl font-black text-amber-400">404</p>
      <h1 className="mt-4 text-2xl font-bold">Page not found</h1>
      <p className="mt-2 text-slate-300">This movie or page does not exist, or it was removed from the catalog.</p>
      <div className="mt-6 flex justify-center gap-3">
        <Link href="/" className={`rounded-md bg-amber-400 px-4 py-2 font-semibold text-slate-950 hover:bg-amber-300 ${focusRing}`}>
          Browse the catalog
        </Link>
        <Link href="/recommend" className={`rounded-md border border-slate-600 px-4 py-2 hover:bg-slate-800 ${focusRing}`}>
          Get recommendations
        </Link>
      </div>
    </div>
  );
}
