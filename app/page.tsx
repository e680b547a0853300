import type { Metadata } from "next";
import { Suspense } from "react";
import Link from "next/link";
import { InvalidInputError, UnavailableError } from "@/lib/errors";
import { listQuerySchema, type MovieSummary } from "@/lib/api/schemas";
import { listGenres } from "@/lib/movies/queries";
import { catalogPage } from "@/lib/reco/service";
import { FilterBar } from "@/components/FilterBar";
import { MovieGrid, MovieGridSkeleton } from "@/components/MovieCard";
import { Pagination } from "@/components/Pagination";
import { SearchBox } from "@/components/SearchBox";
import { focusRing } from "@/components/format";
import { hrefWith, param, type RawSearchParams } from "@/components/search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Catalog · Movie recommender" };

const PAGE_SIZE = 50;
/** The Prev stack: cursors of the pages before the current one (page 1 has none), "."-joined. */
const CURSOR_RE = /^[A-Za-z0-9_-]{1,200}$/;
const MAX_STACK = 300;

function parsePrev(raw: string | undefined): string[] {
  if (!raw) return [];
  const items = raw.split(".");
  return items.every((c) => CURSOR_RE.test(c)) ? items.slice(-MAX_STACK) : [];
}

type Query = { q?: string; genre?: string; year?: number; lang?: string; cursor?: string };

function readQuery(sp: RawSearchParams): { query: Query; problems: string[] } {
  const clean: Record<string, string | undefined> = {
    q: param(sp, "q"),
    genre: param(sp, "genre"),
    year: param(sp, "year"),
    lang: param(sp, "lang"),
    cursor: param(sp, "cursor"),
  };
  const problems: string[] = [];
  const friendly: Record<string, string> = {
    year: "the year must be a number from 1870 to 2200",
    lang: "the language must be a code such as en, fr or ja",
    genre: "the genre is not valid",
    q: "the search text must be 1 to 200 characters",
  };
  // Drop each invalid filter on its own (with a message) rather than failing the whole page.
  let parsed = listQuerySchema.safeParse({ ...clean, limit: PAGE_SIZE });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      clean[key] = undefined;
      // An over-long cursor just means page 1; the rest get a message.
      if (key !== "cursor") problems.push(friendly[key] ?? `${key}: ${issue.message}`);
    }
    parsed = listQuerySchema.safeParse({ ...clean, limit: PAGE_SIZE });
  }
  const { limit: _limit, ...query } = parsed.success ? parsed.data : { limit: PAGE_SIZE };
  return { query, problems };
}

export default async function CatalogPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const sp = await searchParams;
  const { query, problems } = readQuery(sp);
  const prev = query.cursor ? parsePrev(param(sp, "prev")) : [];
  const filters = { q: query.q, genre: query.genre, year: query.year, lang: query.lang };

  return (
    <div className="space-y-6">
      <section aria-labelledby="catalog-heading" className="space-y-4">
        <h1 id="catalog-heading" className="text-3xl font-bold tracking-tight">
          {query.q ? <>Titles matching “{query.q}”</> : "Movies"}
        </h1>
        <form method="get" action="/" role="search" aria-label="Search titles" className="flex max-w-2xl items-end gap-2">
          <SearchBox name="q" label="Search titles" defaultValue={query.q ?? ""} placeholder="Search a title, typos welcome (e.g. harry poter)" />
          {query.genre ? <input type="hidden" name="genre" value={query.genre} /> : null}
          {query.year ? <input type="hidden" name="year" value={query.year} /> : null}
          {query.lang ? <input type="hidden" name="lang" value={query.lang} /> : null}
          <button type="submit" className={`rounded-md bg-slate-700 px-4 py-2 font-semibold hover:bg-slate-600 ${focusRing}`}>
            Search
          </button>
        </form>
        <Suspense fallback={<div className="h-[66px] max-w-3xl animate-pulse rounded bg-slate-900" />}>
          <Filters filters={filters} />
        </Suspense>
        {problems.length ? (
          <div role="alert" className="rounded-md border border-amber-700 bg-amber-950/50 p-3 text-sm text-amber-100">
            Some filters were ignored: {problems.join("; ")}.
          </div>
        ) : null}
      </section>
      <Suspense
        key={JSON.stringify(query)}
        fallback={
          <div role="status" aria-live="polite">
            <span className="sr-only">Loading movies…</span>
            <MovieGridSkeleton count={18} />
          </div>
        }
      >
        <CatalogResults query={query} prev={prev} />
      </Suspense>
    </div>
  );
}

async function Filters({ filters }: { filters: Parameters<typeof FilterBar>[0]["filters"] }) {
  return <FilterBar genres={await listGenres()} filters={filters} />;
}

async function CatalogResults({ query, prev }: { query: Query; prev: string[] }) {
  const filters = { q: query.q, genre: query.genre, year: query.year, lang: query.lang };
  let movies: MovieSummary[] = [];
  let nextCursor: string | null = null;
  let pageError: string | null = null;
  try {
    const page = await catalogPage({ limit: PAGE_SIZE, q: query.q, cursor: query.cursor, genre: query.genre, year: query.year, lang: query.lang });
    movies = page.data;
    nextCursor = page.nextCursor;
  } catch (err) {
    if (err instanceof InvalidInputError) pageError = "That page link is not valid any more.";
    else if (err instanceof UnavailableError) pageError = "Title search is still starting up; try again in a few seconds.";
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
    ? hrefWith("/", { ...filters, cursor: prev.at(-1), prev: prev.length > 1 ? prev.slice(0, -1).join(".") : undefined })
    : null;
  const nextStack = query.cursor ? [...prev, query.cursor].slice(-MAX_STACK) : [];
  const nextHref = nextCursor ? hrefWith("/", { ...filters, cursor: nextCursor, prev: nextStack.length ? nextStack.join(".") : undefined }) : null;
  return (
    <div className="space-y-6">
      <Pagination page={pageNo} prevHref={prevHref} nextHref={nextHref} label="Catalog pages (top)" />
      <MovieGrid movies={movies} label={`Movies, page ${pageNo}`} />
      <Pagination page={pageNo} prevHref={prevHref} nextHref={nextHref} label="Catalog pages (bottom)" />
    </div>
  );
}
