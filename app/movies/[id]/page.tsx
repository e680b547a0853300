import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { NotFoundError, UnavailableError } from "@/lib/errors";
import { similarMovies } from "@/lib/reco/service";
import { Poster } from "@/components/Poster";
import type { RecoItem } from "@/components/RecommendationCard";
import { ProfileAwareList } from "@/components/profile/ProfileAwareList";
import { ProfileButtons } from "@/components/profile/ProfileButtons";
import { withFacts } from "@/app/_data/reco-facts";
import { compactNumber, focusRing, money, rating, runtimeText, yearOf } from "@/components/format";
import { languageName } from "@/lib/movies/language-name";
import { hrefWith, param, type RawSearchParams } from "@/components/search-params";
import { loadMovie } from "./movie";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> };


export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const movie = await loadMovie((await params).id);
  if (!movie) return { title: "Not found · Movie recommender" };
  return {
    title: `${movie.title} (${yearOf(movie.release_date)}) · Movie recommender`,
    description: movie.overview.slice(0, 200) || undefined,
  };
}

function Facts({ items }: { items: [string, React.ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1.5 text-sm">
      {items.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-400">{k}</dt>
          <dd className="min-w-0 break-words text-slate-100">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

const orNone = (xs: string[]) => (xs.length ? xs.join(", ") : "–");

function Chip({ href, on, children }: { href: string; on: boolean; children: React.ReactNode }) {
  return (
    <Link
      href={href}
      scroll={false}
      className={`rounded-full border px-3 py-1 text-sm ${focusRing} ${
        on ? "border-amber-400 bg-amber-400 font-semibold text-slate-950" : "border-slate-600 text-slate-200 hover:bg-slate-800"
      }`}
    >
      {on ? (
        <>
          <span aria-hidden="true">✓ </span>
          <span className="sr-only">Remove filter: </span>
        </>
      ) : null}
      {children}
    </Link>
  );
}

export default async function MoviePage({ params, searchParams }: Props) {
  const { id: rawId } = await params;
  const movie = await loadMovie(rawId);
  if (!movie) notFound();
  const sp = await searchParams;

  // Filter chips: links that toggle one query parameter each and re-query the recommendations.
  const genreParam = param(sp, "genre");
  const genre = movie.genres.find((g) => g === genreParam);
  const era = param(sp, "era") === "1";
  const adult = param(sp, "adult") === "1";
  const state = { genre, era: era ? "1" : undefined, adult: adult ? "1" : undefined };
  const base = `/movies/${movie.id}`;
  const toggle = (patch: Partial<typeof state>) => `${hrefWith(base, { ...state, ...patch })}#more-like-this`;

  let recs: RecoItem[] = [];
  let recoError: string | null = null;
  const filters = {
    genre,
    yearFrom: era ? Math.max(1870, movie.release_year - 10) : undefined,
    yearTo: era ? movie.release_year + 10 : undefined,
    includeAdult: adult,
  };
  try {
    const { data } = await similarMovies(movie.id, { limit: 10, ...filters });
    recs = await withFacts(data);
  } catch (err) {
    if (err instanceof UnavailableError)
      recoError = "Recommendations are warming up or temporarily unavailable. Please try again in a moment.";
    else if (err instanceof NotFoundError) notFound();
    else throw err;
  }

  const year = yearOf(movie.release_date);
  return (
    <article className="space-y-10">
      <div className="grid gap-6 md:grid-cols-[minmax(0,18rem)_1fr]">
        <div className="mx-auto w-48 sm:w-60 md:mx-0 md:w-full">
          <Poster id={movie.id} title={movie.title} eager />
        </div>
        <div className="min-w-0 space-y-4">
          <header>
            <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">
              {movie.title} <span className="font-normal text-slate-400">({year})</span>
            </h1>
            {movie.original_title && movie.original_title !== movie.title ? (
              <p className="mt-1 text-slate-300">Original title: {movie.original_title}</p>
            ) : null}
            {movie.tagline ? <p className="mt-2 text-lg italic text-amber-200">{movie.tagline}</p> : null}
          </header>
          <p className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-200">
            <span>
              <span aria-hidden="true" className="text-amber-400">
                ★
              </span>{" "}
              <strong>{rating(movie.vote_average)}</strong>/10 <span className="text-slate-400">({compactNumber(movie.vote_count)} votes)</span>
            </span>
            <span>{runtimeText(movie.runtime)}</span>
            <span>{movie.release_date}</span>
            {movie.adult ? <span className="rounded bg-rose-800 px-1.5 text-white">adult</span> : null}
          </p>
          {movie.genres.length ? (
            <ul aria-label="Genres" className="flex flex-wrap gap-2">
              {movie.genres.map((g) => (
                <li key={g}>
                  <Link href={hrefWith("/", { genre: g })} className={`rounded-full bg-slate-800 px-3 py-1 text-sm hover:bg-slate-700 ${focusRing}`}>
                    {g}
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
          <section aria-labelledby="overview-heading">
            <h2 id="overview-heading" className="sr-only">
              Overview
            </h2>
            <p className="max-w-3xl leading-relaxed text-slate-100">{movie.overview || "No overview available."}</p>
          </section>
          <Facts
            items={[
              ["Original language", languageName(movie.original_language)],
              ["Spoken languages", orNone(movie.spoken_languages)],
              ["Countries", orNone(movie.production_countries)],
              ["Companies", orNone(movie.production_companies)],
              ["Budget", money(movie.budget)],
              ["Revenue", money(movie.revenue)],
              ["Status", movie.status],
              ["Keywords", orNone(movie.keywords.slice(0, 30))],
            ]}
          />
          <ProfileButtons movie={movie} size="md" />
          <p className="flex flex-wrap gap-3">
            {movie.imdb_id ? (
              <a
                href={`https://www.imdb.com/title/${movie.imdb_id}/`}
                rel="noopener noreferrer"
                target="_blank"
                className={`rounded-md bg-yellow-400 px-3 py-1.5 text-sm font-semibold text-slate-950 hover:bg-yellow-300 ${focusRing}`}
              >
                IMDb<span className="sr-only"> page of {movie.title} (opens in a new tab)</span>
              </a>
            ) : null}
            {/^https?:\/\//i.test(movie.homepage) ? (
              <a
                href={movie.homepage}
                rel="noopener noreferrer nofollow"
                target="_blank"
                className={`rounded-md border border-slate-600 px-3 py-1.5 text-sm hover:bg-slate-800 ${focusRing}`}
              >
                Official site<span className="sr-only"> (opens in a new tab)</span>
              </a>
            ) : null}
            <Link
              href={hrefWith("/recommend", { title: movie.title })}
              className={`rounded-md border border-slate-600 px-3 py-1.5 text-sm hover:bg-slate-800 ${focusRing}`}
            >
              Open in Recommend
            </Link>
          </p>
        </div>
      </div>

      <section id="more-like-this" aria-labelledby="more-heading" className="scroll-mt-4 space-y-4">
        <h2 id="more-heading" className="text-2xl font-bold">
          More like this
        </h2>
        <div className="flex flex-wrap items-center gap-2" aria-label="Recommendation filters" role="group">
          {movie.genres.map((g) => (
            <Chip key={g} href={toggle({ genre: genre === g ? undefined : g })} on={genre === g}>
              Only {g}
            </Chip>
          ))}
          <Chip href={toggle({ era: era ? undefined : "1" })} on={era}>
            Same era (±10 years)
          </Chip>
          <Chip href={toggle({ adult: adult ? undefined : "1" })} on={adult}>
            Include adult titles
          </Chip>
          {genre || era || adult ? (
            <Link href={`${base}#more-like-this`} scroll={false} className={`rounded px-2 py-1 text-sm underline ${focusRing}`}>
              Reset
            </Link>
          ) : null}
        </div>
        {recoError ? (
          <p role="status" className="rounded-md border border-amber-700 bg-amber-950/40 p-4 text-amber-100">
            {recoError}
          </p>
        ) : (
          <ProfileAwareList seed={movie.id} items={recs} filters={filters} label={`Movies like ${movie.title}`} />
        )}
      </section>
    </article>
  );
}
