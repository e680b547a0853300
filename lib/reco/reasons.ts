import { languageName } from "@/lib/movies/language-name";
import type { Movie } from "@/lib/movies/types";

type ReasonSource = Pick<
  Movie,
  "genres" | "keywords" | "production_companies" | "release_year" | "original_language"
>;

function shared(a: readonly string[], b: readonly string[], max: number): string[] {
  const set = new Set(a.map((x) => x.toLowerCase()));
  return b.filter((x) => set.has(x.toLowerCase())).slice(0, max);
}

/** Human-readable reasons a candidate resembles the seed(s), most specific first. */
export function explain(seeds: readonly ReasonSource[], candidate: ReasonSource): string[] {
  const reasons: string[] = [];
  const allSeedKeywords = seeds.flatMap((s) => s.keywords);
  const allSeedCompanies = seeds.flatMap((s) => s.production_companies);
  const allSeedGenres = seeds.flatMap((s) => s.genres);
  const keywords = shared(allSeedKeywords, candidate.keywords, 3);
  if (keywords.length) reasons.push(`shared keywords: ${keywords.join(", ")}`);
  const companies = shared(allSeedCompanies, candidate.production_companies, 2);
  if (companies.length) reasons.push(`same studio: ${companies.join(", ")}`);
  const genres = shared(allSeedGenres, candidate.genres, 3);
  if (genres.length) reasons.push(`shared genres: ${genres.join(", ")}`);
  const decade = Math.floor(candidate.release_year / 10) * 10;
  if (candidate.release_year > 0 && seeds.some((s) => Math.floor(s.release_year / 10) * 10 === decade))
    reasons.push(`same decade: ${decade}s`);
  if (candidate.original_language && seeds.some((s) => s.original_language === candidate.original_language))
    reasons.push(`same language: ${languageName(candidate.original_language)}`);
  return reasons;
}
