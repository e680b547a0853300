/**
 * The feature model: fits a recipe (recipes.ts) on a catalog in one streaming pass and turns a
 * movie into an L2-normalised Float32Array whose dot product with another is their cosine.
 *
 * Fitting keeps, per text block, a Map term -> index plus growable typed arrays of total counts
 * and document frequencies (no per-document objects), so a 1.29M-row catalog fits in seconds.
 */
import type { Movie } from "@/lib/movies/types";
import {
  ANALYZERS,
  type Analyzer,
  type BlockSpec,
  DEFAULT_RECIPE,
  isRecipeName,
  LIST_COLUMN_NAMES,
  type MinMaxBlockSpec,
  NUMERIC_COLUMNS,
  type NumericColumn,
  type ListColumnName,
  type StringColumn,
  type NumericTransform,
  type RbfBlockSpec,
  RECIPE_SPECS,
  type RecipeName,
  type RecipeSpec,
  STRING_COLUMNS,
  type TextBlockSpec,
  type TextColumn,
  TRANSFORMS,
} from "./recipes";
import { ASCII_WORD, charClassAt, contentStem, normalizeLabel } from "./tokenize";

export { DEFAULT_RECIPE, RECIPES, RECIPE_SPECS, isRecipeName } from "./recipes";
export type { RecipeName, RecipeSpec, BlockSpec } from "./recipes";

/** Every column some recipe reads (recipes.ts names them by kind). */
export type FeatureInput = Pick<Movie, StringColumn | ListColumnName | NumericColumn>;

export const FEATURE_MODEL_FORMAT = "movie-reco-features";
export const FEATURE_MODEL_VERSION = 1;

export interface SerializedTextBlock extends TextBlockSpec {
  /** Terms in vector order (alphabetical, as scikit-learn orders its features). */
  vocabulary: string[];
  idf: number[];
  /** Root mean square idf of the catalog's out-of-vocabulary term occurrences (for `oovNorm`). */
  oovIdf: number;
}
export interface SerializedMinMaxBlock extends Omit<MinMaxBlockSpec, "scale"> {
  /** The resolved per-column multiplier. */
  scale: number;
  min: number[];
  max: number[];
}
export type SerializedRbfBlock = RbfBlockSpec;
export type SerializedBlock = SerializedTextBlock | SerializedMinMaxBlock | SerializedRbfBlock;

export interface SerializedFeatureModel {
  format: typeof FEATURE_MODEL_FORMAT;
  version: typeof FEATURE_MODEL_VERSION;
  recipe: RecipeName;
  dim: number;
  /** Rows the model was fitted on. */
  documents: number;
  blocks: SerializedBlock[];
}

/** Where a block sits in the vector: for explanations ("shares keywords ...") and debugging. */
export interface BlockLayout {
  name: string;
  kind: BlockSpec["kind"];
  offset: number;
  size: number;
  /** Text blocks: the term of each dimension. */
  terms?: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Column access and tokenising

const IGNORED = -2;
/** Term id of an out-of-vocabulary term (model readers only). */
const UNSEEN = -1;
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
class TermReader {
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
    const minLen = this.analyzer === "stems" ? 3 : 2;
    const n = text.length;
    let start = -1;
    let points = 0;
    let hash = 0;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      const cls = c < 128 ? (ASCII_WORD[c] === 1 ? 1 : -1) : charClassAt(text, i);
      if (cls > 0) {
        if (start < 0) {
          start = i;
          points = 0;
          hash = 0x811c9dc5 | 0;
        }
        hash = Math.imul(hash ^ c, 0x01000193);
        if (cls === 2) hash = Math.imul(hash ^ text.charCodeAt(i + 1), 0x01000193);
        points++;
        i += cls;
      } else {
        if (start >= 0) {
          if (points >= minLen) this.word(text, start, i, hash);
          start = -1;
        }
        i -= cls;
      }
    }
    if (start >= 0 && points >= minLen) this.word(text, start, n, hash);
  }

  private word(text: string, start: number, end: number, hash: number): void {
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
  }

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

function numberOf(movie: FeatureInput, column: NumericColumn): number {
  const x = Number((movie as Record<NumericColumn, unknown>)[column]);
  return Number.isFinite(x) ? x : 0;
}

function transform(x: number, t: NumericTransform): number {
  return t === "log1p" ? Math.log1p(x > 0 ? x : 0) : x;
}

/** Python's str ordering (by code point), which differs from JS's UTF-16 order above U+FFFF. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1; // a surrogate (astral code point) sorts after any BMP unit
    return x - y;
  }
  return a.length - b.length;
}

// ---------------------------------------------------------------------------------------------
// Fitting

interface BlockFitter {
  add(movie: FeatureInput, doc: number): void;
  finish(documents: number): SerializedBlock;
}

class TextFitter implements BlockFitter {
  private readonly index = new Map<string, number>();
  private terms: string[] = [];
  private counts = new Float64Array(1024);
  private df = new Int32Array(1024);
  private lastDoc = new Int32Array(1024).fill(-1);
  private readonly reader: TermReader;

  constructor(private readonly spec: TextBlockSpec) {
    this.reader = new TermReader(spec.columns, spec.analyzer, (term) => {
      let i = this.index.get(term);
      if (i === undefined) {
        i = this.terms.length;
        if (i === this.counts.length) this.grow();
        this.index.set(term, i);
        this.terms.push(term);
      }
      return i;
    });
  }

  private grow(): void {
    const n = this.counts.length * 2;
    const counts = new Float64Array(n);
    counts.set(this.counts);
    const df = new Int32Array(n);
    df.set(this.df);
    const lastDoc = new Int32Array(n).fill(-1);
    lastDoc.set(this.lastDoc);
    this.counts = counts;
    this.df = df;
    this.lastDoc = lastDoc;
  }

  add(movie: FeatureInput, doc: number): void {
    const n = this.reader.read(movie);
    const ids = this.reader.ids;
    const { counts, df, lastDoc } = this;
    for (let k = 0; k < n; k++) {
      const i = ids[k];
      counts[i] += 1;
      if (lastDoc[i] !== doc) {
        lastDoc[i] = doc;
        df[i] += 1;
      }
    }
  }

  finish(documents: number): SerializedTextBlock {
    const { maxFeatures, minDf } = this.spec;
    const size = this.terms.length;
    const eligible: number[] = [];
    for (let i = 0; i < size; i++) if (this.df[i] >= minDf) eligible.push(i);
    let chosen = eligible;
    if (eligible.length > maxFeatures) {
      // Threshold = the maxFeatures-th largest count; only terms at or above it need sorting.
      const counts = new Float64Array(eligible.length);
      for (let k = 0; k < eligible.length; k++) counts[k] = this.counts[eligible[k]];
      counts.sort();
      const threshold = counts[counts.length - maxFeatures];
      chosen = eligible.filter((i) => this.counts[i] >= threshold);
      chosen.sort((a, b) => this.counts[b] - this.counts[a] || compareCodePoints(this.terms[a], this.terms[b]));
      chosen = chosen.slice(0, maxFeatures);
    }
    const vocabulary = chosen.map((i) => this.terms[i]);
    const inVocabulary = new Uint8Array(size);
    for (const i of chosen) inVocabulary[i] = 1;
    let oovSq = 0;
    let oovCount = 0;
    for (let i = 0; i < size; i++) {
      if (inVocabulary[i]) continue;
      const idf = Math.log((1 + documents) / (1 + this.df[i])) + 1;
      oovSq += this.counts[i] * idf * idf;
      oovCount += this.counts[i];
    }
    const order = vocabulary.map((_, k) => k).sort((a, b) => compareCodePoints(vocabulary[a], vocabulary[b]));
    return {
      ...this.spec,
      columns: [...this.spec.columns],
      vocabulary: order.map((k) => vocabulary[k]),
      // scikit-learn's smooth idf: ln((1 + n) / (1 + df)) + 1.
      idf: order.map((k) => Math.log((1 + documents) / (1 + this.df[chosen[k]])) + 1),
      oovIdf: oovCount > 0 ? Math.sqrt(oovSq / oovCount) : 0,
    };
  }
}

class MinMaxFitter implements BlockFitter {
  private readonly min: number[];
  private readonly max: number[];
  constructor(private readonly spec: MinMaxBlockSpec) {
    this.min = spec.columns.map(() => Infinity);
    this.max = spec.columns.map(() => -Infinity);
  }
  add(movie: FeatureInput): void {
    const { columns, transform: t } = this.spec;
    for (let c = 0; c < columns.length; c++) {
      const x = transform(numberOf(movie, columns[c]), t);
      if (x < this.min[c]) this.min[c] = x;
      if (x > this.max[c]) this.max[c] = x;
    }
  }
  finish(): SerializedMinMaxBlock {
    const fix = (x: number) => (Number.isFinite(x) ? x : 0);
    return {
      ...this.spec,
      columns: [...this.spec.columns],
      scale: typeof this.spec.scale === "number" ? this.spec.scale : NaN, // resolved once text dims are known
      min: this.min.map(fix),
      max: this.max.map(fix),
    };
  }
}

class RbfFitter implements BlockFitter {
  constructor(private readonly spec: RbfBlockSpec) {}
  add(): void {}
  finish(): SerializedRbfBlock {
    return { ...this.spec, centers: [...this.spec.centers], shrink: this.spec.shrink ? { ...this.spec.shrink } : null };
  }
}

export interface FeatureFitter {
  add(movie: FeatureInput): void;
  finish(): FeatureModel;
}

class SpecFitter implements FeatureFitter {
  private readonly fitters: BlockFitter[];
  private documents = 0;
  private done = false;
  constructor(private readonly spec: RecipeSpec) {
    this.fitters = spec.blocks.map((b) =>
      b.kind === "text" ? new TextFitter(b) : b.kind === "minmax" ? new MinMaxFitter(b) : new RbfFitter(b),
    );
  }
  add(movie: FeatureInput): void {
    if (this.done) throw new Error("FeatureFitter.add() after finish()");
    const doc = this.documents++;
    for (let b = 0; b < this.fitters.length; b++) this.fitters[b].add(movie, doc);
  }
  finish(): FeatureModel {
    this.done = true;
    const blocks = this.fitters.map((f) => f.finish(this.documents));
    const textDims = blocks.reduce((s, b) => s + (b.kind === "text" ? b.vocabulary.length : 0), 0);
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i];
      const spec = this.spec.blocks[i];
      if (b.kind === "minmax" && spec.kind === "minmax" && spec.scale === "original") {
        b.scale = Math.sqrt((textDims / b.columns.length) * 0.3);
      }
    }
    return FeatureModel.fromJSON({
      format: FEATURE_MODEL_FORMAT,
      version: FEATURE_MODEL_VERSION,
      recipe: this.spec.name,
      dim: blocks.reduce((s, b) => s + blockSize(b), 0),
      documents: this.documents,
      blocks,
    } satisfies SerializedFeatureModel);
  }
}

/** One streaming pass over the catalog: `add` every movie, then `finish`. */
export function createFitter(recipe: RecipeName = DEFAULT_RECIPE): FeatureFitter {
  if (!isRecipeName(recipe)) throw new Error(`unknown feature recipe "${String(recipe)}"`);
  return new SpecFitter(RECIPE_SPECS[recipe]);
}

/** For experiments: fit an arbitrary recipe spec (its `name` is only a label). */
export function createFitterFromSpec(spec: RecipeSpec): FeatureFitter {
  return new SpecFitter(spec);
}

/** Convenience: fit a recipe on an in-memory catalog. */
export function fitFeatures(movies: Iterable<FeatureInput>, recipe: RecipeName = DEFAULT_RECIPE): FeatureModel {
  const fitter = createFitter(recipe);
  for (const m of movies) fitter.add(m);
  return fitter.finish();
}

function vocabularyReader(b: SerializedTextBlock): TermReader {
  const index = new Map(b.vocabulary.map((t, i) => [t, i]));
  return new TermReader(b.columns, b.analyzer, (term) => index.get(term) ?? UNSEEN);
}

function blockSize(b: SerializedBlock): number {
  return b.kind === "text" ? b.vocabulary.length : b.kind === "minmax" ? b.columns.length : b.centers.length;
}

// ---------------------------------------------------------------------------------------------
// The fitted model

interface CompiledText {
  kind: "text";
  offset: number;
  size: number;
  columns: readonly TextColumn[];
  analyzer: Analyzer;
  tf: TextBlockSpec["tf"];
  weight: number;
  /** oovIdf² when the norm counts unseen terms, else 0. */
  oovSq: number;
  reader: TermReader;
  idf: Float64Array;
}
interface CompiledMinMax {
  kind: "minmax";
  offset: number;
  columns: readonly NumericColumn[];
  transform: NumericTransform;
  scale: number;
  min: Float64Array;
  span: Float64Array;
}
interface CompiledRbf {
  kind: "rbf";
  offset: number;
  column: NumericColumn;
  transform: NumericTransform;
  centers: Float64Array;
  inv2s2: number;
  zeroIsMissing: boolean;
  shrink: { mean: number; votes: number } | null;
  weight: number;
}
type Compiled = CompiledText | CompiledMinMax | CompiledRbf;

export class FeatureModel {
  readonly recipe: RecipeName;
  readonly dim: number;
  readonly layout: readonly BlockLayout[];
  private readonly json: SerializedFeatureModel;
  private readonly compiled: Compiled[];
  /** Scratch list of the dimensions a text block touched (vectorize is synchronous: one is enough). */
  private readonly touched: Int32Array;

  private constructor(json: SerializedFeatureModel) {
    this.json = json;
    this.recipe = json.recipe;
    this.dim = json.dim;
    let offset = 0;
    let maxText = 1;
    const layout: BlockLayout[] = [];
    this.compiled = json.blocks.map((b): Compiled => {
      const size = blockSize(b);
      const at = offset;
      offset += size;
      if (b.kind === "text") {
        layout.push({ name: b.name, kind: b.kind, offset: at, size, terms: b.vocabulary });
        maxText = Math.max(maxText, size);
        return {
          kind: "text",
          offset: at,
          size,
          columns: b.columns,
          analyzer: b.analyzer,
          tf: b.tf,
          weight: b.weight,
          oovSq: b.oovNorm ? b.oovIdf * b.oovIdf : 0,
          reader: vocabularyReader(b),
          idf: Float64Array.from(b.idf),
        };
      }
      layout.push({ name: b.name, kind: b.kind, offset: at, size });
      if (b.kind === "minmax") {
        return {
          kind: "minmax",
          offset: at,
          columns: b.columns,
          transform: b.transform,
          scale: b.scale,
          min: Float64Array.from(b.min),
          span: Float64Array.from(b.max, (mx, i) => mx - b.min[i]),
        };
      }
      return {
        kind: "rbf",
        offset: at,
        column: b.column,
        transform: b.transform,
        centers: Float64Array.from(b.centers),
        inv2s2: 1 / (2 * b.sigma * b.sigma),
        zeroIsMissing: b.zeroIsMissing,
        shrink: b.shrink,
        weight: b.weight,
      };
    });
    this.layout = layout;
    this.touched = new Int32Array(maxText);
  }

  /** The movie's vector: L2-normalised (a movie with no usable feature gets the zero vector). */
  vectorize(movie: FeatureInput, out: Float32Array = new Float32Array(this.dim)): Float32Array {
    if (out.length !== this.dim) throw new Error(`vectorize: output length ${out.length} != dim ${this.dim}`);
    out.fill(0);
    let sumSq = 0;
    for (let b = 0; b < this.compiled.length; b++) {
      const block = this.compiled[b];
      if (block.kind === "text") sumSq += this.text(block, movie, out);
      else if (block.kind === "minmax") {
        for (let c = 0; c < block.columns.length; c++) {
          const span = block.span[c];
          if (span === 0) continue; // constant column -> 0 (scikit-learn's MinMaxScaler)
          let x = (transform(numberOf(movie, block.columns[c]), block.transform) - block.min[c]) / span;
          x = x < 0 ? 0 : x > 1 ? 1 : x; // unseen values are clipped to the fitted range
          const v = x * block.scale;
          out[block.offset + c] = v;
          sumSq += v * v;
        }
      } else {
        const raw = numberOf(movie, block.column);
        if (raw === 0 && block.zeroIsMissing) continue;
        let x = transform(raw, block.transform);
        if (block.shrink) {
          const votes = Math.max(0, numberOf(movie, "vote_count"));
          x = (votes * x + block.shrink.votes * block.shrink.mean) / (votes + block.shrink.votes);
        }
        const { centers, inv2s2, offset } = block;
        let s = 0;
        for (let k = 0; k < centers.length; k++) {
          const d = x - centers[k];
          const q = d * d * inv2s2;
          if (q > 8) continue; // beyond 4 sigma: < 3.4e-4, left at 0
          const e = Math.exp(-q);
          out[offset + k] = e;
          s += e * e;
        }
        if (s === 0) {
          // Far outside every centre: the nearest end centre takes it all.
          for (let k = 0; k < centers.length; k++) out[offset + k] = 0;
          out[offset + (x < centers[0] ? 0 : centers.length - 1)] = 1;
          s = 1;
        }
        const f = block.weight / Math.sqrt(s);
        for (let k = 0; k < centers.length; k++) out[offset + k] *= f;
        sumSq += block.weight * block.weight;
      }
    }
    if (sumSq > 0) {
      const inv = 1 / Math.sqrt(sumSq);
      for (let i = 0; i < out.length; i++) out[i] *= inv;
    }
    return out;
  }

  /** Fills the text block's TF-IDF values (block L2 norm x weight); returns the block's squared norm. */
  private text(block: CompiledText, movie: FeatureInput, out: Float32Array): number {
    const nIds = block.reader.read(movie);
    if (nIds === 0) return 0;
    const ids = block.reader.ids;
    const { idf, offset, tf } = block;
    const touched = this.touched;
    let n = 0;
    let unseen = 0;
    for (let k = 0; k < nIds; k++) {
      const i = ids[k];
      if (i < 0) {
        unseen++;
        continue;
      }
      if (out[offset + i] === 0) touched[n++] = i;
      out[offset + i] += 1;
    }
    if (n === 0) return 0;
    let s = 0;
    for (let k = 0; k < n; k++) {
      const i = touched[k];
      const count = out[offset + i];
      const w = (tf === "raw" ? count : tf === "sublinear" ? 1 + Math.log(count) : 1) * idf[i];
      out[offset + i] = w; // float32 meanwhile: relative error ~1e-7, no scratch array needed
      s += w * w;
    }
    const inSq = s;
    s += unseen * block.oovSq;
    const f = block.weight / Math.sqrt(s);
    for (let k = 0; k < n; k++) out[offset + touched[k]] *= f;
    return (block.weight * block.weight * inSq) / s;
  }

  toJSON(): SerializedFeatureModel {
    return structuredClone(this.json);
  }

  static fromJSON(json: unknown): FeatureModel {
    return new FeatureModel(validate(json));
  }
}

/** Cosine of two vectors (for normalised vectors, just their dot product); 0 if either is zero. */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`cosine: lengths differ (${a.length} vs ${b.length})`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

// ---------------------------------------------------------------------------------------------
// Validation of serialised models

function fail(msg: string): never {
  throw new Error(`invalid feature model: ${msg}`);
}
function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
function finiteArray(x: unknown, what: string): number[] {
  if (!Array.isArray(x) || !x.every((v) => typeof v === "number" && Number.isFinite(v))) fail(`${what} must be an array of finite numbers`);
  return x as number[];
}
function finite(x: unknown, what: string): number {
  if (typeof x !== "number" || !Number.isFinite(x)) fail(`${what} must be a finite number`);
  return x;
}
function oneOf<T extends string>(x: unknown, allowed: readonly T[], what: string): T {
  if (typeof x !== "string" || !(allowed as readonly string[]).includes(x)) fail(`${what} must be one of ${allowed.join(", ")}`);
  return x as T;
}

const TEXT_COLUMNS: readonly TextColumn[] = [...STRING_COLUMNS, ...LIST_COLUMN_NAMES];

function validateBlock(b: unknown, i: number): SerializedBlock {
  const where = `blocks[${i}]`;
  if (!isObj(b)) fail(`${where} must be an object`);
  const name = typeof b.name === "string" ? b.name : fail(`${where}.name must be a string`);
  if (b.kind === "text") {
    if (!Array.isArray(b.columns) || b.columns.length === 0) fail(`${where}.columns must be a non-empty array`);
    const columns = b.columns.map((c, k) => oneOf(c, TEXT_COLUMNS, `${where}.columns[${k}]`));
    const vocabulary = b.vocabulary;
    if (!Array.isArray(vocabulary) || !vocabulary.every((t) => typeof t === "string" && t.length > 0)) {
      fail(`${where}.vocabulary must be an array of non-empty strings`);
    }
    if (new Set(vocabulary).size !== vocabulary.length) fail(`${where}.vocabulary has duplicate terms`);
    const idf = finiteArray(b.idf, `${where}.idf`);
    if (idf.length !== vocabulary.length) fail(`${where}.idf has ${idf.length} values for ${vocabulary.length} terms`);
    if (idf.some((v) => v <= 0)) fail(`${where}.idf values must be positive`);
    return {
      kind: "text",
      name,
      columns,
      analyzer: oneOf(b.analyzer, ANALYZERS, `${where}.analyzer`),
      maxFeatures: finite(b.maxFeatures, `${where}.maxFeatures`),
      minDf: finite(b.minDf, `${where}.minDf`),
      tf: oneOf(b.tf, ["raw", "sublinear", "binary"] as const, `${where}.tf`),
      oovNorm: typeof b.oovNorm === "boolean" ? b.oovNorm : fail(`${where}.oovNorm must be a boolean`),
      weight: finite(b.weight, `${where}.weight`),
      vocabulary: vocabulary as string[],
      idf,
      oovIdf: finite(b.oovIdf, `${where}.oovIdf`),
    };
  }
  if (b.kind === "minmax") {
    if (!Array.isArray(b.columns) || b.columns.length === 0) fail(`${where}.columns must be a non-empty array`);
    const columns = b.columns.map((c, k) => oneOf(c, NUMERIC_COLUMNS, `${where}.columns[${k}]`));
    const min = finiteArray(b.min, `${where}.min`);
    const max = finiteArray(b.max, `${where}.max`);
    if (min.length !== columns.length || max.length !== columns.length) fail(`${where}.min/max must have one value per column`);
    if (min.some((v, k) => v > max[k])) fail(`${where}: min > max`);
    return {
      kind: "minmax",
      name,
      columns,
      transform: oneOf(b.transform, TRANSFORMS, `${where}.transform`),
      scale: finite(b.scale, `${where}.scale`),
      min,
      max,
    };
  }
  if (b.kind === "rbf") {
    const centers = finiteArray(b.centers, `${where}.centers`);
    if (centers.length === 0) fail(`${where}.centers must not be empty`);
    const sigma = finite(b.sigma, `${where}.sigma`);
    if (sigma <= 0) fail(`${where}.sigma must be positive`);
    if (typeof b.zeroIsMissing !== "boolean") fail(`${where}.zeroIsMissing must be a boolean`);
    let shrink: SerializedRbfBlock["shrink"] = null;
    if (b.shrink !== null) {
      if (!isObj(b.shrink)) fail(`${where}.shrink must be null or {mean, votes}`);
      shrink = { mean: finite(b.shrink.mean, `${where}.shrink.mean`), votes: finite(b.shrink.votes, `${where}.shrink.votes`) };
      if (shrink.votes < 0) fail(`${where}.shrink.votes must be >= 0`);
    }
    return {
      kind: "rbf",
      name,
      column: oneOf(b.column, NUMERIC_COLUMNS, `${where}.column`),
      transform: oneOf(b.transform, TRANSFORMS, `${where}.transform`),
      centers,
      sigma,
      zeroIsMissing: b.zeroIsMissing,
      shrink,
      weight: finite(b.weight, `${where}.weight`),
    };
  }
  return fail(`${where}.kind must be "text", "minmax" or "rbf"`);
}

function validate(json: unknown): SerializedFeatureModel {
  if (!isObj(json)) fail("expected an object");
  if (json.format !== FEATURE_MODEL_FORMAT) fail(`format must be "${FEATURE_MODEL_FORMAT}", got ${JSON.stringify(json.format)}`);
  if (json.version !== FEATURE_MODEL_VERSION) {
    fail(`unsupported version ${JSON.stringify(json.version)} (this code reads version ${FEATURE_MODEL_VERSION}; rebuild the artifacts)`);
  }
  if (!isRecipeName(json.recipe)) fail(`unknown recipe ${JSON.stringify(json.recipe)}`);
  if (!Array.isArray(json.blocks)) fail("blocks must be an array");
  const blocks = json.blocks.map(validateBlock);
  const dim = blocks.reduce((s, b) => s + blockSize(b), 0);
  if (json.dim !== dim) fail(`dim ${JSON.stringify(json.dim)} does not match the blocks' total width ${dim}`);
  const documents = finite(json.documents, "documents");
  return { format: FEATURE_MODEL_FORMAT, version: FEATURE_MODEL_VERSION, recipe: json.recipe, dim, documents, blocks };
}
