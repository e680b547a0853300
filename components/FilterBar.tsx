import Link from "next/link";
import { focusRing } from "./format";

interface CatalogFilters {
  q?: string;
  genre?: string;
  year?: number | string;
  lang?: string;
}

const field = `rounded-md border border-slate-600 bg-slate-900 px-3 py-2 text-slate-100 ${focusRing}`;

/** Genre / year / language filters as a plain GET form: the URL holds the state, no JS needed. */
export function FilterBar({ genres, filters }: { genres: string[]; filters: CatalogFilters }) {
  const active = Boolean(filters.genre || filters.year || filters.lang || filters.q);
  return (
    <form method="get" action="/" role="search" aria-label="Filter the catalog" className="flex flex-wrap items-end gap-3">
      {filters.q ? <input type="hidden" name="q" value={filters.q} /> : null}
      <div className="flex flex-col">
        <label htmlFor="filter-genre" className="mb-1 text-sm font-medium text-slate-200">
          Genre
        </label>
        <select id="filter-genre" name="genre" defaultValue={filters.genre ?? ""} className={field}>
          <option value="">All genres</option>
          {genres.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col">
        <label htmlFor="filter-year" className="mb-1 text-sm font-medium text-slate-200">
          Year
        </label>
        <input
          id="filter-year"
          name="year"
          type="number"
          inputMode="numeric"
          min={1870}
          max={2200}
          placeholder="e.g. 1999"
          defaultValue={filters.year ?? ""}
          className={`${field} w-32`}
        />
      </div>
      <div className="flex flex-col">
        <label htmlFor="filter-lang" className="mb-1 text-sm font-medium text-slate-200">
          Language
        </label>
        <input
          id="filter-lang"
          name="lang"
          type="text"
          pattern="[A-Za-z]{2,3}"
          title="an ISO 639 code such as en, fr or ja"
          maxLength={3}
          placeholder="e.g. en"
          defaultValue={filters.lang ?? ""}
          className={`${field} w-28`}
        />
      </div>
      <button type="submit" className={`rounded-md bg-amber-400 px-4 py-2 font-semibold text-slate-950 hover:bg-amber-300 ${focusRing}`}>
        Apply
      </button>
      {active ? (
        <Link href="/" className={`rounded-md px-3 py-2 text-sm text-slate-200 underline hover:text-white ${focusRing}`}>
          Clear filters
        </Link>
      ) : null}
    </form>
  );
}
