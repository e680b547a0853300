import type { Metadata } from "next";
import Link from "next/link";
import { NotFoundError, UnavailableError } from "@/lib/errors";
import { idParamSchema, recommendByTitleQuerySchema } from "@/lib/api/schemas";
import { getMovie } from "@/lib/movies/queries";
import { recommendByTitle, similarMovies, toSummary, type SearchHit } from "@/lib/reco/service";
import { MoreLikeThese } from "@/components/MoreLikeThese";
import { Poster } from "@/components/Poster";
import type { RecoItem } from "@/components/RecommendationCard";
import { SearchBox } from "@/components/SearchBox";
import { withFacts } from "@/app/_data/reco-facts";
import { focusRing, rating, yearOf } from "@/components/format";
import { hrefWith, param, type RawSearchParams } from "@/components/search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Recommend · Movie recommender" };

/** Below this match quality the best match is shown with "Did you mean" alternatives. */
const CONFIDENT_MATCH = 0.9;

type Outcome =
  | { kind: "none" }
  | { kind: "message"; text: string }
  | { kind: "ok"; match: SearchHit; alternatives: SearchHit[]; items: RecoItem[]; picked: boolean };

async function run(title: string | undefined, rawId: string | undefined): Promise<Outcome> {
  const byId = rawId ? idParamSchema.safeParse({ id: rawId }) : undefined;
  try {
    if (byId?.success) {
      // A "Did you mean" pick (or a movie page link): that exact movie, no fuzzy matching.
      const movie = await getMovie(byId.data.id);
      if (movie) {
        const { data } = await similarMovies(movie.id, { limit: 10 });
        return { kind: "ok", match: { ...toSummary(movie), match: 1 }, alternatives: [], items: await withFacts(data), picked: true };
      }
    }
    if (!title) return { kind: "none" };
    const q = recommendByTitleQuerySchema.safeParse({ title, limit: 10 });
    if (!q.success) return { kind: "message", text: "Type a title of at most 200 characters." };
    const { match, alternatives, data } = await recommendByTitle(q.data.title, q.data.limit);
    return { kind: "ok", match, alternatives, items: await withFacts(data), picked: false };
  } catch (err) {
    if (err instanceof NotFoundError) return { kind: "message", text: `No title looks like “${title}”. Check the spelling or try another title.` };
    if (err instanceof UnavailableError)
      return { kind: "message", text: "Recommendations are warming up or temporarily unavailable. Please try again in a moment." };
    throw err;
  }
}

export default async function RecommendPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const sp = await searchParams;
  const title = param(sp, "title");
  const outcome = await run(title, param(sp, "id"));
  const boxValue = outcome.kind === "ok" && outcome.picked ? outcome.match.title : (title ?? "");

  return (
    <div className="space-y-8">
      <section aria-labelledby="recommend-heading" className="space-y-4">
        <h1 id="recommend-heading" className="text-3xl font-bold tracking-tight">
          Get recommendations
        </h1>
        <p className="max-w-2xl text-slate-300">Type or pick a movie you like and press Recommend. Misspellings are fine.</p>
        <form method="get" action="/recommend" className="flex max-w-2xl items-end gap-2" aria-label="Recommend from a title">
          <SearchBox key={boxValue} name="title" label="Movie title" mode="fill" defaultValue={boxValue} placeholder="e.g. iron man" />
          <button type="submit" className={`rounded-md bg-amber-400 px-5 py-2 font-semibold text-slate-950 hover:bg-amber-300 ${focusRing}`}>
            Recommend
          </button>
        </form>
      </section>

      {outcome.kind === "message" ? (
        <p role="status" className="rounded-md border border-amber-700 bg-amber-950/40 p-4 text-amber-100">
          {outcome.text}
        </p>
      ) : null}

      {outcome.kind === "ok" ? (
        <>
          <section aria-labelledby="match-heading" className="flex gap-4 rounded-lg border border-slate-700 bg-slate-900 p-4">
            <div className="w-24 shrink-0 sm:w-32">
              <Poster id={outcome.match.id} title={outcome.match.title} eager />
            </div>
            <div className="min-w-0 space-y-2">
              <p className="text-sm uppercase tracking-wide text-slate-400">{outcome.picked ? "Recommendations for" : "Best match"}</p>
              <h2 id="match-heading" className="text-2xl font-bold" data-testid="best-match">
                <Link href={`/movies/${outcome.match.id}`} className={`rounded hover:text-amber-300 hover:underline ${focusRing}`}>
                  {outcome.match.title} ({yearOf(outcome.match.release_date)})
                </Link>
              </h2>
              <p className="text-sm text-slate-300">
                <span aria-hidden="true" className="text-amber-400">
                  ★
                </span>{" "}
                {rating(outcome.match.vote_average)} · {outcome.match.genres.join(", ") || "no genres"}
                {outcome.picked ? null : <> · title match {(outcome.match.match * 100).toFixed(0)}%</>}
              </p>
              {!outcome.picked && outcome.match.match < CONFIDENT_MATCH && outcome.alternatives.length ? (
                <nav aria-label="Did you mean" className="text-sm">
                  <span className="text-slate-300">Did you mean: </span>
                  <ul className="inline">
                    {outcome.alternatives.map((alt, i) => (
                      <li key={alt.id} className="inline">
                        {i > 0 ? <span aria-hidden="true">, </span> : null}
                        <Link href={hrefWith("/recommend", { title: alt.title, id: alt.id })} className={`rounded text-amber-300 underline ${focusRing}`}>
                          {alt.title} ({yearOf(alt.release_date)})
                        </Link>
                      </li>
                    ))}
                  </ul>
                </nav>
              ) : null}
            </div>
          </section>
          <section aria-labelledby="results-heading" className="space-y-4">
            <h2 id="results-heading" className="text-2xl font-bold">
              Movies like {outcome.match.title}
            </h2>
            {outcome.items.length ? (
              <MoreLikeThese key={outcome.match.id} seed={{ id: outcome.match.id, title: outcome.match.title }} items={outcome.items} />
            ) : (
              <p className="text-slate-300">No recommendations for this movie yet.</p>
            )}
          </section>
        </>
      ) : null}
    </div>
  );
}
