/**
 * Public API of the synthetic TMDB catalog (`npm run synth`, the demo, tests).
 *
 * writeSyntheticCsv streams a catalog to disk: ~64 KB string chunks written with backpressure (constant
 * memory whatever the row count), into FILE.tmp renamed over FILE at the end, so a killed or
 * failed run never leaves a half-written FILE.
 */
import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { setImmediate as setImmediatePromise } from "node:timers/promises";
import { CSV_HEADER } from "./csv";
import { DEFAULT_SEED, SYNTH_MAX_ROWS } from "./plan";
import { SynthGenerator, type SynthRecord, type SynthStats, recordLine } from "./rows";

export { CSV_HEADER } from "./csv";
export { DEFAULT_SEED, DIRTY_KINDS, SYNTH_MAX_ROWS, plannedCounts } from "./plan";
export { recordLine } from "./rows";

/** Every record of a catalog, in file order. */
export function* generateRecords(rows: number, seed: number = DEFAULT_SEED): Generator<SynthRecord> {
  const g = new SynthGenerator(rows, seed);
  for (let r = g.next(); r; r = g.next()) yield r;
}

/**
 * Every row's 24 values (TMDB_COLUMNS order, unquoted), in file order. The deliberately
 * malformed rows are included with their intended values (see generateRecords().malformed).
 */
export function* generateRows(rows: number, seed: number = DEFAULT_SEED): Generator<string[]> {
  for (const r of generateRecords(rows, seed)) yield r.fields;
}

export interface SynthResult {
  rows: number;
  bytes: number;
  /** Deliberately malformed lines (papaparse yields them with too few fields). */
  malformed: number;
  stats: SynthStats;
}

interface WriteOptions {
  /** Called every `progressEvery` rows (and once at the end) with the rows written so far. */
  onProgress?: (rowsDone: number) => void;
  progressEvery?: number;
}

/** ~64 KB chunks, and a turn of the event loop after each: signals (Ctrl-C) are handled within
 * milliseconds even though generating is synchronous. */
const CHUNK_CHARS = 1 << 16;

/** The temporary file a run writes before renaming it to `file`. */
export function tmpPathFor(file: string): string {
  return `${file}.tmp`;
}

/** Yields the CSV text (header first) in ~64 KB chunks; `gen.stats` fills in as it goes. */
function* csvChunks(gen: SynthGenerator, onRow?: (rowsDone: number) => void): Generator<string> {
  let buf = CSV_HEADER;
  let done = 0;
  for (let r = gen.next(); r; r = gen.next()) {
    buf += recordLine(r);
    done++;
    if (onRow) onRow(done);
    if (buf.length >= CHUNK_CHARS) {
      yield buf;
      buf = "";
    }
  }
  if (buf) yield buf;
}

/** Writes `rows` synthetic rows to `file` (byte-identical for the same rows and seed). */
export async function writeSyntheticCsv(
  file: string,
  rows: number,
  seed: number = DEFAULT_SEED,
  options: WriteOptions = {},
): Promise<SynthResult> {
  if (!Number.isInteger(rows) || rows < 1 || rows > SYNTH_MAX_ROWS) {
    throw new RangeError(`rows must be an integer in 1..${SYNTH_MAX_ROWS}, got ${rows}`);
  }
  const gen = new SynthGenerator(rows, seed);
  const target = path.resolve(file);
  const tmp = tmpPathFor(target);
  const handle = await fs.promises.open(tmp, "w");
  const out = handle.createWriteStream({ highWaterMark: 8 << 20 });
  let failure: Error | undefined;
  out.on("error", (e) => (failure ??= e));
  const closed = once(out, "close").catch(() => undefined);

  const every = Math.max(1, options.progressEvery ?? 10_000);
  const onRow = options.onProgress
    ? (n: number) => {
        if (n % every === 0) options.onProgress!(n);
      }
    : undefined;

  let bytes = 0;
  try {
    for (const chunk of csvChunks(gen, onRow)) {
      if (failure) throw failure;
      const data = Buffer.from(chunk, "utf8");
      bytes += data.length;
      if (!out.write(data)) await once(out, "drain");
      else await setImmediatePromise();
    }
    out.end();
    await once(out, "finish");
    await closed;
    if (failure) throw failure;
    await fs.promises.rename(tmp, target);
  } catch (e) {
    out.destroy();
    await handle.close().catch(() => undefined);
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
  options.onProgress?.(rows);
  return { rows, bytes, malformed: gen.stats.dirty.malformed_line, stats: gen.stats };
}
