import { browse, facets, type BrowseQuery } from "@/lib/catalog/browse";
import type { Catalog } from "@/lib/catalog/catalog";
import { SORT_KEYS } from "@/lib/catalog/order";
import type { Movie } from "@/lib/movies/types";

/** Seeded movies with what a catalog must get right: accents, CJK, >31 genres, lists with commas, ties. */
export function movieMaker(seed: number) {
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const movie = (id: number, over: Partial<Movie> = {}): Movie => {
    const year = 1920 + Math.floor(rand() * 105);
    const words = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(WORDS));
    const title = rand() < 0.1 ? pick(["Up", "9", "X", "Her"]) : words.map((w) => (rand() < 0.5 ? w[0].toUpperCase() + w.slice(1) : w)).join(" ");
    return {
      id, title, original_title: rand() < 0.2 ? `${title} (original)` : title, overview: "an overview", tagline: "",
      release_date: `${year}-${String(1 + Math.floor(rand() * 12)).padStart(2, "0")}-${String(1 + Math.floor(rand() * 28)).padStart(2, "0")}`,
      release_year: year, status: "Released", runtime: Math.floor(rand() * 200), budget: 0, revenue: 0,
      vote_average: Math.round(rand() * 100) / 10, vote_count: Math.floor(rand() * 3) * Math.floor(rand() * 5000),
      popularity: Math.round(rand() * 10_000) / 100, adult: rand() < 0.05, imdb_id: null, original_language: pick(["en", "fr", "ja", "de", "EN"]),
      homepage: "", poster_path: rand() < 0.8 ? `/p${id}.jpg` : "", backdrop_path: "", genres: GENRES.filter(() => rand() < 0.12),
      production_companies: rand() < 0.5 ? ["Studio Ü", "Films, Inc"].slice(0, 1 + Math.floor(rand() * 2)) : [], production_countries: [],
      spoken_languages: [], keywords: rand() < 0.6 ? ["heist", "dream", "夢"].filter(() => rand() < 0.6) : [], ...over,
    };
  };
  return { rand, pick, movie };
}

const WORDS = ["star", "wars", "matrix", "harry", "potter", "love", "night", "dark", "knight", "return", "king", "lord", "rings", "amélie", "café",
  "東京", "物語", "the", "of", "a", "big", "little", "house", "river", "blood", "moon", "summer", "winter", "story", "man", "woman", "dog"];
const GENRES = ["Drama", "Comedy", "Action", "Horror", "Animation", "Science Fiction", ...Array.from({ length: 30 }, (_, i) => `Genre${i}`)];
const QUERIES = ["star wars", "matrx", "harry poter", "the", "t", "lo", "amelie", "café", "東京", "night knight", "up", "9", "x", "retrun of the king",
  "lord rings", "zzz", "big little", "dog", "woman man", "summer wint"];

/** What readers see of a catalog: searches, first and second pages of every sort, facets, cards of `ids`, filter names. */
export function catalogView(c: Catalog, ids: readonly number[]) {
  const queries: BrowseQuery[] = [
    ...SORT_KEYS.flatMap((sort) => (["asc", "desc"] as const).map((order) => ({ sort, order, limit: 37 }))),
    { genres: ["Drama", "Genre29"], genreMode: "all", sort: "rating", limit: 20 },
    { excludeGenres: ["Comedy"], lang: "fr", yearFrom: 1950, yearTo: 1990, sort: "title", limit: 25, includeAdult: true },
    { q: "star", sort: "title", order: "desc", limit: 10 },
    { q: "the", limit: 30, minVotes: 100 },
  ];
  const pages = queries.map((q) => {
    const first = browse(c, q);
    const second = first.nextCursor ? browse(c, { ...q, cursor: first.nextCursor }) : undefined;
    return { first, second };
  });
  return {
    size: c.size,
    mean: c.facts.ratingMean,
    search: QUERIES.map((q) => c.searchTitles(q, 20)),
    pages,
    facets: [facets(c, {}), facets(c, { genres: ["Genre31"], includeAdult: true }), facets(c, { lang: "ja", runtimeMin: 60 })],
    cards: ids.map((id) => c.card(id)),
    names: [c.facts.genres(), c.facts.genreNamesAsWritten(), c.facts.languages(), c.facts.genreBitNames()],
  };
}
