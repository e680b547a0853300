import fs from "node:fs";
import { TMDB_COLUMNS } from "@/lib/movies/types";
import { type CleanResult, DROP_REASONS, type DropReason } from "../clean";

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
function clippedMask(fields: readonly string[]): number {
  let mask = 0;
  for (const f of fields) mask |= 1 << TMDB_COLUMNS.indexOf(f as (typeof TMDB_COLUMNS)[number]);
  return mask >>> 0;
}
/** What the digest records of a cleaned line (undefined: malformed): its outcome, and for a kept line its votes and clipped fields. */
export function lineOutcome(result: CleanResult | undefined): { code: number; votes: number; clipped: number } {
  if (!result) return { code: dropCode("malformed_line"), votes: 0, clipped: 0 };
  if (!result.ok) return { code: dropCode(result.reason), votes: 0, clipped: 0 };
  return { code: WINNER, votes: result.movie.vote_count, clipped: clippedMask(result.clipped) };
}

export const clippedFields = (mask: number): string[] => TMDB_COLUMNS.filter((_, i) => mask & (1 << i));

interface DigestMeta {
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

export function grown<T extends Uint8Array | Int32Array | Uint32Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}
