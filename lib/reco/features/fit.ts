/**
 * Fitting a recipe (recipes.ts) on a catalog in one streaming pass: per text block, a Map term ->
 * index plus growable typed arrays of total counts and document frequencies (no per-document
 * objects), so a 1.29M-row catalog fits in seconds; per numeric block, the range.
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
