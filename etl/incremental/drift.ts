import { type FeatureInput, type FeatureModel, type FitStats, resumeFitter, type SerializedFeatureModel } from "@/lib/reco/features";
import { cosine } from "@/lib/reco/cosine";

/**
 * Does the published feature model still describe the new file? The build saved what its fit
 * counted (term counts and document frequencies of every text block, the extremes of every
 * numeric column); removing the documents that left and adding the new ones gives exactly the
 * statistics, hence the model, a full refit of the new file would produce. The live model still
 * fits when, measured on those statistics:
 *
 *  - vocabulary: the terms a refit would bring into a block's vocabulary occur at most 10% more
 *    often in the new file than the live terms they would push out, or no more than counting
 *    noise explains (3 standard deviations of a Poisson count, for small catalogs). Terms tied
 *    near a vocabulary's edge trade places on any change at all (a refit then moves the movies
 *    holding them, though neither term describes the catalog better); a term that grew well past
 *    the edge is a change of the catalog the live model misses;
 *  - idf: no idf of a term both vocabularies keep moves by more than 2% (relative) with its
 *    document frequency moving by more than counting noise, nor a block's out-of-vocabulary idf
 *    by more than 2%;
 *  - range: no numeric column's min or max moves by more than MAX_RANGE_CHANGE of its span, and
 *    every range can still be told (a side of the extremes the build listed can empty).
 *
 * Reported beside it, for information: how far a refit would move a sample of the new catalog's
 * vectors (mean and 99th percentile of 1 - cosine), which is what an incremental refresh gives
 * up against a full one. The comparison is always with the live model, so drift adds up over
 * incremental refreshes until one goes full.
 */
const DRIFT_LIMITS = { vocabularyGain: 0.1, idf: 0.02, range: 0.01 };

export interface Drift {
  /** (count of the terms a refit would add / count of those it would drop) - 1, where it is largest. */
  vocabularyGain: number;
  /** Whether some block's gain is beyond both 10% and counting noise. */
  vocabularyOver: boolean;
  vocabularyBlock?: string;
  entering: string[];
  leaving: string[];
  /** Largest relative idf change (terms both vocabularies keep, and out-of-vocabulary idf). */
  idf: number;
  idfBlock?: string;
  /** Whether some idf moved by more than 2% and more than counting noise. */
  idfOver: boolean;
  /** Largest min/max move over a column's span. */
  range: number;
  rangeColumn?: string;
  /** Columns whose range can no longer be known. */
  unknownRanges: string[];
  /** Over a sample of the new catalog: mean and 99th percentile of 1 - cos(live vector, refit vector). */
  meanShift: number;
  p99Shift: number;
  sampled: number;
}

type ModelChanges = Omit<Drift, "unknownRanges" | "meanShift" | "p99Shift" | "sampled">;
/** Counts farther apart than this (relative), and than counting noise, are a real change. */
const NOISE_SIGMAS = 3;
const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(b), 1e-12));

function compare(live: SerializedFeatureModel, refit: SerializedFeatureModel, stats: FitStats): ModelChanges {
  const d: ModelChanges = { vocabularyGain: 0, vocabularyOver: false, entering: [], leaving: [], idf: 0, idfOver: false, range: 0 };
  // Document frequency back from smooth idf: ln((1 + n) / (1 + df)) + 1.
  const dfOf = (idf: number, n: number) => (1 + n) / Math.exp(idf - 1) - 1;
  const noteIdf = (x: number, over: boolean, block: string) => {
    if ((over && !d.idfOver) || (over === d.idfOver && x > d.idf)) Object.assign(d, { idf: x, idfOver: over, idfBlock: block });
  };
  live.blocks.forEach((b, i) => {
    const r = refit.blocks[i];
    const s = stats.blocks[i];
    if (b.kind === "text" && r.kind === "text" && s.kind === "text") {
      const before = new Set(b.vocabulary);
      const after = new Set(r.vocabulary);
      const entering = r.vocabulary.filter((t) => !before.has(t));
      const leaving = b.vocabulary.filter((t) => !after.has(t));
      if (entering.length) {
        const count = (t: string) => Math.max(0, s.counts[s.terms.indexOf(t)] ?? 0);
        const gained = entering.reduce((sum, t) => sum + count(t), 0);
        // A vocabulary that grows (fewer eligible terms than its size before) gives up its weakest live terms' count.
        const given = leaving.length ? leaving.reduce((sum, t) => sum + count(t), 0) : entering.length * Math.min(...b.vocabulary.map(count));
        const gain = given > 0 ? gained / given - 1 : Infinity;
        const over = gained - given > Math.max(DRIFT_LIMITS.vocabularyGain * given, NOISE_SIGMAS * Math.sqrt(given));
        // The block reported is the one over the limit, else the largest gain.
        if ((over && !d.vocabularyOver) || (over === d.vocabularyOver && gain > d.vocabularyGain))
          Object.assign(d, { vocabularyGain: gain, vocabularyOver: over, vocabularyBlock: b.name, entering, leaving });
      }
      const idfAfter = new Map(r.vocabulary.map((t, k) => [t, r.idf[k]]));
      b.vocabulary.forEach((t, k) => {
        const x = idfAfter.get(t);
        if (x === undefined) return;
        const before = dfOf(b.idf[k], live.documents);
        const moved = Math.abs(dfOf(x, stats.documents) - before) > NOISE_SIGMAS * Math.sqrt(Math.max(before, 1));
        noteIdf(rel(x, b.idf[k]), moved && rel(x, b.idf[k]) > DRIFT_LIMITS.idf, b.name);
      });
      if (b.oovNorm) noteIdf(rel(r.oovIdf, b.oovIdf), rel(r.oovIdf, b.oovIdf) > DRIFT_LIMITS.idf, `${b.name} (out of vocabulary)`);
    } else if (b.kind === "minmax" && r.kind === "minmax") {
      b.columns.forEach((c, k) => {
        const span = b.max[k] - b.min[k];
        const moved = Math.abs(r.min[k] - b.min[k]) + Math.abs(r.max[k] - b.max[k]);
        const x = moved === 0 ? 0 : span > 0 ? moved / span : Infinity;
        if (x > d.range) Object.assign(d, { range: x, rangeColumn: c });
      });
    }
  });
  return d;
}

/** Why the live model no longer fits, or undefined when it does. */
export function driftVerdict(d: Drift): string | undefined {
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  if (d.unknownRanges.length) return `the range of ${d.unknownRanges.join(", ")} can no longer be told (every extreme the build listed has left)`;
  if (d.vocabularyOver)
    return `a refit of the ${d.vocabularyBlock} vocabulary would bring in terms ${pct(d.vocabularyGain)} more frequent than those it drops (limit ${pct(DRIFT_LIMITS.vocabularyGain)}, or counting noise): +${d.entering.slice(0, 5).join(", +")}${d.leaving.length ? ` -${d.leaving.slice(0, 5).join(", -")}` : ""}`;
  if (d.idfOver) return `an idf of the ${d.idfBlock} block would move by ${pct(d.idf)} (limit ${pct(DRIFT_LIMITS.idf)}, beyond counting noise)`;
  if (d.range > DRIFT_LIMITS.range) return `the range of ${d.rangeColumn} would move by ${pct(d.range)} of its span (limit ${pct(DRIFT_LIMITS.range)})`;
  return undefined;
}

const isZero = (v: Float32Array) => v.every((x) => x === 0);

/** 1 - cosine: how far a movie's vector moves; a vector that becomes or stops being zero moves all the way. */
function shift(a: Float32Array, b: Float32Array): number {
  const [za, zb] = [isZero(a), isZero(b)];
  if (za || zb) return za && zb ? 0 : 1;
  return Math.max(0, 1 - cosine(a, b));
}

/** The refit statistics of the new file, and how far the refit would move from the live model. */
export function measureDrift(
  live: FeatureModel,
  saved: FitStats,
  change: { removed: readonly FeatureInput[]; added: readonly FeatureInput[]; sample: readonly FeatureInput[] },
): { drift: Drift; stats: FitStats } {
  if (saved.recipe !== live.recipe) throw new Error(`the saved fit statistics are of recipe ${saved.recipe}, the model of ${live.recipe}`);
  const fitter = resumeFitter(saved);
  for (const m of change.removed) fitter.remove(m);
  for (const m of change.added) fitter.add(m);
  const stats = fitter.stats();
  const unknownRanges = fitter.unknownRanges();
  const refit = fitter.finish();
  const shifts = Float64Array.from(change.sample, (m) => shift(live.vectorize(m), refit.vectorize(m))).sort();
  const meanShift = shifts.reduce((a, b) => a + b, 0) / Math.max(shifts.length, 1);
  const p99Shift = shifts.length ? shifts[Math.min(shifts.length - 1, Math.floor(shifts.length * 0.99))] : 0;
  return { drift: { ...compare(live.toJSON(), refit.toJSON(), stats), unknownRanges, meanShift, p99Shift, sampled: shifts.length }, stats };
}
