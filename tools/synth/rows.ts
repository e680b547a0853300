/**
 * Row model of the deterministic synthetic TMDB catalog (public API: ./generator.ts): rows in the exact column order and value formats of
 * TMDB_movie_dataset_v11.csv, with the real file's distributions (scaled to any row count) and a
 * planned, exactly counted set of dirty rows for every case the ETL's cleaning rules handle.
 *
 * Layout: like the real export the file runs from the most voted films down to the long tail of
 * unvoted ones (row i sits at quantile (i + 0.5) / rows of the vote distribution, with jitter),
 * and ids grow with the row (old famous films have small ids), locally shuffled.
 */
import { Rng } from "../random";
import { COL, csvLine, fmtFloat, imdbId, malformedLine } from "./csv";
import {
  ADULT_LANG,
  GENRE_TAIL,
  GENRE_TOP,
  MONTH_DAYS,
  OTHER_STATUS,
  SENTENCES_TAIL,
  SMALL_BUDGETS,
  TIERS,
  type Tier,
  votesAt,
} from "./distributions";
import { DEFAULT_SEED, DIRTY_KINDS, DROPPED_KINDS, type DirtyKind, EXPORT_YEAR, SPECS, SYNTH_MAX_ROWS, plannedCounts } from "./plan";
import * as T from "./text";
import * as V from "./vocab";
import * as K from "./vocab-keywords";

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

export interface SynthRecord {
  /** The 24 values in TMDB_COLUMNS order, unquoted. */
  fields: string[];
  /** The dirty kind planned for this row, if any. */
  dirty?: DirtyKind;
  /** True for the deliberately malformed line (write it with malformedLine()). */
  malformed: boolean;
}

/** Counters of what was generated (natural categories next to the planned dirty kinds). */
export interface SynthStats {
  rows: number;
  dirty: Record<DirtyKind, number>;
  missingReleaseDate: number;
  notReleased: number;
  notReleasedDated: number;
  futureReleased: number;
  adult: number;
  imdb: number;
  zeroVotes: number;
  zeroBudget: number;
  zeroRevenue: number;
  zeroRuntime: number;
  noGenres: number;
  overviewQuotes: number;
  longOverview: number;
  spamTitle: number;
  translatedTitle: number;
  /** Rows expected to survive DESIGN.md's cleaning rules (one row per duplicated id). */
  expectedClean: number;
}

function emptyStats(): SynthStats {
  const dirty = {} as Record<DirtyKind, number>;
  for (const k of DIRTY_KINDS) dirty[k] = 0;
  return {
    rows: 0, dirty, missingReleaseDate: 0, notReleased: 0, notReleasedDated: 0, futureReleased: 0,
    adult: 0, imdb: 0, zeroVotes: 0, zeroBudget: 0, zeroRevenue: 0, zeroRuntime: 0, noGenres: 0,
    overviewQuotes: 0, longOverview: 0, spamTitle: 0, translatedTitle: 0, expectedClean: 0,
  };
}

/** Streaming generator of one catalog; `next()` returns records in file order. */
export class SynthGenerator {
  readonly rows: number;
  readonly seed: number;
  readonly stats: SynthStats = emptyStats();
  private readonly rng: Rng;
  private readonly idRng: Rng;
  private readonly kindAt = new Map<number, DirtyKind>();
  /** duplicate row index -> source row index */
  private readonly dupTarget = new Map<number, number>();
  private readonly dupSource = new Set<number>();
  private readonly snapshots = new Map<number, string[]>();
  private readonly meanGap: number;
  private nextId: number;
  private idBlock: number[] = [];
  private i = 0;
  private readonly keywords = T.keywordVocab();
  private readonly companies = T.companyVocab();

  constructor(rows: number, seed: number = DEFAULT_SEED) {
    if (!Number.isInteger(rows) || rows < 1 || rows > SYNTH_MAX_ROWS) {
      throw new RangeError(`rows must be an integer in 1..${SYNTH_MAX_ROWS}, got ${rows}`);
    }
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
    this.rows = rows;
    this.seed = seed;
    this.rng = new Rng(seed, 0);
    this.idRng = new Rng(seed, 2);
    this.meanGap = Math.max(1, (1_800_000 - 20) / rows);
    this.nextId = 2 + this.idRng.int(8);
    this.plan(new Rng(seed, 1));
  }

  private plan(rng: Rng): void {
    const n = this.rows;
    const want = plannedCounts(n);
    const taken = (k: number) => this.kindAt.has(k) || this.dupSource.has(k);
    const place = (lo: number, hi: number): number => {
      let a = Math.floor(lo * n);
      let b = Math.max(a + 1, Math.floor(hi * n));
      for (let attempt = 0; attempt < 64; attempt++) {
        if (attempt === 32) [a, b] = [0, n]; // range too small for this row count
        const k = a + rng.int(b - a);
        if (!taken(k)) return k;
      }
      for (let k = 0; k < n; k++) if (!taken(k)) return k;
      return -1;
    };
    for (const kind of DIRTY_KINDS) {
      for (let c = 0; c < want[kind]; c++) {
        if (kind === "duplicate_id") {
          // Source row first, its duplicate a little later (1..500 rows).
          for (let attempt = 0; attempt < 200; attempt++) {
            const src = rng.int(Math.max(1, n - 1));
            const dst = Math.min(n - 1, src + 1 + rng.int(500));
            if (dst > src && !taken(src) && !taken(dst)) {
              this.dupSource.add(src);
              this.dupTarget.set(dst, src);
              this.kindAt.set(dst, kind);
              break;
            }
          }
        } else {
          const spec = kind === "malformed_line" ? { lo: 0.01, hi: 1 } : SPECS[kind];
          const k = place(spec.lo, spec.hi);
          if (k >= 0) this.kindAt.set(k, kind);
        }
      }
    }
  }

  private takeId(): number {
    if (this.idBlock.length === 0) {
      const block: number[] = [];
      const m = this.meanGap - 1;
      for (let k = 0; k < 64; k++) {
        block.push(this.nextId);
        const gap = m > 0 ? Math.floor(-Math.log(1 - this.idRng.float()) * m + 0.5) : 0;
        this.nextId += 1 + gap;
      }
      // "Mostly increasing": a few local swaps per block.
      for (let s = 0; s < 3; s++) {
        const a = this.idRng.int(64);
        const b = Math.min(63, a + 1 + this.idRng.int(8));
        const t = block[a];
        block[a] = block[b];
        block[b] = t;
      }
      this.idBlock = block.reverse();
    }
    return this.idBlock.pop()!;
  }

  next(): SynthRecord | undefined {
    if (this.i >= this.rows) return undefined;
    const i = this.i++;
    const id = this.takeId();
    const kind = this.kindAt.get(i);
    const src = this.dupTarget.get(i);
    let rec: SynthRecord;
    if (src !== undefined) rec = this.duplicateOf(src);
    else rec = this.makeRow(i, id, kind);
    if (this.dupSource.has(i)) this.snapshots.set(i, rec.fields.slice());
    this.stats.rows++;
    if (rec.dirty) this.stats.dirty[rec.dirty]++;
    return rec;
  }

  private duplicateOf(src: number): SynthRecord {
    const rng = this.rng;
    const f = this.snapshots.get(src)!.slice();
    this.snapshots.delete(src);
    const v = Number(f[COL.vote_count]);
    let w: number;
    if (v === 0) w = rng.range(1, 3);
    else if (rng.chance(0.7)) w = Math.min(v - 1, Math.floor(v * (0.3 + 0.6 * rng.float())));
    else w = v + 1 + rng.int(Math.max(1, Math.floor(v / 2)));
    f[COL.vote_count] = String(w);
    f[COL.vote_average] = w === 0 ? "0.0" : fmtFloat(Math.min(10, Math.max(1, Number(f[COL.vote_average]) || 6 + rng.gauss())));
    f[COL.popularity] = fmtFloat(Math.max(0, Number(f[COL.popularity]) * (0.5 + rng.float())));
    const st = this.stats;
    if (w === 0) st.zeroVotes++;
    if (f[COL.imdb_id]) st.imdb++;
    if (f[COL.adult] === "True") st.adult++;
    if (f[COL.budget] === "0") st.zeroBudget++;
    if (f[COL.revenue] === "0") st.zeroRevenue++;
    if (f[COL.runtime] === "0") st.zeroRuntime++;
    if (!f[COL.genres]) st.noGenres++;
    return { fields: f, dirty: "duplicate_id", malformed: false };
  }

  private year(t: Tier): number {
    const d = t.decades.pick(this.rng);
    const y = 1900 + d * 10 + this.rng.int(10);
    return y > EXPORT_YEAR ? 2020 + this.rng.int(EXPORT_YEAR - 2020 + 1) : y;
  }

  private date(y: number, jan1: number): string {
    const rng = this.rng;
    if (rng.chance(jan1)) return `${y}-01-01`;
    const m = rng.int(12);
    const leap = m === 1 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
    const d = 1 + rng.int(MONTH_DAYS[m] + (leap ? 1 : 0));
    return `${y}-${pad2(m + 1)}-${pad2(d)}`;
  }

  private makeRow(i: number, id: number, kind: DirtyKind | undefined): SynthRecord {
    const rng = this.rng;
    const st = this.stats;
    // Planned rows (and duplicate sources) are otherwise clean, so each exercises one rule.
    const forced = kind !== undefined || this.dupSource.has(i);

    // Fame: votes from the row's quantile, jittered so the order is only roughly by votes.
    const q = Math.min(0.999999, ((i + 0.5) / this.rows) * Math.exp(0.12 * rng.gauss()));
    let votes = votesAt(q);
    if (kind === "one_char_title_voted" && votes === 0) votes = rng.range(1, 40);
    if (kind === "one_char_title_no_votes") votes = 0;
    const tierIx = votes >= 500 ? 0 : votes >= 10 ? 1 : votes >= 1 ? 2 : 3;
    const t = TIERS[tierIx];

    const adult = rng.chance(t.adult);
    const lang = adult ? ADULT_LANG.pick(rng) : t.lang.pick(rng);

    // Genres (0-4, distinct)
    const genres: string[] = [];
    const ng = adult ? (rng.chance(0.6) ? 0 : 1 + rng.int(2)) : t.genreCount.pick(rng);
    const gt = tierIx <= 1 ? GENRE_TOP : GENRE_TAIL;
    for (let tries = 0; genres.length < ng && tries < 20; tries++) {
      const g = adult ? rng.pick(["Drama", "Romance", "Comedy"]) : gt.pick(rng);
      if (!genres.includes(g)) genres.push(g);
    }
    const g0 = genres[0];

    // Status and release date
    let status = "Released";
    let date = "";
    let year = 0;
    if (!forced && rng.chance(t.notReleased)) {
      status = OTHER_STATUS.pick(rng);
      st.notReleased++;
      if (!rng.chance(0.65)) {
        if (status === "Canceled") year = 2005 + rng.int(23);
        else if (status === "Rumored") year = EXPORT_YEAR + rng.int(7) - 1;
        else year = EXPORT_YEAR + Math.floor(-Math.log(1 - rng.float()) * 0.9);
        date = this.date(year, 0.1);
        st.notReleasedDated++;
      }
    } else if (forced || !rng.chance(t.missingDate)) {
      if (!forced && rng.chance(t.future)) {
        year = EXPORT_YEAR + 1 + rng.int(5);
        st.futureReleased++;
      } else year = this.year(t);
      date = this.date(year, t.jan1);
    }
    if (!date) st.missingReleaseDate++;

    // Titles
    let original: string;
    let title: string;
    if (adult) original = title = T.adultTitle(rng);
    else if (!forced && tierIx === 3 && rng.chance(0.0004)) {
      original = title = T.spamTitle(rng);
      st.spamTitle++;
    } else {
      original = title = T.nativeTitle(rng, lang, g0, year);
      if (lang.script !== "en" && lang.script !== "none") {
        if (rng.chance(lang.script === "latin" ? t.translated[0] : t.translated[1])) {
          title = T.englishTitle(rng, g0, year);
          st.translatedTitle++;
        }
      } else if (lang.code === "en" && rng.chance(0.02)) {
        // English-language releases of foreign films keep a foreign original title.
        original = T.nativeTitle(rng, rng.pick(V.LANGUAGES), g0, year);
        if (original !== title) st.translatedTitle++;
      }
    }
    // Dirty titles
    const dirtyOriginal = rng.chance(0.5);
    switch (kind) {
      case "missing_title":
        title = "";
        break;
      case "missing_original_title":
        original = "";
        break;
      case "untitled_title":
        title = original = rng.pick(["Untitled", "Untitled", "Untitled", "untitled", "UNTITLED"]);
        break;
      case "zero_title":
        title = original = "0";
        break;
      case "one_char_title_no_votes":
      case "one_char_title_voted":
        title = original = rng.pick(V.ONE_CHAR_TITLES);
        break;
      case "punct_title":
        title = original = rng.pick(V.PUNCT_TITLES);
        break;
      case "html_title":
        title = T.htmlTitle(rng, title);
        if (dirtyOriginal) original = title;
        break;
      case "underscore_title":
        title = T.underscoreTitle(rng, title);
        if (dirtyOriginal) original = title;
        break;
      case "colon_plus_title":
        title = T.colonPlusTitle(rng, title);
        if (dirtyOriginal) original = title;
        break;
      case "whitespace_title":
        title = T.whitespaceTitle(rng, title);
        if (dirtyOriginal) original = title;
        break;
      case "non_nfkc_title":
        title = T.nonNfkcTitle(rng, title);
        if (dirtyOriginal) original = title;
        break;
      default:
        break;
    }

    // Votes, popularity
    let voteAverage = "0.0";
    if (votes > 0) {
      if (votes < 25) {
        const mean = 6.2 + 1.3 * rng.gauss();
        let sum = 0;
        for (let k = 0; k < votes; k++) sum += Math.min(10, Math.max(1, Math.round(mean + 2 * rng.gauss())));
        voteAverage = fmtFloat(sum / votes);
      } else {
        const va = 5.9 + 0.33 * Math.log10(votes) + 0.7 * rng.gauss();
        voteAverage = fmtFloat(Math.min(9.4, Math.max(1, va)), rng.chance(0.15) ? 1 : 3);
      }
    } else st.zeroVotes++;
    let popularity: string;
    if (votes > 0) {
      let p = 0.55 * Math.sqrt(votes) * Math.exp(0.45 * rng.gauss());
      if (rng.chance(0.003)) p *= 5 + 40 * rng.float();
      popularity = fmtFloat(p);
    } else {
      const r = rng.float();
      if (r < 0.38) popularity = "0.6";
      else if (r < 0.65) popularity = "0.0";
      else if (r < 0.85) popularity = fmtFloat(rng.range(1, 9) * 0.00714, 4);
      else if (r < 0.95) popularity = fmtFloat(0.6 + 0.9 * rng.float());
      else popularity = rng.pick(["1.4", "0.9", "1.001", "0.843"]);
    }

    // Money and runtime
    let budget = 0;
    let revenue = 0;
    if (rng.chance(t.budget)) {
      if (tierIx === 0) budget = Math.max(1, Math.round(Math.exp(Math.log(30e6) + 0.9 * rng.gauss()) / 1e5)) * 1e5;
      else if (tierIx === 1) budget = Math.max(1, Math.round(Math.exp(Math.log(3e6) + 1.3 * rng.gauss()) / 1e3)) * 1e3;
      else budget = rng.pick(SMALL_BUDGETS);
    }
    if (rng.chance(t.revenue)) {
      const base = budget > 0 ? budget : tierIx === 0 ? 40e6 : 1e6;
      revenue = Math.max(1, Math.floor(base * Math.exp(0.6 + 1.0 * rng.gauss())));
    }
    if (budget === 0) st.zeroBudget++;
    if (revenue === 0) st.zeroRevenue++;
    let runtime = 0;
    if (!rng.chance(t.runtimeZero)) {
      const r = rng.float();
      if (tierIx === 0) runtime = Math.round(Math.min(240, Math.max(75, 118 + 22 * rng.gauss())));
      else if (r < (tierIx === 1 ? 0.12 : 0.32)) runtime = rng.range(1, 45);
      else if (r < 0.95) runtime = Math.round(Math.min(200, Math.max(46, 95 + 18 * rng.gauss())));
      else runtime = rng.range(130, 320);
    }
    if (runtime === 0) st.zeroRuntime++;

    // Text
    let ov = "";
    let quotes = false;
    const malformed = kind === "malformed_line";
    if (!rng.chance(t.noOverview) || kind === "html_overview" || kind === "overview_newline") {
      let sentences: number;
      if (tierIx === 0) sentences = rng.range(2, 5);
      else if (tierIx === 1) sentences = rng.range(1, 4);
      else sentences = SENTENCES_TAIL.pick(rng);
      if (rng.chance(0.01)) {
        sentences = rng.range(10, 35);
        st.longOverview++;
      }
      quotes = !malformed && rng.chance(tierIx === 0 ? 0.05 : 0.035);
      ov = T.overview(rng, adult ? "Romance" : g0, { sentences, quotes, newlines: kind === "overview_newline" });
      if (kind === "html_overview") ov = T.htmlOverview(rng, ov);
      if (quotes) st.overviewQuotes++;
    }
    const tag = rng.chance(t.tagline) ? T.tagline(rng) : "";
    const home = rng.chance(t.homepage) ? T.homepage(rng, title) : "";
    const poster = rng.chance(t.poster) ? T.imagePath(rng) : "";
    const backdrop = rng.chance(t.backdrop) ? T.imagePath(rng) : "";
    const hasImdb = rng.chance(t.imdb);
    if (hasImdb) st.imdb++;

    // Lists
    const companies: string[] = [];
    if (!rng.chance(t.noCompanies)) {
      const n = tierIx === 0 ? rng.range(1, 7) : rng.chance(0.75) ? 1 : rng.range(2, 4);
      for (let tries = 0; companies.length < n && tries < 3 * n; tries++) {
        const c = this.companies[rng.zipf(this.companies.length, 1, 8)];
        if (!companies.includes(c)) companies.push(c);
      }
    }
    const countries: string[] = [];
    if (!rng.chance(t.noCountries)) {
      countries.push(rng.pick(lang.countries));
      const extra = rng.float();
      const n = extra < 0.85 ? 0 : extra < 0.95 ? 1 : rng.range(2, 4);
      for (let k = 0; k < n; k++) {
        const c = rng.pick(V.CO_COUNTRIES);
        if (!countries.includes(c)) countries.push(c);
      }
    }
    const spoken: string[] = [];
    if (!rng.chance(t.noSpoken)) {
      spoken.push(lang.name);
      const n = tierIx === 0 ? (rng.chance(0.35) ? rng.range(1, 4) : 0) : rng.chance(0.1) ? 1 : 0;
      for (let k = 0; k < n; k++) {
        const l = rng.chance(0.4) ? "English" : t.lang.pick(rng).name;
        if (!spoken.includes(l)) spoken.push(l);
      }
    }
    const kws: string[] = [];
    let nk = 0;
    if (tierIx === 0) nk = rng.chance(t.noKeywords) ? 0 : rng.range(4, 25);
    else if (!rng.chance(t.noKeywords)) nk = tierIx === 1 ? rng.range(1, 15) : Math.min(12, 1 + Math.floor(-Math.log(1 - rng.float()) * 2.5));
    if (malformed && nk < 2) nk = 2; // the line's last field must be quoted (see malformedLine)
    for (let tries = 0; kws.length < nk && tries < 3 * nk + 4; tries++) {
      let k: string;
      const r = rng.float();
      if (adult && r < 0.6) k = rng.pick(V.ADULT_KEYWORDS);
      else if (genres.length > 0 && r < 0.35) k = rng.pick(K.GENRE_KEYWORDS[rng.pick(genres)]);
      else k = this.keywords[rng.zipf(this.keywords.length, 1)];
      if (!kws.includes(k)) kws.push(k);
    }

    if (adult) st.adult++;
    if (genres.length === 0) st.noGenres++;
    if (
      date &&
      status === "Released" &&
      year <= EXPORT_YEAR &&
      (kind === undefined || !DROPPED_KINDS.has(kind))
    ) {
      st.expectedClean++;
    }

    const f: string[] = new Array(24);
    f[COL.id] = String(id);
    f[COL.title] = title;
    f[COL.vote_average] = voteAverage;
    f[COL.vote_count] = String(votes);
    f[COL.status] = status;
    f[COL.release_date] = date;
    f[COL.revenue] = String(revenue);
    f[COL.runtime] = String(runtime);
    f[COL.adult] = adult ? "True" : "False";
    f[COL.backdrop_path] = backdrop;
    f[COL.budget] = String(budget);
    f[COL.homepage] = home;
    f[COL.imdb_id] = hasImdb ? imdbId(id) : "";
    f[COL.original_language] = lang.code;
    f[COL.original_title] = original;
    f[COL.overview] = ov;
    f[COL.popularity] = popularity;
    f[COL.poster_path] = poster;
    f[COL.tagline] = tag;
    f[COL.genres] = genres.join(", ");
    f[COL.production_companies] = companies.join(", ");
    f[COL.production_countries] = countries.join(", ");
    f[COL.spoken_languages] = spoken.join(", ");
    f[COL.keywords] = kws.join(", ");
    return { fields: f, dirty: kind, malformed };
  }
}

/** The CSV text line of a record (malformed rows come out malformed). */
export function recordLine(r: SynthRecord): string {
  return r.malformed ? malformedLine(r.fields) : csvLine(r.fields);
}
