/**
 * Fitting a recipe (recipes.ts) on a catalog in one streaming pass: per text block, a Map term ->
 * index plus growable typed arrays of total counts and document frequencies (no per-document
 * objects), so a 1.29M-row catalog fits in seconds; per numeric block, the range.
 *
 * The counts are the fit's statistics (FitStats): saved with a build, a refresh resumes them,
 * removes the documents that left and adds the new ones, and finishes the model a full refit
 * of the new catalog would give, to tell whether the published one still describes it.
 */
import {
  DEFAULT_RECIPE,
  isRecipeName,
  type MinMaxBlockSpec,
  type RbfBlockSpec,
  RECIPE_SPECS,
  type RecipeName,
  type RecipeSpec,
  type TextBlockSpec,
} from "../recipes";
import {
  blockSize,
  FEATURE_MODEL_FORMAT,
  FEATURE_MODEL_VERSION,
  type SerializedBlock,
  type SerializedFeatureModel,
  type SerializedMinMaxBlock,
  type SerializedRbfBlock,
  type SerializedTextBlock,
} from "./format";
import { type FeatureInput, numberOf, transform } from "./input";
import { FeatureModel } from "./model";
import { TermReader } from "./term-reader";

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

interface BlockFitter {
  /** `doc` numbers each add/remove call: a term counts once per call in the document frequency. */
  add(movie: FeatureInput, doc: number): void;
  remove(movie: FeatureInput, doc: number): void;
  finish(documents: number): SerializedBlock;
  stats(): BlockStats;
}

interface TextStats {
  kind: "text";
  terms: string[];
  counts: number[];
  df: number[];
}

/**
 * The `keep` smallest and largest distinct values of a column with their counts. Each side is
 * exact up to its bound (every value at or beyond it is listed), so removals keep it exact;
 * a side emptied by removals leaves the range unknown.
 */
interface ColumnExtremes {
  low: [value: number, count: number][];
  lowBound: number;
  high: [value: number, count: number][];
  highBound: number;
}
type SavedExtremes = Omit<ColumnExtremes, "lowBound" | "highBound"> & { lowBound: number | null; highBound: number | null };
interface MinMaxStats {
  kind: "minmax";
  columns: SavedExtremes[];
}
type BlockStats = TextStats | MinMaxStats | { kind: "rbf" };

/** What a fit counted: saved with a build (JSON), resumed by the next refresh. */
export interface FitStats {
  recipe: RecipeName;
  documents: number;
  blocks: BlockStats[];
}

class TextFitter implements BlockFitter {
  private readonly index = new Map<string, number>();
  private terms: string[] = [];
  private counts = new Float64Array(1024);
  private df = new Int32Array(1024);
  private lastDoc = new Int32Array(1024).fill(-1);
  private readonly reader: TermReader;

  constructor(
    private readonly spec: TextBlockSpec,
    from?: TextStats,
  ) {
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
    if (from) {
      while (this.counts.length < from.terms.length) this.grow();
      from.terms.forEach((term, i) => this.index.set(term, i));
      this.terms = [...from.terms];
      this.counts.set(from.counts);
      this.df.set(from.df);
    }
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
    this.count(movie, doc, 1);
  }

  remove(movie: FeatureInput, doc: number): void {
    this.count(movie, doc, -1);
  }

  private count(movie: FeatureInput, doc: number, by: 1 | -1): void {
    const n = this.reader.read(movie);
    const ids = this.reader.ids;
    const { counts, df, lastDoc } = this;
    for (let k = 0; k < n; k++) {
      const i = ids[k];
      counts[i] += by;
      if (lastDoc[i] !== doc) {
        lastDoc[i] = doc;
        df[i] += by;
      }
    }
  }

  stats(): TextStats {
    const n = this.terms.length;
    return { kind: "text", terms: [...this.terms], counts: Array.from(this.counts.subarray(0, n)), df: Array.from(this.df.subarray(0, n)) };
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

/** Distinct values kept at each end of a numeric column: enough that removals rarely empty a side. */
const EXTREMES_KEPT = 16;

function putExtreme(side: [number, number][], x: number, by: number, before: (a: number, b: number) => boolean): boolean {
  let i = 0;
  while (i < side.length && before(side[i][0], x)) i++;
  if (i < side.length && side[i][0] === x) {
    side[i][1] += by;
    if (side[i][1] <= 0) side.splice(i, 1);
    return true;
  }
  if (by < 0) return false;
  side.splice(i, 0, [x, by]);
  return true;
}

class MinMaxFitter implements BlockFitter {
  private readonly columns: ColumnExtremes[];
  constructor(
    private readonly spec: MinMaxBlockSpec,
    from?: MinMaxStats,
  ) {
    // JSON writes an infinite bound (a side never full) as null.
    this.columns = from
      ? from.columns.map((c) => ({
          low: c.low.map(([v, n]) => [v, n]),
          lowBound: c.lowBound ?? Infinity,
          high: c.high.map(([v, n]) => [v, n]),
          highBound: c.highBound ?? -Infinity,
        }))
      : spec.columns.map(() => ({ low: [], lowBound: Infinity, high: [], highBound: -Infinity }));
  }
  add(movie: FeatureInput): void {
    this.count(movie, 1);
  }
  remove(movie: FeatureInput): void {
    this.count(movie, -1);
  }
  private count(movie: FeatureInput, by: 1 | -1): void {
    const { columns: names, transform: t } = this.spec;
    for (let c = 0; c < names.length; c++) {
      const x = transform(numberOf(movie, names[c]), t);
      const e = this.columns[c];
      if (x <= e.lowBound && putExtreme(e.low, x, by, (a, b) => a < b) && e.low.length > EXTREMES_KEPT) {
        // Drop the largest listed value: the side stays exact up to the new last one.
        e.low.pop();
        e.lowBound = e.low[EXTREMES_KEPT - 1][0];
      }
      if (x >= e.highBound && putExtreme(e.high, x, by, (a, b) => a > b) && e.high.length > EXTREMES_KEPT) {
        e.high.pop();
        e.highBound = e.high[EXTREMES_KEPT - 1][0];
      }
    }
  }
  /** Columns whose minimum or maximum left with every listed value: a full refit must find them. */
  unknownRanges(): string[] {
    return this.spec.columns.filter((_, c) => {
      const e = this.columns[c];
      return (!e.low.length && e.lowBound !== Infinity) || (!e.high.length && e.highBound !== -Infinity);
    });
  }
  finish(): SerializedMinMaxBlock {
    // An empty side: no document (0), or emptied by removals (its bound, flagged by unknownRanges).
    const end = (side: [number, number][], bound: number) => (side.length ? side[0][0] : Number.isFinite(bound) ? bound : 0);
    return {
      ...this.spec,
      columns: [...this.spec.columns],
      scale: typeof this.spec.scale === "number" ? this.spec.scale : NaN, // resolved once text dims are known
      min: this.columns.map((e) => end(e.low, e.lowBound)),
      max: this.columns.map((e) => end(e.high, e.highBound)),
    };
  }
  stats(): MinMaxStats {
    const bound = (x: number) => (Number.isFinite(x) ? x : null);
    return {
      kind: "minmax",
      columns: this.columns.map((e) => ({
        low: e.low.map(([v, n]) => [v, n]),
        lowBound: bound(e.lowBound),
        high: e.high.map(([v, n]) => [v, n]),
        highBound: bound(e.highBound),
      })),
    };
  }
}

class RbfFitter implements BlockFitter {
  constructor(private readonly spec: RbfBlockSpec) {}
  add(): void {}
  remove(): void {}
  finish(): SerializedRbfBlock {
    return { ...this.spec, centers: [...this.spec.centers], shrink: this.spec.shrink ? { ...this.spec.shrink } : null };
  }
  stats(): BlockStats {
    return { kind: "rbf" };
  }
}

export interface FeatureFitter {
  add(movie: FeatureInput): void;
  /** Takes back a document added before (or counted in the statistics resumed from). */
  remove(movie: FeatureInput): void;
  finish(): FeatureModel;
  /** What the fit counted, to resume it later (resumeFitter). */
  stats(): FitStats;
  /** Numeric columns whose fitted range cannot be known any more (every listed extreme removed). */
  unknownRanges(): string[];
}

class SpecFitter implements FeatureFitter {
  private readonly fitters: BlockFitter[];
  private documents = 0;
  /** Numbers add/remove calls (the text blocks' document-frequency stamp). */
  private calls = 0;
  private done = false;
  constructor(
    private readonly spec: RecipeSpec,
    from?: FitStats,
  ) {
    this.fitters = spec.blocks.map((b, i) => {
      const saved = from?.blocks[i];
      if (from && saved?.kind !== b.kind) throw new Error(`fit statistics do not match recipe ${spec.name}`);
      if (b.kind === "text") return new TextFitter(b, saved as TextStats | undefined);
      return b.kind === "minmax" ? new MinMaxFitter(b, saved as MinMaxStats | undefined) : new RbfFitter(b);
    });
    this.documents = from?.documents ?? 0;
  }
  add(movie: FeatureInput): void {
    if (this.done) throw new Error("FeatureFitter.add() after finish()");
    this.documents++;
    const doc = this.calls++;
    for (let b = 0; b < this.fitters.length; b++) this.fitters[b].add(movie, doc);
  }
  remove(movie: FeatureInput): void {
    if (this.done) throw new Error("FeatureFitter.remove() after finish()");
    this.documents--;
    const doc = this.calls++;
    for (let b = 0; b < this.fitters.length; b++) this.fitters[b].remove(movie, doc);
  }
  stats(): FitStats {
    return { recipe: this.spec.name, documents: this.documents, blocks: this.fitters.map((f) => f.stats()) };
  }
  unknownRanges(): string[] {
    return this.fitters.flatMap((f) => (f instanceof MinMaxFitter ? f.unknownRanges() : []));
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

/** A fit resumed from its saved statistics: remove and add documents, then finish. */
export function resumeFitter(stats: FitStats): FeatureFitter {
  if (!isRecipeName(stats.recipe)) throw new Error(`unknown feature recipe "${String(stats.recipe)}"`);
  return new SpecFitter(RECIPE_SPECS[stats.recipe], stats);
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
