import fs from "node:fs";
import path from "node:path";
import type { Movie } from "@/lib/movies/types";
import { cleanMovie, DROP_REASONS, type CleanResult } from "../clean";
import { type DropCounts } from "../pipeline";
import { openCsv } from "../read";
import { clippedFields, dropCode, dropReasonOf, isKept, lineOutcome, LOSER, ROWS_FILE, RowDigest, SOURCE_FILE, WINNER } from "./digest";
import { LineIndex, LineMismatch, parseLines, readOldLines } from "./lines";
import { CsvRecordSplitter, RecordSplitError } from "./records";

/**
 * The incremental refresh's one pass over the new file: every line is hashed and looked up in
 * the live build's row digest; only lines not found there are parsed and cleaned. Then the
 * duplicate rule is re-run for the ids it concerns, and the ids are sorted into added, changed
 * and removed, with the new versions to load and the documents the feature fit gains and loses.
 */

/** Beyond this share of the catalog's lines new or gone, the pass stops: a full rebuild is due anyway. */
const MAX_LINE_CHANGE = 0.1;
/** Movies the drift is measured on. */
const DRIFT_SAMPLE = 2000;

export interface ScanResult {
  digest: RowDigest;
  rowsRead: number;
  kept: number;
  dropped: DropCounts;
  clipped: Record<string, number>;
  reservedIds: number[];
  /** New versions of changed and added movies, by id. */
  upserts: Movie[];
  added: number;
  changed: number;
  removed: number[];
  /** Movies whose line is unchanged (or changed to the same cleaned movie). */
  unchanged: number;
  /** Documents the feature fit loses (old versions of lines gone) and gains (new lines kept). */
  fitRemoved: Movie[];
  fitAdded: Movie[];
  /** Movies of the new catalog, evenly spaced, to measure the model's drift on (drift.ts). */
  sample: Movie[];
  /** Lines parsed and cleaned: new ones, and old ones read back from the live build's CSV copy. */
  linesParsed: number;
}

type ScanOutcome = { ok: true; scan: ScanResult } | { ok: false; reason: string };

interface Fresh {
  line: number;
  bytes: Buffer;
  id: number;
}

function growInt(a: Int32Array, need: number): Int32Array {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

export async function scanFile(input: string, liveBuildDir: string, buildDir: string, currentYear: number): Promise<ScanOutcome> {
  const old = await RowDigest.read(path.join(liveBuildDir, ROWS_FILE));
  if (old.meta.currentYear !== currentYear) return { ok: false, reason: `the year changed since the live build (${old.meta.currentYear}): the release-year rule keeps other rows` };
  const index = new LineIndex(old);
  const digest = new RowDigest({ ...old.meta, sourceBytes: 0 });
  let oldOf: Int32Array = new Int32Array(1024);
  const fresh: Fresh[] = [];
  /** Old duplicate losers seen again: one may now win its id, and its movie is needed. */
  const loserBytes = new Map<number, Buffer>();
  const maxFresh = Math.ceil(old.count * MAX_LINE_CHANGE) + 100;
  let pending = -1;
  let tooMany = false;
  const splitter = new CsvRecordSplitter({
    wantBytes: (hi, lo, id) => {
      pending = index.take(hi, lo, id);
      return pending < 0 || old.code[pending] === LOSER;
    },
    onRecord: (r) => {
      const i = digest.push(r.offset, r.hi, r.lo, r.length, r.id);
      oldOf = growInt(oldOf, i + 1);
      oldOf[i] = pending;
      if (pending >= 0) {
        digest.code[i] = old.code[pending];
        digest.votes[i] = old.votes[pending];
        digest.clipped[i] = old.clipped[pending];
        if (r.bytes) loserBytes.set(i, r.bytes);
      } else {
        fresh.push({ line: i, bytes: r.bytes!, id: r.id });
        if (fresh.length > maxFresh) tooMany = true;
      }
    },
  });

  const source = await openCsv(input);
  const copy = fs.createWriteStream(path.join(buildDir, SOURCE_FILE), { highWaterMark: 1 << 20 });
  const copied = new Promise<number>((resolve, reject) => {
    copy.once("finish", () => resolve(copy.bytesWritten));
    copy.once("error", reject);
  });
  source.stream.pipe(copy);
  try {
    await new Promise<void>((resolve, reject) => {
      source.stream.on("data", (chunk: Buffer) => {
        try {
          splitter.push(chunk);
        } catch (err) {
          reject(err);
        }
        if (tooMany) reject(new LineMismatch("too many"));
      });
      source.stream.once("end", resolve);
      source.stream.once("error", reject);
    });
    splitter.end();
  } catch (err) {
    // Stop reading and copying: the copy is abandoned with the build folder.
    copied.catch(() => {});
    source.stream.unpipe(copy);
    source.stream.destroy();
    copy.destroy();
    if (tooMany) return { ok: false, reason: `more than ${Math.round(MAX_LINE_CHANGE * 100)}% of the file's lines are new` };
    if (err instanceof RecordSplitError) return { ok: false, reason: `the CSV cannot be split line by line (${err.message})` };
    throw err;
  }
  digest.meta.sourceBytes = await copied;
  const header = splitter.header;
  if (!header || header.hi !== old.meta.header[0] || header.lo !== old.meta.header[1] || splitter.newline !== old.meta.newline)
    return { ok: false, reason: "the CSV's header line or line breaks differ from the live build's" };

  const goneLines: number[] = [];
  for (let i = 0; i < old.count; i++) if (!index.taken[i] && isKept(old.code[i])) goneLines.push(i);
  if (goneLines.length > maxFresh) return { ok: false, reason: `more than ${Math.round(MAX_LINE_CHANGE * 100)}% of the live catalog's lines are gone` };

  try {
    return { ok: true, scan: await settle() };
  } catch (err) {
    if (err instanceof LineMismatch) return { ok: false, reason: `lines cannot be read one by one as papaparse reads the file (${err.message})` };
    throw err;
  }

  async function settle(): Promise<ScanResult> {
    const clean = (raw: ReturnType<typeof parseLines>[number]): CleanResult | undefined => (raw ? cleanMovie(raw, currentYear) : undefined);
    // New lines: parse, clean, record the outcome.
    const movieOf = new Map<number, Movie>();
    const fitAdded: Movie[] = [];
    parseLines(header!.text, splitter.newline!, fresh).forEach((raw, k) => {
      const line = fresh[k].line;
      const result = clean(raw);
      ({ code: digest.code[line], votes: digest.votes[line], clipped: digest.clipped[line] } = lineOutcome(result));
      if (result?.ok) {
        movieOf.set(line, result.movie);
        fitAdded.push(result.movie);
      }
    });
    // Old versions of the kept lines that are gone: documents the fit loses, and each id's old movie.
    const oldBytes = await readOldLines(path.join(liveBuildDir, SOURCE_FILE), old, goneLines);
    const oldMovieOf = new Map<number, Movie>();
    const fitRemoved: Movie[] = [];
    parseLines(header!.text, splitter.newline!, goneLines.map((i) => ({ bytes: oldBytes.get(i)!, id: old.id[i] }))).forEach((raw, k) => {
      const result = clean(raw);
      if (!result?.ok) throw new LineMismatch(`an old kept line of id ${old.id[goneLines[k]]} no longer cleans to a movie`);
      oldMovieOf.set(goneLines[k], result.movie);
      fitRemoved.push(result.movie);
    });

    // The duplicate rule (the most voted line of an id wins, the first on a tie), again for the
    // ids whose lines changed or that had duplicates; every other id keeps its winner.
    const touched = new Set<number>();
    for (const f of fresh) if (isKept(digest.code[f.line])) touched.add(f.id);
    for (const i of goneLines) touched.add(old.id[i]);
    for (let i = 0; i < old.count; i++) if (old.code[i] === LOSER) touched.add(old.id[i]);
    const best = new Map<number, number>();
    for (let i = 0; i < digest.count; i++) {
      if (!isKept(digest.code[i]) || !touched.has(digest.id[i])) continue;
      const id = digest.id[i];
      const b = best.get(id);
      if (b === undefined || digest.votes[i] > digest.votes[b]) {
        if (b !== undefined) digest.code[b] = LOSER;
        best.set(id, i);
        digest.code[i] = WINNER;
      } else digest.code[i] = LOSER;
    }
    const oldWinner = new Map<number, number>();
    for (let i = 0; i < old.count; i++) if (old.code[i] === WINNER && touched.has(old.id[i])) oldWinner.set(old.id[i], i);

    const upserts: Movie[] = [];
    const removed: number[] = [];
    let added = 0;
    let changed = 0;
    const loserLines = [...best.values()].filter((w) => oldOf[w] >= 0 && !movieOf.has(w) && loserBytes.has(w));
    const loserRaw = parseLines(header!.text, splitter.newline!, loserLines.map((w) => ({ bytes: loserBytes.get(w)!, id: digest.id[w] })));
    loserLines.forEach((w, k) => {
      const result = clean(loserRaw[k]);
      if (!result?.ok) throw new LineMismatch(`a kept line of id ${digest.id[w]} no longer cleans to a movie`);
      movieOf.set(w, result.movie);
    });
    for (const id of touched) {
      const o = oldWinner.get(id);
      const w = best.get(id);
      if (w === undefined) {
        if (o !== undefined) removed.push(id);
        continue;
      }
      if (o !== undefined && oldOf[w] === o) continue; // the same line still wins
      const movie = movieOf.get(w);
      if (!movie) throw new LineMismatch(`the winning line of id ${id} was not read`);
      const before = o === undefined ? undefined : oldMovieOf.get(o);
      // A line rewritten to the same movie (spacing, quoting): nothing to change.
      if (before && JSON.stringify(before) === JSON.stringify(movie)) continue;
      upserts.push(movie);
      if (o === undefined) added++;
      else changed++;
    }
    upserts.sort((a, b) => a.id - b.id);
    removed.sort((a, b) => a - b);

    // The report's counts, over every line of the new file.
    const dropped = Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as DropCounts;
    const clipped: Record<string, number> = {};
    const reservedIds: number[] = [];
    let kept = 0;
    const reserved = dropCode("reserved_id");
    for (let i = 0; i < digest.count; i++) {
      const code = digest.code[i];
      if (code === WINNER) kept++;
      else if (code === LOSER) dropped.duplicate_id++;
      else dropped[dropReasonOf(code)]++;
      if (code === reserved && reservedIds.length < 1000) reservedIds.push(digest.id[i]);
      if (isKept(code) && digest.clipped[i]) for (const f of clippedFields(digest.clipped[i])) clipped[f] = (clipped[f] ?? 0) + 1;
    }
    // The drift sample: every k-th winning line, read back from this build's copy of the file.
    const stride = Math.max(1, Math.floor(kept / DRIFT_SAMPLE));
    const sampleLines: number[] = [];
    for (let i = 0, w = 0; i < digest.count && sampleLines.length < DRIFT_SAMPLE; i++) if (digest.code[i] === WINNER && w++ % stride === 0) sampleLines.push(i);
    const unread = sampleLines.filter((i) => !movieOf.has(i));
    const sampleBytes = await readOldLines(path.join(buildDir, SOURCE_FILE), digest, unread);
    parseLines(header!.text, splitter.newline!, unread.map((i) => ({ bytes: sampleBytes.get(i)!, id: digest.id[i] }))).forEach((raw, k) => {
      const result = clean(raw);
      if (result?.ok) movieOf.set(unread[k], result.movie);
    });
    const sample = sampleLines.flatMap((i) => movieOf.get(i) ?? []);
    return {
      digest,
      sample,
      rowsRead: digest.count,
      kept,
      dropped,
      clipped,
      reservedIds,
      upserts,
      added,
      changed,
      removed,
      unchanged: kept - added - changed,
      fitRemoved,
      fitAdded,
      linesParsed: fresh.length + goneLines.length + loserLines.length,
    };
  }
}
