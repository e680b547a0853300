"use client";

import type { FormEvent, ReactNode } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { focusRing } from "@/components/format";
import { catalogHref, listOf, STATE_KEYS, type UrlState } from "./url-state";

const field = `rounded-md border border-slate-600 bg-slate-900 px-3 py-2 text-slate-100 ${focusRing}`;
const SORTS = [
  ["popularity", "Popularity"],
  ["rating", "Rating"],
  ["release_date", "Release date"],
  ["title", "Title"],
  ["vote_count", "Votes"],
] as const;

function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col">
      <label htmlFor={id} className="mb-1 text-sm font-medium text-slate-200">
        {label}
      </label>
      {children}
    </div>
  );
}

function NumberField({ name, label, value, min, max, step }: { name: string; label: string; value?: string; min: number; max: number; step?: number }) {
  return (
    <Field id={`f-${name}`} label={label}>
      <input id={`f-${name}`} name={name} type="number" inputMode="decimal" min={min} max={max} step={step ?? 1} defaultValue={value ?? ""} className={`${field} w-28`} />
    </Field>
  );
}

function GenreChecks({ name, legend, genres, chosen }: { name: string; legend: string; genres: string[]; chosen: string[] }) {
  return (
    <details className="rounded-md border border-slate-700 px-3 py-2" open={chosen.length > 0}>
      <summary className={`cursor-pointer text-sm font-medium text-slate-200 ${focusRing}`}>
        {legend}
        {chosen.length ? ` (${chosen.length})` : ""}
      </summary>
      <fieldset className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-3">
        <legend className="sr-only">{legend}</legend>
        {genres.map((g) => (
          <label key={g} className="flex items-center gap-2 text-sm text-slate-200">
            <input type="checkbox" name={name} value={g} defaultChecked={chosen.includes(g)} className={focusRing} />
            {g}
          </label>
        ))}
      </fieldset>
    </details>
  );
}

/**
 * Sort and filters. Applying pushes the new state as URL search params (the server renders it;
 * history keeps every state, so Back restores the previous one and a link shares it).
 */
export function CatalogControls({ state, genres }: { state: UrlState; genres: string[] }) {
  const router = useRouter();
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const next: UrlState = { q: state.q };
    for (const key of STATE_KEYS) {
      const values = form.getAll(key).map((v) => String(v).trim()).filter(Boolean);
      if (values.length) next[key] = values.join(",");
    }
    if (next.genreMode === "any") delete next.genreMode; // the default
    router.push(catalogHref(next));
  };
  return (
    <form onSubmit={onSubmit} role="search" aria-label="Sort and filter the catalog" className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <Field id="f-sort" label="Sort by">
          <select id="f-sort" name="sort" defaultValue={state.sort ?? ""} className={field}>
            <option value="">{state.q ? "Best match" : "Popularity"}</option>
            {SORTS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field id="f-order" label="Order">
          <select id="f-order" name="order" defaultValue={state.order ?? ""} className={field}>
            <option value="">Default</option>
            <option value="desc">High to low / Z–A / newest</option>
            <option value="asc">Low to high / A–Z / oldest</option>
          </select>
        </Field>
        <NumberField name="yearFrom" label="From year" value={state.yearFrom ?? state.year} min={1870} max={2200} />
        <NumberField name="yearTo" label="To year" value={state.yearTo ?? state.year} min={1870} max={2200} />
        <NumberField name="minRating" label="Min rating" value={state.minRating} min={0} max={10} step={0.1} />
        <NumberField name="minVotes" label="Min votes" value={state.minVotes} min={0} max={1e9} />
        <NumberField name="runtimeMin" label="Min minutes" value={state.runtimeMin} min={0} max={10000} />
        <NumberField name="runtimeMax" label="Max minutes" value={state.runtimeMax} min={0} max={10000} />
        <Field id="f-lang" label="Language">
          <input id="f-lang" name="lang" type="text" pattern="[A-Za-z]{2,3}" title="an ISO 639 code such as en, fr or ja" maxLength={3} placeholder="e.g. en" defaultValue={state.lang ?? ""} className={`${field} w-24`} />
        </Field>
      </div>
      <div className="flex flex-wrap items-start gap-3">
        <GenreChecks name="genres" legend="Genres" genres={genres} chosen={listOf(state.genres ?? state.genre)} />
        <Field id="f-genreMode" label="Match genres">
          <select id="f-genreMode" name="genreMode" defaultValue={state.genreMode ?? "any"} className={field}>
            <option value="any">Any of them</option>
            <option value="all">All of them</option>
          </select>
        </Field>
        <GenreChecks name="excludeGenres" legend="Exclude genres" genres={genres} chosen={listOf(state.excludeGenres)} />
        <label className="flex items-center gap-2 self-center text-sm text-slate-200">
          <input type="checkbox" name="includeAdult" value="true" defaultChecked={state.includeAdult === "true" || state.includeAdult === "1"} className={focusRing} />
          Include adult titles
        </label>
        <button type="submit" className={`rounded-md bg-amber-400 px-4 py-2 font-semibold text-slate-950 hover:bg-amber-300 ${focusRing}`}>
          Apply
        </button>
        <Link href="/" className={`self-center rounded-md px-3 py-2 text-sm text-slate-200 underline hover:text-white ${focusRing}`}>
          Clear all
        </Link>
      </div>
    </form>
  );
}
