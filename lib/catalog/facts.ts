import { IdMap } from "@/lib/search/id-map";
import { FactNames, OVERFLOW_BIT, type FactNamesState } from "./names";
import { SORT_KEYS, SortedView, type SortKey } from "./order";
import { StringColumn, type StringColumnState } from "./strings";

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

const NO_GENRES: readonly string[] = [];

/** The per-slot columns, as typed arrays (the shrunk rating and genre masks follow from them). */
interface FactColumns {
  ids: Int32Array<ArrayBuffer>;
  year: Int16Array<ArrayBuffer>;
  votes: Int32Array<ArrayBuffer>;
  rating: Float64Array<ArrayBuffer>;
  pop: Float64Array<ArrayBuffer>;
  date: Int32Array<ArrayBuffer>;
  minutes: Uint16Array<ArrayBuffer>;
  lang: Uint16Array<ArrayBuffer>;
  genreList: Uint32Array<ArrayBuffer>;
  flags: Uint8Array<ArrayBuffer>;
}

/** The facts as a snapshot saves them, sorted views included (slots in each sort's order). */
export interface FactsState extends FactColumns {
  used: number;
  meanRating: number;
  title: StringColumnState;
  names: FactNamesState;
  views: Record<SortKey, Int32Array<ArrayBuffer>>;
}

export class CatalogFacts {
  private slotOf: IdMap;
  private ids: Int32Array<ArrayBuffer>;
  private year: Int16Array<ArrayBuffer>;
  private votes: Int32Array<ArrayBuffer>;
  private rating: Float64Array<ArrayBuffer>;
  private shrunk: Float64Array<ArrayBuffer>;
  private pop: Float64Array<ArrayBuffer>;
  /** release_date as YYYYMMDD. */
  private date: Int32Array<ArrayBuffer>;
  private minutes: Uint16Array<ArrayBuffer>;
  private lang: Uint16Array<ArrayBuffer>;
  private genreMask: Uint32Array<ArrayBuffer>;
  /** Each slot's genre list (names.list): its stored text, and its names for genres past the 31 bits and facets. */
  private genreList: Uint32Array<ArrayBuffer>;
  private flags: Uint8Array<ArrayBuffer>; // bit 0: adult, bit 1: deleted
  /** The title as written; lowercased, the title sort's key (compared by UTF-16 code units). */
  private readonly title: StringColumn;
  private used = 0;
  private readonly names: FactNames;
  private meanRating = DEFAULT_MEAN_RATING;
  private views: Map<SortKey, SortedView> | null = null;

  /** `saved`: a state from `state()`, taken over as is (its arrays are not copied). */
  constructor(capacity = 1024, saved?: FactsState) {
    if (saved && (!saved.title || !saved.names || !saved.views)) throw new RangeError("saved facts lack a part");
    const n = saved ? saved.used : capacity;
    const columns: FactColumns = saved ?? {
      ids: new Int32Array(n),
      year: new Int16Array(n),
      votes: new Int32Array(n),
      rating: new Float64Array(n),
      pop: new Float64Array(n),
      date: new Int32Array(n),
      minutes: new Uint16Array(n),
      lang: new Uint16Array(n),
      genreList: new Uint32Array(n),
      flags: new Uint8Array(n),
    };
    const { ids, year, votes, rating, pop, date, minutes, lang, genreList, flags } = columns;
    if ([ids, year, votes, rating, pop, date, minutes, lang, genreList, flags].some((a) => a.length !== n)) throw new RangeError("saved fact columns differ in length");
    this.ids = ids;
    this.year = year;
    this.votes = votes;
    this.rating = rating;
    this.pop = pop;
    this.date = date;
    this.minutes = minutes;
    this.lang = lang;
    this.genreList = genreList;
    this.flags = flags;
    this.shrunk = new Float64Array(n);
    this.genreMask = new Uint32Array(n);
    this.names = new FactNames(saved?.names);
    this.title = new StringColumn(saved?.title);
    this.slotOf = new IdMap(n);
    if (!saved) return;
    this.used = n;
    this.meanRating = saved.meanRating;
    for (let slot = 0; slot < n; slot++) {
      if (this.genreList[slot] >= this.names.listCount) throw new RangeError("a saved slot names a genre list that is not saved");
      this.genreMask[slot] = this.names.list(this.genreList[slot]).mask;
      this.shrunk[slot] = this.shrink(this.votes[slot], this.rating[slot]);
      if (!(this.flags[slot] & 2)) this.slotOf.set(this.ids[slot], slot);
    }
    const keyOf = this.sortKeys();
    if (SORT_KEYS.some((k) => saved.views[k]?.length !== this.size)) throw new RangeError("a saved sorted view does not hold every live movie");
    this.views = new Map(SORT_KEYS.map((k) => [k, SortedView.restore(saved.views[k], keyOf[k], (s) => this.ids[s])]));
  }

  /** Everything a snapshot saves (call after `finishLoad`: the sorted views are part of it). */
  state(): FactsState {
    const n = this.used;
    if (!this.views) throw new Error("the catalog is still loading: no sorted views to save yet");
    const views = Object.fromEntries(SORT_KEYS.map((k) => [k, this.views!.get(k)!.slotsInOrder()])) as FactsState["views"];
    return {
      used: n,
      meanRating: this.meanRating,
      ids: this.ids.subarray(0, n),
      year: this.year.subarray(0, n),
      votes: this.votes.subarray(0, n),
      rating: this.rating.subarray(0, n),
      pop: this.pop.subarray(0, n),
      date: this.date.subarray(0, n),
      minutes: this.minutes.subarray(0, n),
      lang: this.lang.subarray(0, n),
      genreList: this.genreList.subarray(0, n),
      flags: this.flags.subarray(0, n),
      title: this.title.state(n),
      names: this.names.state(),
      views,
    };
  }

  /** Live (not deleted) movies. */
  get size(): number {
    return this.slotOf.size;
  }

  private grow(): void {
    const cap = Math.max(16, this.ids.length * 2);
    const resize = <T extends Int32Array<ArrayBuffer> | Int16Array<ArrayBuffer> | Float64Array<ArrayBuffer> | Uint16Array<ArrayBuffer> | Uint32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>(a: T): T => {
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
    this.genreList = resize(this.genreList);
    this.flags = resize(this.flags);
  }

  private shrink(votes: number, rating: number): number {
    return (votes * rating + RATING_PRIOR_VOTES * this.meanRating) / (votes + RATING_PRIOR_VOTES);
  }

  upsert(e: FactsEntry): number {
    let slot = this.slotOf.get(e.id);
    const existed = slot >= 0;
    if (!existed) {
      if (this.used === this.ids.length) this.grow();
      slot = this.used++;
      this.slotOf.set(e.id, slot);
    }
    // A sorted view finds a slot by its old key: take it out before the key changes.
    const before = existed && this.views ? [...this.views.values()].map((v) => v.keyOf(slot)) : undefined;
    const list = this.names.listId(e.genres);
    this.ids[slot] = e.id;
    this.year[slot] = e.release_year;
    this.votes[slot] = e.vote_count;
    this.rating[slot] = e.vote_average;
    this.shrunk[slot] = this.shrink(e.vote_count, e.vote_average);
    this.pop[slot] = e.popularity;
    this.date[slot] = Number(e.release_date.slice(0, 10).replaceAll("-", "")) || 0;
    this.minutes[slot] = Math.min(65_535, Math.max(0, Math.round(e.runtime)));
    this.title.set(slot, e.title);
    this.lang[slot] = this.names.codeOf(e.original_language);
    this.genreMask[slot] = this.names.list(list).mask;
    this.genreList[slot] = list;
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
    if (slot < 0) return;
    for (const view of this.views?.values() ?? []) view.remove(slot, view.keyOf(slot));
    this.flags[slot] |= 2;
    this.slotOf.delete(id);
  }

  /** Back to loading: drops the sorted views, so a bulk of changes pays no upkeep of them; `finishLoad` rebuilds them. */
  reopen(): void {
    this.views = null;
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
    const keyOf = this.sortKeys();
    this.views = new Map(SORT_KEYS.map((k) => [k, SortedView.build(live, keyOf[k], (s) => this.ids[s])]));
  }

  private sortKeys(): Record<SortKey, (slot: number) => number | string> {
    return {
      popularity: (s) => this.pop[s],
      rating: (s) => this.shrunk[s],
      release_date: (s) => this.date[s],
      title: (s) => this.title.get(s).toLowerCase(),
      vote_count: (s) => this.votes[s],
    };
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
    return this.slotOf.get(id) >= 0;
  }

  /** Genre names (lowercased), for naming the valid values of a filter. */
  genres(): string[] {
    return this.names.genres();
  }

  /** Genre names as first written (e.g. "Science Fiction"), sorted. */
  genreNamesAsWritten(): string[] {
    return this.names.genreNamesAsWritten();
  }

  languages(): string[] {
    return this.names.languages();
  }

  knowsGenre(genre: string): boolean {
    return this.names.knowsGenre(genre);
  }

  knowsLanguage(lang: string): boolean {
    return this.names.knowsLanguage(lang);
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

  private compile(f: RecoFilters): Compiled {
    const allMode = f.genreMode === "all";
    const any = this.names.splitGenres(allMode ? undefined : f.genres);
    const all = this.names.splitGenres([...(f.genre ? [f.genre] : []), ...(allMode ? (f.genres ?? []) : [])]);
    const excluded = this.names.splitGenres(f.excludeGenres);
    return {
      anyMask: any.mask,
      allMask: all.mask,
      excludeMask: excluded.mask,
      anyNames: any.rest,
      allNames: all.rest,
      excludeNames: excluded.rest,
      lang: this.names.knownCode(f.lang),
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
    if (needsAny && (mask & c.anyMask) === 0 && !c.anyNames.some((n) => this.genreKeysAt(slot).includes(n))) return false;
    if (c.allNames.length && !c.allNames.every((n) => this.genreKeysAt(slot).includes(n))) return false;
    return !(c.excludeNames.length && mask & OVERFLOW_BIT && c.excludeNames.some((n) => this.genreKeysAt(slot).includes(n)));
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
      return slot >= 0 && this.admits(slot, c);
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
    return this.names.list(this.genreList[slot]).keys;
  }

  /** The slot's genres in their stored, ", "-joined form. */
  genreTextAt(slot: number): string {
    return this.names.list(this.genreList[slot]).text;
  }

  yearAt(slot: number): number {
    return this.year[slot];
  }

  titleAt(slot: number): string {
    return this.title.get(slot);
  }

  /** release_date as YYYYMMDD. */
  dateAt(slot: number): number {
    return this.date[slot];
  }

  ratingAt(slot: number): number {
    return this.rating[slot];
  }

  votesAt(slot: number): number {
    return this.votes[slot];
  }

  popularityAt(slot: number): number {
    return this.pop[slot];
  }

  adultAt(slot: number): boolean {
    return (this.flags[slot] & 1) !== 0;
  }

  langAt(slot: number): number {
    return this.lang[slot];
  }

  /** Display names of the 31 genre bits, by bit. */
  genreBitNames(): string[] {
    return this.names.genreBitNames();
  }

  genreName(key: string): string {
    return this.names.genreName(key);
  }

  langName(code: number): string {
    return this.names.langName(code);
  }

  /** The movie id in a slot (slots are stable until the next full catalog load). */
  idAt(slot: number): number {
    return this.ids[slot];
  }

  slotCount(): number {
    return this.used;
  }

  slotOfId(id: number): number | undefined {
    const slot = this.slotOf.get(id);
    return slot < 0 ? undefined : slot;
  }
}
