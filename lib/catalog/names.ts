/**
 * The genre and language names the filter facts code as numbers: 31 genre bits (later genres
 * share the last one and are checked by name), each distinct genre list once, a code per language.
 */

/** A genre list as slots share it: its stored (", "-joined) text, its bits, its lowercased names. */
interface GenreList {
  text: string;
  mask: number;
  keys: readonly string[];
}

/** The names as a snapshot saves them; the lists' bits and keys follow from their texts. */
export interface FactNamesState {
  /** Lowercased genres holding a bit, by bit. */
  genreBits: string[];
  /** Every genre seen: lowercased, and as first written. */
  genreKeys: string[];
  genreWritten: string[];
  lists: string[];
  /** Lowercased languages by code (code 0: none). */
  langs: string[];
}

export const OVERFLOW_BIT = 1 << 31;
const GENRE_BITS = 31;
const NO_GENRES: readonly string[] = [];

export class FactNames {
  private readonly genreBit = new Map<string, number>();
  /** Every genre seen, lowercased -> as first written. */
  private readonly genreNames = new Map<string, string>();
  private readonly langCode = new Map<string, number>();
  private readonly langNames: string[] = [""];
  private readonly lists: GenreList[] = [];
  /** A list's stored text -> its id (a million rows share a few thousand lists). */
  private readonly listIds = new Map<string, number>();

  constructor(saved?: FactNamesState) {
    if (!saved) return;
    if (saved.genreBits.length > GENRE_BITS || saved.genreKeys.length !== saved.genreWritten.length || saved.langs[0] !== "")
      throw new RangeError("saved genre and language names are malformed");
    saved.genreBits.forEach((key, bit) => this.genreBit.set(key, bit));
    saved.genreKeys.forEach((key, i) => this.genreNames.set(key, saved.genreWritten[i]));
    for (let code = 1; code < saved.langs.length; code++) this.langCode.set(saved.langs[code], code);
    this.langNames = saved.langs;
    for (const text of saved.lists) this.listId(text);
  }

  state(): FactNamesState {
    return {
      genreBits: [...this.genreBit.keys()],
      genreKeys: [...this.genreNames.keys()],
      genreWritten: [...this.genreNames.values()],
      lists: this.lists.map((l) => l.text),
      langs: this.langNames,
    };
  }

  /** The id of a genre list, given as names or in its stored form; new genres get the next free bit. */
  listId(genres: readonly string[] | string): number {
    const text = typeof genres === "string" ? genres : genres.join(", ");
    let id = this.listIds.get(text);
    if (id !== undefined) return id;
    const names = typeof genres === "string" ? (genres ? genres.split(", ") : NO_GENRES) : genres;
    let mask = 0;
    const keys: string[] = [];
    for (const g of names) {
      const key = g.toLowerCase();
      if (!this.genreNames.has(key)) this.genreNames.set(key, g);
      let bit = this.genreBit.get(key);
      if (bit === undefined && this.genreBit.size < GENRE_BITS) this.genreBit.set(key, (bit = this.genreBit.size));
      mask |= bit === undefined ? OVERFLOW_BIT : 1 << bit;
      keys.push(key);
    }
    id = this.lists.push({ text, mask: mask >>> 0, keys }) - 1;
    this.listIds.set(text, id);
    return id;
  }

  list(id: number): GenreList {
    return this.lists[id];
  }

  get listCount(): number {
    return this.lists.length;
  }

  codeOf(lang: string): number {
    const key = lang.toLowerCase();
    let code = this.langCode.get(key);
    if (code === undefined) {
      code = this.langCode.size + 1;
      this.langCode.set(key, code);
      this.langNames[code] = key;
    }
    return code;
  }

  /** A language's code; 0 for none asked, -1 for one no movie has. */
  knownCode(lang: string | undefined): number {
    return lang ? (this.langCode.get(lang.toLowerCase()) ?? -1) : 0;
  }

  /** Genre names as bits, and those past the 31 bits as lowercased names. */
  splitGenres(names: readonly string[] | undefined): { mask: number; rest: string[] } {
    let mask = 0;
    const rest: string[] = [];
    for (const name of names ?? NO_GENRES) {
      const bit = this.genreBit.get(name.toLowerCase());
      if (bit === undefined) rest.push(name.toLowerCase());
      else mask |= 1 << bit;
    }
    return { mask: mask >>> 0, rest };
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
}
