import { createProgress, type Progress } from "./progress";

/**
 * The runner every refresh command shares (`npm run etl`, `npm run index:rebuild`): a list of
 * named stages run in order, each timed, its peak RSS measured and its progress shown, so each
 * stage is only its work.
 */

export interface StageTiming {
  ms: number;
  rowsPerSec: number;
  peakRssMb: number;
}

/** What a running stage may ask of the runner. */
interface StageContext {
  /** A progress bar (silent when the run is quiet). */
  progress(label: string, total: number, unit?: string): Progress;
  /** Folds this process's RSS into the stage's peak: call it inside long loops. */
  sampleRss(): void;
  /** This stage's timing so far, for `rows` rows (for a stage that reports more than one timing). */
  timing(rows: number): StageTiming;
}

export interface Stage<S> {
  /** Its key in the report's timings. */
  name: string;
  /**
   * Does the stage's work on the run's shared state. Returns the rows it handled, or the
   * timings it measured itself, by name (a stage whose work runs partly in a child process).
   */
  run(state: S, ctx: StageContext): Promise<number | Record<string, StageTiming>>;
}

const rssMb = (): number => Math.round(process.memoryUsage.rss() / 2 ** 20);

export function stageTiming(ms: number, rows: number, peakRssMb: number): StageTiming {
  return { ms: Math.round(ms), rowsPerSec: Math.round(rows / Math.max(ms / 1000, 1e-3)), peakRssMb };
}

/** One line a stage, for the commands' summaries. */
export function timingLines(timings: Record<string, StageTiming>): string[] {
  return Object.entries(timings).map(
    ([name, s]) => `  ${name.padEnd(16)} ${(s.ms / 1000).toFixed(1).padStart(7)} s ${String(s.rowsPerSec).padStart(9)} rows/s  RSS ${s.peakRssMb} MB`,
  );
}

/** Runs `stages` in order on `state`; returns every timing by name, in order. */
export async function runStages<S>(
  stages: readonly Stage<S>[],
  state: S,
  options: { quiet?: boolean } = {},
): Promise<Record<string, StageTiming>> {
  const timings: Record<string, StageTiming> = {};
  const silent: Progress = { update() {}, stop() {} };
  for (const stage of stages) {
    const started = performance.now();
    let peak = rssMb();
    const ctx: StageContext = {
      progress: (label, total, unit) => (options.quiet ? silent : createProgress(label, total, unit)),
      sampleRss: () => {
        peak = Math.max(peak, rssMb());
      },
      timing: (rows) => stageTiming(performance.now() - started, rows, Math.max(peak, rssMb())),
    };
    const result = await stage.run(state, ctx);
    if (typeof result === "number") timings[stage.name] = ctx.timing(result);
    else Object.assign(timings, result);
  }
  return timings;
}
