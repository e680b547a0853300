import fs from "node:fs";
import path from "node:path";
import { TMDB_COLUMNS, type RawMovie } from "@/lib/movies/types";
import { type CleanResult, DROP_REASONS, type DropReason } from "../clean";
import type { CsvSource } from "../read";
import { CsvRecordSplitter, parseId } from "./records";

/**
 * The row digest a build keeps for the next refresh (ROWS_FILE): for every line of the CSV it was
 * built from, in file order, the hash of the line's raw bytes, where the line sits in the build's
 * copy of that CSV (SOURCE_FILE), and what cleaning made of it. A refresh hashes the new file's
 * lines the same way: equal bytes clean the same way (same rules, same year), so only the other
 * lines are parsed and cleaned.
 *
 * File layout (little endian): magic "MROW", u32 version, u32 meta bytes, meta JSON, padding to
 * 8, then per line: f64 offset, u32 hash hi, u32 hash lo, i32 id, i32 votes, u32 clipped fields,
 * u32 length, u8 outcome.
 */
export const ROWS_FILE = "rows.bin";
/** The fit's statistics (lib/reco/features FitStats) for the CSV the build was made from. */
export const FIT_STATS_FILE = "fit-stats.json";
/** A copy of that CSV (uncompressed): the old version of a line that changed is read from it. */
export const SOURCE_FILE = "source.csv";

const MAGIC = 0x574f524d; // "MROW"
/** Bump when the cleaning rules change: a digest of another version is not used. */
const VERSION = 1;

/** Outcome of a line: kept and its id's winner, kept and beaten by a more voted duplicate, or dropped. */
export const WINNER = 0;
export const LOSER = 1;
const DROP_CODES: readonly DropReason[] = DROP_REASONS.filter((r) => r !== "duplicate_id");
export const dropCode = (reason: DropReason): number => 2 + DROP_CODES.indexOf(reason);
export const dropReasonOf = (code: number): DropReason => DROP_CODES[code - 2];
export const isKept = (code: number): boolean => code === WINNER || code === LOSER;

/** Clipped fields as bits of their TMDB column index. */
export function clippedMask(fields: readonly string[]): number {
  let mask = 0;
  for (const f of fields) mask |= 1 << TMDB_COLUMNS.indexOf(f as (typeof TMDB_COLUMNS)[number]);
  return mask >>> 0;
}
export const clippedFields = (mask: number): string[] => TMDB_COLUMNS.filter((_, i) => mask & (1 << i));

interface DigestMeta {
  version: number;
  /** The year the release-date rule was applied with. */
  currentYear: number;
  newline: "\n" | "\r\n";
  /** Hash of the header line: another column order means another file. */
  header: [number, number];
  sourceBytes: number;
}

/** Growable columns, one entry per line. */
export class RowDigest {
  offset = new Float64Array(1024);
  hi = new Uint32Array(1024);
  lo = new Uint32Array(1024);
  id = new Int32Array(1024);
  votes = new Int32Array(1024);
  clipped = new Uint32Array(1024);
  length = new Uint32Array(1024);
  code = new Uint8Array(1024);
  count = 0;

  constructor(public meta: DigestMeta) {}

  private static readonly COLUMNS = ["offset", "hi", "lo", "id", "votes", "clipped", "length", "code"] as const;

  private grow(): void {
    for (const c of RowDigest.COLUMNS) {
      const a = this[c];
      const b = new (a.constructor as new (n: number) => typeof a)(a.length * 2);
      b.set(a as never);
      (this as Record<string, unknown>)[c] = b;
    }
  }

  /** Appends a line; its outcome is set later. Returns its index. */
  push(offset: number, hi: number, lo: number, length: number, id: number): number {
    if (this.count === this.hi.length) this.grow();
    const i = this.count++;
    this.offset[i] = offset;
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.length[i] = length;
    this.id[i] = id;
    return i;
  }

  async write(file: string): Promise<void> {
    const meta = Buffer.from(JSON.stringify(this.meta));
    const head = Buffer.alloc(12);
    head.writeUInt32LE(MAGIC, 0);
    head.writeUInt32LE(VERSION, 4);
    head.writeUInt32LE(meta.length, 8);
    const pad = Buffer.alloc((8 - ((12 + meta.length) % 8)) % 8);
    const n = this.count;
    const parts = RowDigest.COLUMNS.map((c) => {
      const a = this[c].subarray(0, n);
      return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    });
    await fs.promises.writeFile(file, Buffer.concat([head, meta, pad, ...parts]));
  }

  static async read(file: string): Promise<RowDigest> {
    const buf = await fs.promises.readFile(file);
    if (buf.length < 12 || buf.readUInt32LE(0) !== MAGIC) throw new Error("row digest has an unknown format");
    if (buf.readUInt32LE(4) !== VERSION) throw new Error(`row digest version ${buf.readUInt32LE(4)} is not this code's (${VERSION})`);
    const metaBytes = buf.readUInt32LE(8);
    const digest = new RowDigest(JSON.parse(buf.toString("utf8", 12, 12 + metaBytes)) as DigestMeta);
    let at = 12 + metaBytes;
    at += (8 - (at % 8)) % 8;
    const perLine = 8 + 4 * 6 + 1;
    const n = (buf.length - at) / perLine;
    if (!Number.isInteger(n)) throw new Error("row digest is truncated");
    for (const c of RowDigest.COLUMNS) {
      const Ctor = digest[c].constructor as unknown as { new (b: ArrayBuffer): RowDigest[typeof c]; BYTES_PER_ELEMENT: number };
      const bytes = n * Ctor.BYTES_PER_ELEMENT;
      const copy = new ArrayBuffer(Math.max(bytes, Ctor.BYTES_PER_ELEMENT));
      new Uint8Array(copy).set(buf.subarray(at, at + bytes));
      at += bytes;
      (digest as unknown as Record<string, unknown>)[c] = new Ctor(copy);
    }
    digest.count = n;
    return digest;
  }
}

/**
 * Records the digest during a full build: the raw bytes go through the record splitter and into
 * the build's copy of the CSV while papaparse parses the same stream; each parsed line's outcome
 * is matched with the splitter's line of the same rank (their ids must agree).
 */
export class DigestRecorder {
  private readonly digest: RowDigest;
  private readonly splitter: CsvRecordSplitter;
  private failure: string | undefined;
  private copied: Promise<number> = Promise.resolve(0);
  /** Per parsed line: the outcome, the id papaparse's fields give, votes and clipped fields. */
  private lines = 0;
  private outcome = new Uint8Array(1024);
  private rawId = new Int32Array(1024);
  private votes = new Int32Array(1024);
  private clipped = new Uint32Array(1024);

  constructor(
    private readonly buildDir: string,
    currentYear: number,
  ) {
    this.digest = new RowDigest({ version: VERSION, currentYear, newline: "\n", header: [0, 0], sourceBytes: 0 });
    this.splitter = new CsvRecordSplitter({ onRecord: (r) => this.digest.push(r.offset, r.hi, r.lo, r.length, r.id) });
  }

  attach(source: CsvSource): void {
    const copy = fs.createWriteStream(path.join(this.buildDir, SOURCE_FILE), { highWaterMark: 1 << 20 });
    this.copied = new Promise((resolve, reject) => {
      copy.once("finish", () => resolve(copy.bytesWritten));
      copy.once("error", reject);
    });
    // A parse that stops early destroys the input: close the copy with it.
    source.stream.once("close", () => copy.end());
    source.stream.pipe(copy);
    source.stream.on("data", (chunk: Buffer) => {
      if (this.failure) return;
      try {
        this.splitter.push(chunk);
      } catch (err) {
        this.failure = `the CSV cannot be split line by line (${(err as Error).message})`;
      }
    });
  }

  record(raw: RawMovie | undefined, result: CleanResult | undefined): void {
    if (this.lines === this.outcome.length) {
      const n = this.lines * 2;
      this.outcome = grown(this.outcome, n);
      this.rawId = grown(this.rawId, n);
      this.votes = grown(this.votes, n);
      this.clipped = grown(this.clipped, n);
    }
    const i = this.lines++;
    this.rawId[i] = raw ? parseId(raw.id) : -1;
    if (!result) this.outcome[i] = dropCode("malformed_line");
    else if (!result.ok) this.outcome[i] = dropCode(result.reason);
    else {
      this.outcome[i] = WINNER;
      this.votes[i] = result.movie.vote_count;
      this.clipped[i] = clippedMask(result.clipped);
    }
  }

  /**
   * Once the parse is over and the duplicate losers (kept-line ordinals) are known: checks that
   * the splitter and papaparse saw the same lines, and writes the digest. Returns why it was not
   * written, or undefined.
   */
  async finish(losers: ReadonlySet<number>): Promise<string | undefined> {
    const sourceBytes = await this.copied;
    if (!this.failure) {
      try {
        this.splitter.end();
      } catch (err) {
        this.failure = `the CSV cannot be split line by line (${(err as Error).message})`;
      }
    }
    const d = this.digest;
    if (!this.failure && !this.splitter.header) this.failure = "the CSV has no header line";
    if (!this.failure && d.count !== this.lines) this.failure = `the CSV splits into ${d.count} lines here and ${this.lines} for papaparse`;
    const malformed = dropCode("malformed_line");
    let ordinal = 0;
    for (let i = 0; !this.failure && i < d.count; i++) {
      const code = this.outcome[i];
      if (code !== malformed && d.id[i] !== this.rawId[i]) this.failure = `line ${i + 2}: the splitter reads id ${d.id[i]}, papaparse ${this.rawId[i]}`;
      d.code[i] = code === WINNER && losers.has(ordinal) ? LOSER : code;
      if (code === WINNER) ordinal++;
    }
    if (this.failure) {
      await fs.promises.rm(path.join(this.buildDir, SOURCE_FILE), { force: true });
      return this.failure;
    }
    d.votes = this.votes;
    d.clipped = this.clipped;
    d.meta.newline = this.splitter.newline!;
    d.meta.header = [this.splitter.header!.hi, this.splitter.header!.lo];
    d.meta.sourceBytes = sourceBytes;
    await d.write(path.join(this.buildDir, ROWS_FILE));
    return undefined;
  }
}

function grown<T extends Uint8Array | Int32Array | Uint32Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}
