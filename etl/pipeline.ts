import fs from "node:fs";
import readline from "node:readline";
import type { Movie, RawMovie } from "@/lib/movies/types";
import { cleanMovie, type CleanResult, DROP_REASONS, type DropReason } from "./clean";
import { openCsv, readCsv } from "./read";

export type DropCounts = Record<DropReason, number>;

interface CleanSummary {
  rowsRead: number;
  kept: number;
  dropped: DropCounts;
  /** Kept rows per field shortened to fit its column. */
  clipped: Record<string, number>;
  /** Ids of rows dropped as `reserved_id` (the first 1,000), to check against API-made movies. */
  reservedIds: number[];
}

function emptyDropCounts(): DropCounts {
  return Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as DropCounts;
}

/**
 * Resolves duplicate ids while streaming: the most voted row of an id wins (the first on a tie).
 * Rows are identified by their ordinal among kept rows, so later passes can skip the losers.
 */
export class DuplicateResolver {
  private readonly byId = new Map<number, { ordinal: number; votes: number }>();
  readonly losers = new Set<number>();

  /** Returns true when the row (at `ordinal`) is a duplicate of an earlier id. */
  offer(movie: Movie, ordinal: number): boolean {
    const prev = this.byId.get(movie.id);
    if (!prev) {
      this.byId.set(movie.id, { ordinal, votes: movie.vote_count });
      return false;
    }
    if (movie.vote_count > prev.votes) {
      this.losers.add(prev.ordinal);
      this.byId.set(movie.id, { ordinal, votes: movie.vote_count });
    } else {
      this.losers.add(ordinal);
    }
    return true;
  }
}

interface CleanStreamOptions {
  currentYear?: number;
  onProgress?: (bytesRead: number, totalBytes: number, rowsRead: number) => void;
  /** Every line in file order with what cleaning made of it; `undefined` for a malformed line. */
  onRecord?: (raw: RawMovie | undefined, result: CleanResult | undefined) => void;
}

/**
 * Streams FILE through the cleaning rules, calling `onMovie` for each kept row with its ordinal.
 * Duplicate losers are known only at the end: `resolver.losers` lists their ordinals.
 */
export async function cleanFile(
  file: string,
  onMovie: (movie: Movie, ordinal: number) => void | Promise<void>,
  options: CleanStreamOptions = {},
): Promise<CleanSummary & { losers: Set<number> }> {
  const source = await openCsv(file);
  const onRecord = options.onRecord;
  const dropped = emptyDropCounts();
  const clipped: Record<string, number> = {};
  const reservedIds: number[] = [];
  const resolver = new DuplicateResolver();
  let rowsRead = 0;
  let ordinal = 0;
  for await (const batch of readCsv(source)) {
    rowsRead += batch.rows.length + batch.malformed;
    dropped.malformed_line += batch.malformed;
    let malformedSeen = 0;
    for (let k = 0; k < batch.rows.length; k++) {
      const raw = batch.rows[k];
      if (onRecord)
        for (; batch.malformedAt[malformedSeen] === k + malformedSeen; malformedSeen++) onRecord(undefined, undefined);
      const result = cleanMovie(raw, options.currentYear);
      onRecord?.(raw, result);
      if (!result.ok) {
        dropped[result.reason]++;
        if (result.reason === "reserved_id" && reservedIds.length < 1000) reservedIds.push(Number(raw.id));
        continue;
      }
      for (const field of result.clipped) clipped[field] = (clipped[field] ?? 0) + 1;
      if (resolver.offer(result.movie, ordinal)) dropped.duplicate_id++;
      await onMovie(result.movie, ordinal);
      ordinal++;
    }
    if (onRecord) for (; malformedSeen < batch.malformed; malformedSeen++) onRecord(undefined, undefined);
    options.onProgress?.(batch.bytesRead, source.size, rowsRead);
  }
  const kept = ordinal - resolver.losers.size;
  return { rowsRead, kept, dropped, clipped, reservedIds, losers: resolver.losers };
}

/** Reads and cleans a whole (small) CSV into memory: for eval, tests and tools, not the 1M ETL. */
export async function loadCleanMovies(file: string, currentYear?: number): Promise<Movie[]> {
  const all: Movie[] = [];
  const { losers } = await cleanFile(file, (m) => void all.push(m), { currentYear });
  return all.filter((_, ordinal) => !losers.has(ordinal));
}

/** Streams the cleaned NDJSON written by the ETL's first stage, skipping duplicate losers. */
export async function* readCleanFile(file: string, losers: ReadonlySet<number>): AsyncGenerator<Movie> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  let ordinal = 0;
  for await (const line of lines) {
    if (!line) continue;
    if (!losers.has(ordinal)) yield JSON.parse(line) as Movie;
    ordinal++;
  }
}
