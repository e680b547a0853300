import { SORT_KEYS, SortedView, type SortKey } from "./order";

/**
 * Compact per-movie facts the recommender and the catalog filter and sort on, kept in typed arrays
 * so a million movies cost a few tens of MB and a filter check is a few array reads (it runs
 * inside the HNSW search and over every slot of a facet count).
 */
export interface FactsEntry {
  id: number;
  title: string;
  release_date: string;
  release_year: number;
  vote_average: number;
  vote_count: number;
  popularity: number;
  runtime: number;
  original_language: string;
  /** A list, or the stored ", "-joined form (cached by string: a million rows share few combinations). */
  genres: readonly string[] | string;
  adult: boolean;
}

/** The filters every reader shares: similar, recommend, the catalog list and its facets. */
export interface RecoFilters {
  /** One genre the movie must have (the original similar/list filter). */
  genre?: string;
  genres?: readonly string[];
  /** `any` (default): at least one of `genres`; `all`: every one. */
  genreMode?: "any" | "all";
  excludeGenres?: readonly string[];
  lang?: string;
  yearFrom?: number;
  yearTo?: number;
  minVotes?: number;
  /** On the raw vote_average (what TMDB's vote_average.gte means), not the shrunk one. */
  minRating?: number;
  runtimeMin?: number;
  runtimeMax?: number;
  includeAdult?: boolean;
}

/**
 * The rating sort's Bayesian shrinkage: (v*R + m*C) / (v + m), C the vote-weighted mean rating
 * of the catalog when it was loaded (fixed until the next load, so live writes never reorder
 * everything), m a prior of this many votes. A 10/10 with one vote ranks near C, not first.
 */
export const RATING_PRIOR_VOTES = 50;
const DEFAULT_MEAN_RATING = 6;

/** The filters as plain numbers and name lists, so the loops below read typed arrays and little else. */
interface Compiled {
  anyMask: number;
  allMask: number;
  excludeMask: number;
  /** Genres outside the 31 with a bit, checked against the slot's genre list (rare). */
  anyNames: string[];
  allNames: string[];
  excludeNames: string[];
  lang: number;
  yearFrom: number;
  yearTo: number;
  minVotes: number;
  minRating: number;
  runtimeMin: number;
  runtimeMax: number;
  rejectFlags: number;
}

const OVERFLOW_BIT = 1 << 31;
const NO_GENRES: readonly string[] = [];

export class CatalogFacts {
  private slotOf = new Map<number, number>();
  private ids: Int32Array;
  private year: Int16Array;
  private votes: Int32Array;
  private rating: Float64Array;
  private shrunk: Float64Array;
  private pop: Float64Array;
  /** release_date as YYYYMMDD. */
  private date: Int32Array;
  private minutes: Uint16Array;
  private lang: Uint16Array;
  private genreMask: Uint32Array;
  private flags: Uint8Array; // bit 0: adult, bit 1: deleted
  /** Lowercased title: the title sort's key (compared by UTF-16 code units). */
  private titleKey: string[] = [];
  /** Lowercased genre names per slot (shared lists), for genres past the 31 bits and facet names. */
  private genreKeys: (readonly string[])[] = [];
  private used = 0;
  private readonly genreBit = new Map<string, number>();
  /** Every genre seen, lowercased -> as first written. */
  private readonly genreNames = new Map<string, string>();
  private readonly langCode = new Map<string, number>();
  private readonly langNames: string[] = [""];
  private readonly listCache = new Map<string, { mask: number; keys: readonly string[] }>();
  private meanRating = DEFAULT_MEAN_RATING;
  private views: Map<SortKey, SortedView> | null = null;

  constructor(capacity = 1024) {
    this.ids = new Int32Array(capacity);
    this.year = new Int16Array(capacity);
    this.votes = new Int32Array(capacity);
    this.rating = new Float64Array(capacity);
    this.shrunk = new Float64Array(capacity);
    this.pop = new Float64Array(capacity);
    this.date = new Int32Array(capacity);
    this.minutes = new Uint16Array(capacity);
    this.lang = new Uint16Array(capacity);
    this.genreMask = new Uint32Array(capacity);
    this.flags = new Uint8Array(capacity);
  }

  /** Live (not deleted) movies. */
  get size(): number {
    return this.slotOf.size;
  }

  private grow(): void {
    const cap = this.ids.length * 2;
    const resize = <T extends Int32Array | Int16Array | Float64Array | Uint16Array | Uint32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    this.ids = resize(this.ids);
    this.year = resize(this.year);
    this.votes = resize(this.votes);
    this.rating = resize(this.rating);
    this.shrunk = resize(this.shrunk);
    this.pop = resize(this.pop);
    this.date = resize(this.date);
    this.minutes = resize(this.minutes);
    this.lang = resize(this.lang);
    this.genreMask = resize(this.genreMask);
    this.flags = resize(this.flags);
  }

  /** Genres beyond the first 31 seen share the last bit: their names are checked in the slot's list. */
  private genresOf(genres: readonly string[] | string): { mask: number; keys: readonly string[] } {
    if (typeof genres === "string") {
      let cached = this.listCache.get(genres);
      if (cached === undefined) {
        cached = this.genresOf(genres ? genres.split(", ") : NO_GENRES);
        this.listCache.set(genres, cached);
      }
      return cached;
    }
    let mask = 0;
    const keys: string[] = [];
    for (const g of genres) {
      const key = g.toLowerCase();
      if (!this.genreNames.has(key)) this.genreNames.set(key, g);
      let bit = this.genreBit.get(key);
      if (bit === undefined && this.genreBit.size < 31) this.genreBit.set(key, (bit = this.genreBit.size));
      mask |= bit === undefined ? OVERFLOW_BIT : 1 << bit;
      keys.push(key);
    }
    return { mask: mask >>> 0, keys };
  }

  private codeOf(lang: string): number {
    const key = lang.toLowerCase();
    let code = this.langCode.get(key);
    if (code === undefined) {
      code = this.langCode.size + 1;
      this.langCode.set(key, code);
      this.langNames[code] = key;
    }
    return code;
  }

  private shrink(votes: number, rating: number): number {
    return (votes * rating + RATING_PRIOR_VOTES * this.meanRating) / (votes + RATING_PRIOR_VOTES);
  }

  upsert(e: FactsEntry): number {
    let slot = this.slotOf.get(e.id);
    const existed = slot !== undefined;
    if (slot === undefined) {
      if (this.used === this.ids.length) this.grow();
      slot = this.used++;
      this.slotOf.set(e.id, slot);
    }
    // A sorted view finds a slot by its old key: take it out before the key changes.
    const before = existed && this.views ? [...this.views.values()].map((v) => v.keyOf(slot)) : undefined;
    const genres = this.genresOf(e.genres);
    this.ids[slot] = e.id;
    this.year[slot] = e.release_year;
    this.votes[slot] = e.vote_count;
    this.rating[slot] = e.vote_average;
    this.shrunk[slot] = this.shrink(e.vote_count, e.vote_average);
    this.pop[slot] = e.popularity;
    this.date[slot] = Number(e.release_date.slice(0, 10).replaceAll("-", "")) || 0;
    this.minutes[slot] = Math.min(65_535, Math.max(0, Math.round(e.runtime)));
    this.titleKey[slot] = e.title.toLowerCase();
    this.lang[slot] = this.codeOf(e.original_language);
    this.genreMask[slot] = genres.mask;
    this.genreKeys[slot] = genres.keys;
    this.flags[slot] = e.adult ? 1 : 0;
    if (this.views) {
      let i = 0;
      for (const view of this.views.values()) {
        const old = before?.[i++];
        if (old === undefined) view.insert(slot);
        else view.move(slot, old);
      }
    }
    return slot;
  }

  remove(id: number): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    for (const view of this.views?.values() ?? []) view.remove(slot, view.keyOf(slot));
    this.flags[slot] |= 2;
    this.slotOf.delete(id);
  }

  /**
   * After a bulk load: fixes the rating sort's mean and builds the sorted views, which `upsert` and
   * `remove` then keep in order.
   */
  finishLoad(): void {
    let votes = 0;
    let weighted = 0;
    const live = this.select({ includeAdult: true });
    for (const slot of live) {
      votes += this.votes[slot];
      weighted += this.votes[slot] * this.rating[slot];
    }
    this.meanRating = votes > 0 ? Math.round((weighted / votes) * 100) / 100 : DEFAULT_MEAN_RATING;
    for (const slot of live) this.shrunk[slot] = this.shrink(this.votes[slot], this.rating[slot]);
    const ids = (slot: number) => this.ids[slot];
    const keyOf: Record<SortKey, (slot: number) => number | string> = {
      popularity: (s) => this.pop[s],
      rating: (s) => this.shrunk[s],
      release_date: (s) => this.date[s],
      title: (s) => this.titleKey[s],
      vote_count: (s) => this.votes[s],
    };
    this.views = new Map(SORT_KEYS.map((k) => [k, SortedView.build(live, keyOf[k], ids)]));
  }

  /** The movies in `sort` order (key, then id, ascending); null before `finishLoad`. */
  view(sort: SortKey): SortedView | null {
    return this.views?.get(sort) ?? null;
  }

  /** The mean rating the shrinkage pulls towards. */
  get ratingMean(): number {
    return this.meanRating;
  }

  has(id: number): boolean {
    return this.slotOf.has(id);
  }

  /** Genre names (lowercased), for naming the valid values of a filter. */
  genres(): string[] {
    return [...this.genreNames.keys()].sort();
  }

  /** Genre names as first written (e.g. "Science Fiction"), sorted. */
  genreNamesAsWritten(): string[] {
    return [...this.genreNames.values()].sort();
  }

  languages(): string[] {
    return [...this.langCode.keys()].filter(Boolean).sort();
  }

  knowsGenre(genre: string): boolean {
    return this.genreNames.has(genre.toLowerCase());
  }

  knowsLanguage(lang: string): boolean {
    return this.langCode.has(lang.toLowerCase());
  }

  /** Filter values no movie has, as field errors naming the valid values: a typo is worth a 400, not an empty list. */
  unknownNames(f: RecoFilters, field = ""): { path: string; message: string }[] {
    // While the catalog is still loading nothing is known yet: let the filter through.
    if (this.size === 0) return [];
    const issues: { path: string; message: string }[] = [];
    const genres: [string, readonly string[] | undefined][] = [
      ["genre", f.genre === undefined ? undefined : [f.genre]],
      ["genres", f.genres],
      ["excludeGenres", f.excludeGenres],
    ];
    for (const [path, names] of genres)
      for (const g of names ?? NO_GENRES)
        if (!this.knowsGenre(g)) issues.push({ path: field + path, message: `unknown genre "${g}"; valid: ${this.genres().join(", ")}` });
    if (f.lang !== undefined && !this.knowsLanguage(f.lang))
      issues.push({ path: `${field}lang`, message: `no movie has original language "${f.lang}"; valid: ${this.languages().join(", ")}` });
    return issues;
  }

  private splitGenres(names: readonly string[] | undefined): { mask: number; rest: string[] } {
    let mask = 0;
    const rest: string[] = [];
    for (const name of names ?? NO_GENRES) {
      const bit = this.genreBit.get(name.toLowerCase());
      if (bit === undefined) rest.push(name.toLowerCase());
      else mask |= 1 << bit;
    }
    return { mask: mask >>> 0, rest };
  }

  private compile(f: RecoFilters): Compiled {
    const allMode = f.genreMode === "all";
    const any = this.splitGenres(allMode ? undefined : f.genres);
    const all = this.splitGenres([...(f.genre ? [f.genre] : []), ...(allMode ? (f.genres ?? []) : [])]);
    const excluded = this.splitGenres(f.excludeGenres);
    return {
      anyMask: any.mask,
      allMask: all.mask,
      excludeMask: excluded.mask,
      anyNames: any.rest,
      allNames: all.rest,
      excludeNames: excluded.rest,
      lang: f.lang ? (this.langCode.get(f.lang.toLowerCase()) ?? -1) : 0,
      yearFrom: f.yearFrom ?? -32768,
      yearTo: f.yearTo ?? 32767,
      minVotes: f.minVotes ?? -1,
      minRating: f.minRating ?? -Infinity,
      runtimeMin: f.runtimeMin ?? 0,
      runtimeMax: f.runtimeMax ?? 65_535,
      rejectFlags: f.includeAdult === true ? 2 : 3,
    };
  }

  /** The genre part of a filter: the masks decide, except for genres past the 31 bits. */
  private genresPass(slot: number, c: Compiled): boolean {
    const mask = this.genreMask[slot];
    if ((mask & c.allMask) !== c.allMask || (mask & c.excludeMask) !== 0) return false;
    const needsAny = c.anyMask !== 0 || c.anyNames.length > 0;
    if (needsAny && (mask & c.anyMask) === 0 && !c.anyNames.some((n) => this.genreKeys[slot].includes(n))) return false;
    if (c.allNames.length && !c.allNames.every((n) => this.genreKeys[slot].includes(n))) return false;
    return !(c.excludeNames.length && mask & OVERFLOW_BIT && c.excludeNames.some((n) => this.genreKeys[slot].includes(n)));
  }

  private admits(slot: number, c: Compiled): boolean {
    if ((this.flags[slot] & c.rejectFlags) !== 0) return false;
    if (c.lang !== 0 && this.lang[slot] !== c.lang) return false;
    const y = this.year[slot];
    if (y < c.yearFrom || y > c.yearTo || this.votes[slot] < c.minVotes || this.rating[slot] < c.minRating) return false;
    const m = this.minutes[slot];
    if (m < c.runtimeMin || m > c.runtimeMax) return false;
    return this.genresPass(slot, c);
  }

  /** A predicate over slots for the given filters (deleted slots never pass). */
  slotFilter(filters: RecoFilters): (slot: number) => boolean {
    const c = this.compile(filters);
    return (slot: number) => this.admits(slot, c);
  }

  /** A predicate over movie ids for the given filters. Unknown (never loaded or deleted) ids never pass. */
  predicate(filters: RecoFilters, exclude: ReadonlySet<number> = new Set()): (id: number) => boolean {
    const c = this.compile(filters);
    return (id: number) => {
      if (exclude.has(id)) return false;
      const slot = this.slotOf.get(id);
      return slot !== undefined && this.admits(slot, c);
    };
  }

  /** Every live movie's slot that passes the filters (exclusions aside): one pass over the typed arrays. */
  select(filters: RecoFilters): Int32Array {
    const c = this.compile(filters);
    const used = this.used;
    const slots = new Int32Array(used);
    let count = 0;
    for (let slot = 0; slot < used; slot++) if (this.admits(slot, c)) slots[count++] = slot;
    return slots.subarray(0, count);
  }

  /** What a facet count reads of a slot. */
  genreMaskAt(slot: number): number {
    return this.genreMask[slot];
  }

  genreKeysAt(slot: number): readonly string[] {
    return this.genreKeys[slot];
  }

  yearAt(slot: number): number {
    return this.year[slot];
  }

  langAt(slot: number): number {
    return this.lang[slot];
  }

  /** Display names of the 31 genre bits, by bit. */
  genreBitNames(): string[] {
    const out: string[] = [];
    for (const [key, bit] of this.genreBit) out[bit] = this.genreNames.get(key) ?? key;
    return out;
  }

  genreName(key: string): string {
    return this.genreNames.get(key) ?? key;
  }

  langName(code: number): string {
    return this.langNames[code] ?? "";
  }

  /** The movie id in a slot (slots are stable until the next full catalog load). */
  idAt(slot: number): number {
    return this.ids[slot];
  }

  slotCount(): number {
    return this.used;
  }

  slotOfId(id: number): number | undefined {
    return this.slotOf.get(id);
  }
}
