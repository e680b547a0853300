/**
 * The fitted feature model as JSON (the build's model.json): its shape, and the checks a file
 * must pass before a model is built from it.
 */
import {
  ANALYZERS,
  isRecipeName,
  type MinMaxBlockSpec,
  NUMERIC_COLUMNS,
  type RbfBlockSpec,
  type RecipeName,
  type TextBlockSpec,
  TEXT_COLUMNS,
  TRANSFORMS,
} from "../recipes";

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

export function blockSize(b: SerializedBlock): number {
  return b.kind === "text" ? b.vocabulary.length : b.kind === "minmax" ? b.columns.length : b.centers.length;
}

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

/** The model in `json`, checked field by field; throws "invalid feature model: ..." naming the first fault. */
export function validateModel(json: unknown): SerializedFeatureModel {
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
