import type { Metadata } from "next";
import { Suspense } from "react";
import Link from "next/link";
import { InvalidInputError, UnavailableError } from "@/lib/errors";
import { catalogQuerySchema, type CatalogQuery } from "@/lib/api/catalog-schemas";
import type { MovieSummary } from "@/lib/api/schemas";
import { catalogFacets, catalogGenres, catalogPage } from "@/lib/reco/browse";
import { CatalogControls } from "@/components/catalog/CatalogControls";
import { FacetPanel } from "@/components/catalog/FacetPanel";
import { STATE_KEYS, type UrlState } from "@/components/catalog/url-state";
import { MovieGrid, MovieGridSkeleton } from "@/components/MovieCard";
import { Pagination } from "@/components/Pagination";
import { SearchBox } from "@/components/SearchBox";
import { focusRing } from "@/components/format";
import { hrefWith, param, type RawSearchParams } from "@/components/search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Catalog · Movie recommender" };

const PAGE_SIZE = 50;
/** The Prev stack: cursors of the pages before the current one (page 1 has none), "."-joined. */
const CURSOR_RE = /^[A-Za-z0-9_-]{1,1000}$/;
const MAX_STACK = 100;

function parsePrev(raw: string | undefined): string[] {
  if (!raw) return [];
  const items = raw.split(".");
  return items.every((c) => CURSOR_RE.test(c)) ? items.slice(-MAX_STACK) : [];
}

/**
 * The URL's state, validated by the API's own schema. Each invalid parameter is dropped on its own
 * (with a message naming it) rather than failing the whole page.
 */
function readQuery(sp: RawSearchParams): { query: CatalogQuery; state: UrlState; problems: string[] } {
  const state: UrlState = {};
  for (const key of STATE_KEYS) state[key] = param(sp, key);
  const raw: Record<string, string | undefined> = { ...state, cursor: param(sp, "cursor") };
  const problems: string[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const parsed = catalogQuerySchema.safeParse({ ...raw, limit: PAGE_SIZE });
    if (parsed.success) {
      for (const key of STATE_KEYS) if (raw[key] === undefined) delete state[key];
      return { query: parsed.data, state, problems };
    }
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      raw[key] = undefined;
      // An over-long cursor just means page 1; the rest get a message.
      if (key !== "cursor") problems.push(`${key}: ${issue.message}`);
    }
  }
  return { query: { limit: PAGE_SIZE }, state: {}, problems };
}

export default async function CatalogPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const sp = await searchParams;
  const { query, state, problems } = readQuery(sp);
  const prev = query.cursor ? parsePrev(param(sp, "prev")) : [];
  const { q: _q, ...withoutQ } = state;

  return (
    <div className="space-y-6">
      <section aria-labelledby="catalog-heading" className="space-y-4">
        <h1 id="catalog-heading" className="text-3xl font-bold tracking-tight">
          {query.q ? <>Titles matching “{query.q}”</> : "Movies"}
        </h1>
        <form method="get" action="/" role="search" aria-label="Search titles" className="flex max-w-2xl items-end gap-2">
          <SearchBox name="q" label="Search titles" defaultValue={query.q ?? ""} placeholder="Search a title, typos welcome (e.g. harry poter)" />
          {Object.entries(withoutQ).map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
          <button type="submit" className={`rounded-md bg-slate-700 px-4 py-2 font-semibold hover:bg-slate-600 ${focusRing}`}>
            Search
          </button>
        </form>
        <Suspense fallback={<div className="h-[120px] max-w-3xl animate-pulse rounded bg-slate-900" />}>
          <Controls state={state} />
        </Suspense>
        {problems.length ? (
          <div role="alert" className="rounded-md border border-amber-700 bg-amber-950/50 p-3 text-sm text-amber-100">
            Some filters were ignored: {problems.join("; ")}.
          </div>
        ) : null}
      </section>
      <div className="grid gap-6 lg:grid-cols-[14rem_1fr]">
        <Suspense fallback={<div className="h-96 animate-pulse rounded bg-slate-900" />}>
          <Facets query={query} state={state} />
        </Suspense>
        <Suspense
          key={JSON.stringify(query)}
          fallback={
            <div role="status" aria-live="polite">
              <span className="sr-only">Loading movies…</span>
              <MovieGridSkeleton count={18} />
            </div>
          }
        >
          <CatalogResults query={query} state={state} prev={prev} />
        </Suspense>
      </div>
    </div>
  );
}

async function Controls({ state }: { state: UrlState }) {
  // Keyed by the state: Back to an older URL shows that URL's values, not the last typed ones.
  return <CatalogControls key={JSON.stringify(state)} state={state} genres={await catalogGenres()} />;
}

async function Facets({ query, state }: { query: CatalogQuery; state: UrlState }) {
  const { sort: _s, order: _o, limit: _l, cursor: _c, ...filters } = query;
  try {
    return <FacetPanel facets={await catalogFacets(filters)} state={state} />;
  } catch (err) {
    if (err instanceof InvalidInputError || err instanceof UnavailableError) return null; // the results below say what is wrong
    throw err;
  }
}

async function CatalogResults({ query, state, prev }: { query: CatalogQuery; state: UrlState; prev: string[] }) {
  let movies: MovieSummary[] = [];
  let nextCursor: string | null = null;
  let pageError: string | null = null;
  try {
    const page = await catalogPage(query);
    movies = page.data;
    nextCursor = page.nextCursor;
  } catch (err) {
    if (err instanceof InvalidInputError)
      pageError = query.cursor ? "That page link is not valid any more." : `These filters are not valid: ${describe(err)}`;
    else if (err instanceof UnavailableError) pageError = "The catalog is still starting up; try again in a few seconds.";
    else throw err;
  }
  if (pageError)
    return (
      <div role="alert" className="rounded-md border border-rose-800 bg-rose-950/50 p-4">
        <p>{pageError}</p>
        <Link href="/" className={`mt-2 inline-block underline ${focusRing}`}>
          Back to the first page
        </Link>
      </div>
    );
  if (!movies.length) return <p className="rounded-md border border-slate-800 p-6 text-center text-slate-300">No movies match these filters.</p>;

  // Keyset paging: Next pushes the current cursor on the `prev` stack, Prev pops it.
  const pageNo = query.cursor ? prev.length + 2 : 1;
  const prevHref = query.cursor
    ? hrefWith("/", { ...state, cursor: prev.at(-1), prev: prev.length > 1 ? prev.slice(0, -1).join(".") : undefined })
    : null;
  const nextStack = query.cursor ? [...prev, query.cursor].slice(-MAX_STACK) : [];
  const nextHref = nextCursor ? hrefWith("/", { ...state, cursor: nextCursor, prev: nextStack.length ? nextStack.join(".") : undefined }) : null;
  return (
    <div className="min-w-0 space-y-6">
      <Pagination page={pageNo} prevHref={prevHref} nextHref={nextHref} label="Catalog pages (top)" />
      <MovieGrid movies={movies} label={`Movies, page ${pageNo}`} />
      <Pagination page={pageNo} prevHref={prevHref} nextHref={nextHref} label="Catalog pages (bottom)" />
    </div>
  );
}

function describe(err: InvalidInputError): string {
  return err.issues.map((d) => `${d.path}: ${d.message}`).join("; ") || err.message;
}
