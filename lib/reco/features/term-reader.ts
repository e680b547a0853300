/**
 * A text block's terms as ids: the one place that reads text columns for the feature model, in
 * fitting (ids interned) and in vectorising (ids looked up in the fitted vocabulary).
 */
import type { Analyzer, TextColumn } from "../recipes";
import type { FeatureInput } from "./input";
import { contentStem, forEachWord, normalizeLabel, type WordSink } from "./tokenize";

const IGNORED = -2;
/** Term id of an out-of-vocabulary term (model readers only). */
export const UNSEEN = -1;
const EMPTY_IDS = new Int32Array(0);
const ENTRY_CACHE_LIMIT = 200_000;
const WORD_TABLE_LIMIT = 1 << 19;
const MISSING = -3;

/**
 * word -> id, looked up straight from a range of the scanned text by its FNV-1a hash, without
 * slicing a string per word (free text is ~60 words a movie: this is the vectoriser's hot loop).
 * Bounded: cleared when full.
 */
class WordTable {
  private keys: (string | undefined)[] = [];
  private hashes = new Int32Array(0);
  private vals = new Int32Array(0);
  private mask = 0;
  private size = 0;

  constructor() {
    this.reset(1 << 12);
  }

  private reset(capacity: number): void {
    this.keys = new Array<string | undefined>(capacity);
    this.hashes = new Int32Array(capacity);
    this.vals = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.size = 0;
  }

  find(text: string, start: number, end: number, hash: number): number {
    const len = end - start;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const key = this.keys[slot];
      if (key === undefined) return MISSING;
      if (this.hashes[slot] !== hash || key.length !== len) continue;
      let k = 0;
      while (k < len && key.charCodeAt(k) === text.charCodeAt(start + k)) k++;
      if (k === len) return this.vals[slot];
    }
  }

  insert(word: string, hash: number, val: number): void {
    if (this.size >= WORD_TABLE_LIMIT) this.reset(this.keys.length);
    else if ((this.size + 1) * 2 > this.keys.length) {
      const { keys, hashes, vals } = this;
      this.reset(keys.length * 2);
      for (let i = 0; i < keys.length; i++) if (keys[i] !== undefined) this.put(keys[i]!, hashes[i], vals[i]);
    }
    this.put(word, hash, val);
  }

  private put(word: string, hash: number, val: number): void {
    let slot = hash & this.mask;
    while (this.keys[slot] !== undefined) slot = (slot + 1) & this.mask;
    this.keys[slot] = word;
    this.hashes[slot] = hash;
    this.vals[slot] = val;
    this.size++;
  }
}

/**
 * Reads a movie's terms for one text block as term ids (`resolve` maps a term to its id: the
 * fitter interns it, the model looks it up in its vocabulary or answers UNSEEN).
 *
 * Speed: list entries ("Warner Bros. Pictures", "based on novel or book") and short categorical
 * strings repeat across the catalog, so an entry's ids are cached; free text is scanned word by
 * word and, for stems, each distinct word's stem id is cached. Caches are bounded (cleared when
 * full), so memory stays flat over a 1M-row pass.
 */
export class TermReader {
  /** The ids of the last `read`, in ids[0..n). */
  ids = new Int32Array(256);
  n = 0;
  private entryCache = new Map<string, Int32Array>();
  private readonly words = new WordTable();

  constructor(
    private readonly columns: readonly TextColumn[],
    private readonly analyzer: Analyzer,
    private readonly resolve: (term: string) => number,
  ) {}

  private push(id: number): void {
    if (this.n === this.ids.length) {
      const grown = new Int32Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.n++] = id;
  }

  /** A list entry's ids, pushed; cached per entry (entries repeat across the catalog). */
  private addEntry(text: string): void {
    const cached = this.entryCache.get(text);
    if (cached !== undefined) {
      for (let k = 0; k < cached.length; k++) this.push(cached[k]);
      return;
    }
    const from = this.n;
    if (this.analyzer === "labels") {
      const label = normalizeLabel(text);
      if (label) this.push(this.resolve(label));
    } else this.scanText(text.toLowerCase());
    if (this.entryCache.size >= ENTRY_CACHE_LIMIT) this.entryCache = new Map();
    this.entryCache.set(text, this.n === from ? EMPTY_IDS : this.ids.slice(from, this.n));
  }

  /**
   * Free text, lowercased: scikit-learn words (2+ word characters) or content stems (3+), each
   * word resolved through the word table (stemmed and resolved once per distinct word).
   */
  private scanText(text: string): void {
    forEachWord(text, this.analyzer === "stems" ? 3 : 2, this.onWord);
  }

  private readonly onWord: WordSink = (text, start, end, hash) => {
    let id = this.words.find(text, start, end, hash);
    if (id === MISSING) {
      const word = text.slice(start, end);
      if (this.analyzer === "stems") {
        const s = contentStem(word);
        id = s === null ? IGNORED : this.resolve(s);
      } else id = this.resolve(word);
      this.words.insert(word, hash, id);
    }
    if (id !== IGNORED) this.push(id);
  };

  read(movie: FeatureInput): number {
    this.n = 0;
    for (let c = 0; c < this.columns.length; c++) {
      const value = (movie as Record<TextColumn, unknown>)[this.columns[c]];
      if (typeof value === "string") {
        if (!value) continue;
        // Whole-string labels (a language code) repeat: cached; free text is scanned.
        if (this.analyzer === "labels") this.addEntry(value);
        else this.scanText(value.toLowerCase());
      } else if (Array.isArray(value)) {
        // Tokenising each entry = tokenising the ", "-joined string (a token never spans ", ").
        for (let i = 0; i < value.length; i++) {
          const entry = value[i];
          if (typeof entry === "string" && entry) this.addEntry(entry);
        }
      }
    }
    return this.n;
  }
}
