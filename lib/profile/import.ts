import "server-only";
import type { MovieSummary } from "@/lib/api/schemas";
import { idsByImdbId } from "@/lib/movies/queries";
import { getRuntime } from "@/lib/reco/runtime";
import { searchTitles, type SearchHit } from "@/lib/reco/service";
import { parseRatingsCsv, type Opinion, type RatedRow } from "./ratings-csv";

/**
 * A ratings export matched to the catalog; nothing is stored on the server. IMDb ids match
 * directly (one query); the rest by the typo-tolerant title search plus the year.
 */

/** Below this title-match quality a hit is not the rated movie (one typo in a word scores ~0.85). */
const MIN_MATCH = 0.7;
/** Release years differ by country: a year off by one still matches when no exact one does. */
const YEAR_SLACK = 1;
const CANDIDATES_MAX = 5;
/** Rows matched between yields to the event loop: a long file must not stall other requests. */
const YIELD_EVERY = 200;

type RowInfo = Pick<RatedRow, "row" | "title" | "year" | "rating" | "opinion">;
type Candidate = Pick<MovieSummary, "id" | "title" | "release_date" | "vote_count" | "original_language">;

interface ImportResult {
  format: "letterboxd" | "imdb";
  likes: number[];
  dislikes: number[];
  seen: number[];
  matched: (RowInfo & { id: number; movie: string })[];
  ambiguous: (RowInfo & { candidates: Candidate[] })[];
  missing: RowInfo[];
}

const yearOf = (m: { release_date: string }) => Number(m.release_date.slice(0, 4));
const candidate = ({ id, title, release_date, vote_count, original_language }: SearchHit): Candidate => ({
  id,
  title,
  release_date,
  vote_count,
  original_language,
});

/** The catalog movies a title and year may mean, best first; one means matched. */
async function titleCandidates(title: string, year: number | null): Promise<SearchHit[]> {
  const hits = (await searchTitles(title, 20)).filter((h) => h.match >= MIN_MATCH);
  let pool = hits;
  if (year !== null) {
    const exact = hits.filter((h) => yearOf(h) === year);
    pool = exact.length ? exact : hits.filter((h) => Math.abs(yearOf(h) - year) <= YEAR_SLACK);
  }
  const best = pool[0]?.match ?? 0;
  // Equally good title matches (same quality, steps of 0.01) are for the visitor to choose among.
  return pool.filter((h) => h.match >= best).slice(0, CANDIDATES_MAX);
}

export async function importRatings(csv: string): Promise<ImportResult> {
  const { format, rows } = parseRatingsCsv(csv);
  const byImdb = await idsByImdbId(rows.flatMap((r) => (r.imdbId ? [r.imdbId] : [])));
  // A movie rated twice keeps its last rating.
  const { catalog } = await getRuntime();
  const opinions = new Map<number, Opinion>();
  const result: ImportResult = { format, likes: [], dislikes: [], seen: [], matched: [], ambiguous: [], missing: [] };
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && i % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
    const { imdbId, ...info } = rows[i];
    const direct = imdbId ? byImdb.get(imdbId) : undefined;
    const candidates = direct !== undefined ? [] : await titleCandidates(info.title, info.year);
    const id = direct ?? (candidates.length === 1 ? candidates[0].id : undefined);
    if (id !== undefined) {
      opinions.set(id, info.opinion);
      result.matched.push({ ...info, id, movie: catalog.card(id)?.title ?? info.title });
    } else if (candidates.length) result.ambiguous.push({ ...info, candidates: candidates.map(candidate) });
    else result.missing.push(info);
  }
  for (const [id, opinion] of opinions) {
    result.seen.push(id);
    if (opinion === "like") result.likes.push(id);
    if (opinion === "dislike") result.dislikes.push(id);
  }
  return result;
}
