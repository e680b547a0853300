/**
 * The fitted feature model: turns a movie into an L2-normalised Float32Array whose dot product
 * with another is their cosine. Built from its JSON (format.ts), compiled once into typed arrays.
 */
import type { Analyzer, BlockSpec, NumericColumn, NumericTransform, RecipeName, TextBlockSpec, TextColumn } from "../recipes";
import { blockSize, type SerializedFeatureModel, type SerializedTextBlock, validateModel } from "./format";
import { type FeatureInput, numberOf, transform } from "./input";
import { TermReader, UNSEEN } from "./term-reader";

/** Where a block sits in the vector: for explanations ("shares keywords ...") and debugging. */
interface BlockLayout {
  name: string;
  kind: BlockSpec["kind"];
  offset: number;
  size: number;
  /** Text blocks: the term of each dimension. */
  terms?: readonly string[];
}

function vocabularyReader(b: SerializedTextBlock): TermReader {
  const index = new Map(b.vocabulary.map((t, i) => [t, i]));
  return new TermReader(b.columns, b.analyzer, (term) => index.get(term) ?? UNSEEN);
}

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
    return new FeatureModel(validateModel(json));
  }
}
