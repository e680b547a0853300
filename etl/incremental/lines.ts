import fs from "node:fs";
import Papa from "papaparse";
import type { RawMovie } from "@/lib/movies/types";
import { isMalformed } from "../read";
import { parseId, hashRecord } from "./records";
import type { RowDigest } from "./digest";

/** Reading single lines of a CSV: parsing them as papaparse parses the whole file, and finding old ones by hash. */

export class LineMismatch extends Error {}

const BATCH = 1000;

function parseText(text: string, newline: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(text, {
    header: true,
    skipEmptyLines: true,
    newline: newline as "\n",
    transformHeader: (h) => h.replace(/^\uFEFF/, "").trim(),
  }).data;
}

/**
 * Parses lines (raw bytes, no line break) under the file's header, as etl/read.ts would have read
 * them in the whole file: a raw movie, or undefined for a malformed line. Each line must come
 * out as exactly one row carrying the id the splitter read, else LineMismatch.
 */
export function parseLines(header: string, newline: string, lines: readonly { bytes: Buffer; id: number }[]): (RawMovie | undefined)[] {
  const out: (RawMovie | undefined)[] = [];
  const take = (row: Record<string, string>, id: number) => {
    if (isMalformed(row)) return undefined;
    if (parseId(row.id) !== id) throw new LineMismatch(`a line parses to id ${row.id}, its raw bytes say ${id}`);
    return row as RawMovie;
  };
  for (let i = 0; i < lines.length; i += BATCH) {
    const batch = lines.slice(i, i + BATCH);
    const rows = parseText(header + newline + batch.map((l) => l.bytes.toString("utf8")).join(newline), newline);
    const agree = rows.length === batch.length && rows.every((r, k) => isMalformed(r) || parseId(r.id) === batch[k].id);
    if (agree) {
      rows.forEach((r, k) => out.push(take(r, batch[k].id)));
      continue;
    }
    // One line at a time tells which one papaparse does not read as a line of its own.
    for (const line of batch) {
      const alone = parseText(header + newline + line.bytes.toString("utf8"), newline);
      if (alone.length !== 1) throw new LineMismatch(`a line of id ${line.id} parses into ${alone.length} rows on its own`);
      out.push(take(alone[0], line.id));
    }
  }
  return out;
}

/** Old lines by the hash of their bytes (open addressing); each old line is matched once. */
export class LineIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;
  readonly taken: Uint8Array;

  constructor(private readonly d: RowDigest) {
    let size = 1024;
    while (size < d.count * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.taken = new Uint8Array(d.count);
    for (let i = 0; i < d.count; i++) {
      let s = this.slot(d.hi[i], d.lo[i]);
      while (this.slots[s] !== 0) s = (s + 1) & this.mask;
      this.slots[s] = i + 1;
    }
  }

  private slot(hi: number, lo: number): number {
    return (hi ^ Math.imul(lo, 0x9e3779b1)) & this.mask;
  }

  /** The first old line not matched yet with these bytes (hash and id), or -1. */
  take(hi: number, lo: number, id: number): number {
    const d = this.d;
    for (let s = this.slot(hi, lo); this.slots[s] !== 0; s = (s + 1) & this.mask) {
      const i = this.slots[s] - 1;
      if (d.hi[i] === hi && d.lo[i] === lo && d.id[i] === id && !this.taken[i]) {
        this.taken[i] = 1;
        return i;
      }
    }
    return -1;
  }
}

/**
 * Reads old lines back from the live build's copy of its CSV, checking each against its hash
 * (a copy that changed since is refused).
 */
export async function readOldLines(file: string, d: RowDigest, lines: readonly number[]): Promise<Map<number, Buffer>> {
  const out = new Map<number, Buffer>();
  const fh = await fs.promises.open(file, "r");
  try {
    for (const i of [...lines].sort((a, b) => d.offset[a] - d.offset[b])) {
      const buf = Buffer.allocUnsafe(d.length[i]);
      const { bytesRead } = await fh.read(buf, 0, buf.length, d.offset[i]);
      const [hi, lo] = hashRecord(buf);
      if (bytesRead !== buf.length || hi !== d.hi[i] || lo !== d.lo[i]) throw new LineMismatch(`the live build's copy of its CSV differs from its digest at byte ${d.offset[i]}`);
      out.set(i, buf);
    }
  } finally {
    await fh.close();
  }
  return out;
}
