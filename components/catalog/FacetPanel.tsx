import Link from "next/link";
import type { z } from "zod";
import type { facetsSchema } from "@/lib/api/catalog-schemas";
import { focusRing } from "@/components/format";
import { catalogHref, listOf, toggled, type UrlState } from "./url-state";

type Facets = z.infer<typeof facetsSchema>;

const item = `flex justify-between gap-3 rounded px-2 py-1 text-sm hover:bg-slate-800 ${focusRing}`;

function FacetGroup({ title, entries }: { title: string; entries: { label: string; count: number; href: string; active: boolean }[] }) {
  if (!entries.length) return null;
  return (
    <section aria-label={`${title} counts`} className="space-y-1">
      <h3 className="px-2 text-xs font-semibold uppercase tracking-wide text-slate-400">{title}</h3>
      <ul>
        {entries.map((e) => (
          <li key={e.label}>
            <Link href={e.href} aria-current={e.active ? "true" : undefined} className={`${item} ${e.active ? "bg-slate-800 text-amber-300" : "text-slate-200"}`} data-testid="facet">
              <span>{e.label}</span>
              <span className="tabular-nums text-slate-400">{e.count.toLocaleString("en")}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Counts beside the list; each one narrows (or, when active, widens) the catalog through the URL. */
export function FacetPanel({ facets, state }: { facets: Facets; state: UrlState }) {
  const genres = listOf(state.genres);
  const decadeActive = (d: number) => state.yearFrom === String(d) && state.yearTo === String(d + 9);
  return (
    <aside aria-label="Refine" className="space-y-4 rounded-lg border border-slate-800 p-2">
      <p className="px-2 text-sm text-slate-300" data-testid="facet-total">
        {facets.total.toLocaleString("en")} movies
      </p>
      <FacetGroup
        title="Genres"
        entries={facets.data.genres.slice(0, 25).map(({ value, count }) => ({
          label: value,
          count,
          active: genres.includes(value),
          href: catalogHref(state, { genres: toggled(state.genres, value) }),
        }))}
      />
      <FacetGroup
        title="Decades"
        entries={[...facets.data.decades].sort((a, b) => b.value - a.value).slice(0, 16).map(({ value, count }) => ({
          label: `${value}s`,
          count,
          active: decadeActive(value),
          href: catalogHref(state, decadeActive(value) ? { yearFrom: undefined, yearTo: undefined } : { year: undefined, yearFrom: String(value), yearTo: String(value + 9) }),
        }))}
      />
      <FacetGroup
        title="Languages"
        entries={facets.data.languages.slice(0, 12).map(({ value, count }) => ({
          label: value,
          count,
          active: state.lang === value,
          href: catalogHref(state, { lang: state.lang === value ? undefined : value }),
        }))}
      />
    </aside>
  );
}
