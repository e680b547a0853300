/**
 * The real export's distributions the generator draws from, per popularity tier: votes by
 * file quantile, languages, genres, decades, and the rates of every optional field.
 */
import { Weighted } from "../random";
import * as V from "./vocab";


/** Vote count by quantile of the file (0 = most voted), log-log interpolated anchors. */
const VOTE_ANCHORS: ReadonlyArray<readonly [number, number]> = [
  [7.8e-7, 34500],
  [7.8e-6, 25000],
  [7.8e-5, 14000],
  [7.8e-4, 4500],
  [0.00233, 1390],
  [0.0078, 640],
  [0.027, 200],
  [0.06, 60],
  [0.1, 25],
  [0.16, 10],
  [0.2, 6],
  [0.26, 3],
  [0.3, 1.6],
  [0.34, 1],
];
const VOTED_FRACTION = 0.34;

export function votesAt(q: number): number {
  if (q >= VOTED_FRACTION) return 0;
  const a = VOTE_ANCHORS;
  if (q <= a[0][0]) return a[0][1];
  for (let k = 1; k < a.length; k++) {
    if (q <= a[k][0]) {
      const [q0, v0] = a[k - 1];
      const [q1, v1] = a[k];
      const t = (Math.log(q) - Math.log(q0)) / (Math.log(q1) - Math.log(q0));
      return Math.max(1, Math.floor(Math.exp(Math.log(v0) + t * (Math.log(v1) - Math.log(v0)))));
    }
  }
  return 1;
}

/** Tier 0: >= 500 votes, 1: 10..499, 2: 1..9, 3: unvoted. */
export interface Tier {
  lang: Weighted<V.Language>;
  genreCount: Weighted<number>;
  adult: number;
  imdb: number;
  notReleased: number;
  missingDate: number;
  future: number;
  poster: number;
  backdrop: number;
  homepage: number;
  tagline: number;
  noOverview: number;
  budget: number;
  revenue: number;
  runtimeZero: number;
  noCompanies: number;
  noCountries: number;
  noSpoken: number;
  noKeywords: number;
  translated: [latin: number, other: number];
  jan1: number;
  decades: Weighted<number>;
}

const langTable = (top: boolean) =>
  new Weighted(
    V.LANGUAGES,
    V.LANGUAGES.map((l) => (top ? l.top + 0.3 : l.tail)),
  );
const counts = (w: number[]) => new Weighted(w.map((_, i) => i), w);
// Decades 1900..2020 (13 entries).
const TOP_DECADES = counts([0.5, 1, 5, 10, 15, 25, 35, 50, 80, 120, 250, 300, 110]);
const TAIL_DECADES = counts([5, 10, 10, 10, 10, 20, 25, 30, 40, 60, 130, 300, 350]);

export const TIERS: readonly Tier[] = [
  {
    lang: langTable(true), genreCount: counts([0, 10, 30, 40, 20]), adult: 0.005, imdb: 1,
    notReleased: 0, missingDate: 0, future: 0, poster: 1, backdrop: 1, homepage: 0.6, tagline: 0.92,
    noOverview: 0, budget: 0.9, revenue: 0.85, runtimeZero: 0, noCompanies: 0, noCountries: 0.002,
    noSpoken: 0.002, noKeywords: 0.005, translated: [0.6, 0.85], jan1: 0.01, decades: TOP_DECADES,
  },
  {
    lang: langTable(false), genreCount: counts([3, 30, 40, 20, 7]), adult: 0.03, imdb: 0.95,
    notReleased: 0.002, missingDate: 0.01, future: 0, poster: 0.97, backdrop: 0.8, homepage: 0.2,
    tagline: 0.45, noOverview: 0.03, budget: 0.18, revenue: 0.12, runtimeZero: 0.03, noCompanies: 0.1,
    noCountries: 0.05, noSpoken: 0.05, noKeywords: 0.2, translated: [0.45, 0.75], jan1: 0.03,
    decades: TOP_DECADES,
  },
  {
    lang: langTable(false), genreCount: counts([20, 45, 27, 6, 2]), adult: 0.08, imdb: 0.7,
    notReleased: 0.01, missingDate: 0.06, future: 0.0005, poster: 0.88, backdrop: 0.45, homepage: 0.1,
    tagline: 0.15, noOverview: 0.1, budget: 0.04, revenue: 0.01, runtimeZero: 0.15, noCompanies: 0.4,
    noCountries: 0.3, noSpoken: 0.3, noKeywords: 0.55, translated: [0.3, 0.55], jan1: 0.07,
    decades: TAIL_DECADES,
  },
  {
    lang: langTable(false), genreCount: counts([50, 33, 14, 2.5, 0.5]), adult: 0.093, imdb: 0.26,
    notReleased: 0.035, missingDate: 0.2663, future: 0.0015, poster: 0.65, backdrop: 0.25,
    homepage: 0.11, tagline: 0.08, noOverview: 0.22, budget: 0.005, revenue: 0.001, runtimeZero: 0.3,
    noCompanies: 0.58, noCountries: 0.55, noSpoken: 0.5, noKeywords: 0.78, translated: [0.3, 0.55],
    jan1: 0.07, decades: TAIL_DECADES,
  },
];

export const GENRE_TAIL = new Weighted(V.GENRES.map((g) => g[0]), V.GENRES.map((g) => g[1]));
export const GENRE_TOP = new Weighted(V.GENRES.map((g) => g[0]), V.GENRES.map((g) => g[2]));
export const OTHER_STATUS = new Weighted(
  ["In Production", "Post Production", "Planned", "Rumored", "Canceled"],
  [45, 30, 17, 4, 4],
);
export const ADULT_LANG = new Weighted(
  ["en", "ja", "de", "fr", "ko", "es", "it"].map((c) => V.LANGUAGES.find((l) => l.code === c)!),
  [60, 20, 6, 5, 4, 3, 2],
);
export const SENTENCES_TAIL = counts([0, 30, 32, 22, 9, 4, 3]);
export const SMALL_BUDGETS = [2, 5, 100, 500, 1000, 5000, 10000, 20000, 25000, 50000, 100000, 250000, 1000000];
export const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
