/**
 * The feature model, in parts: the tokeniser (tokenize.ts) and the term reader built on it
 * (term-reader.ts), fitting a recipe on a catalog (fit.ts), the fitted model that vectorises
 * (model.ts) and its JSON form with its checks (format.ts).
 */
export { DEFAULT_RECIPE, RECIPES } from "../recipes";
export type { RecipeName } from "../recipes";
export { compareCodePoints, createFitter, createFitterFromSpec, fitFeatures, resumeFitter, type FeatureFitter, type FitStats } from "./fit";
export type { SerializedFeatureModel } from "./format";
export type { FeatureInput } from "./input";
export { FeatureModel } from "./model";
