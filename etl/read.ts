import fs from "node:fs";
import path from "node:path";
import { PassThrough, type Readable } from "node:stream";
import Papa from "papaparse";
import yauzl from "yauzl";
import { TMDB_COLUMNS, type RawMovie } from "@/lib/movies/types";

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

interface ReadBatch {
  rows: RawMovie[];
  /** Lines papaparse could not split into the 24 TMDB columns (bad quoting, wrong field count). */
  malformed: number;
  /** Where those lines stand among all of the batch's lines (valid and malformed), ascending. */
  malformedAt: number[];
  /** Bytes of the input consumed so far, for progress. */
  bytesRead: number;
}

interface CsvSource {
  stream: Readable;
  /** Size in bytes of what `stream` yields (uncompressed), for progress. */
  size: number;
  name: string;
}

/** Opens FILE as a CSV stream; a .zip (as Kaggle serves it) yields its first .csv entry. */
export async function openCsv(file: string): Promise<CsvSource> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch {
    throw new InputError(`input file not found: ${file}`);
  }
  if (!stat.isFile()) throw new InputError(`input is not a file: ${file}`);
  if (stat.size === 0) throw new InputError(`input file is empty: ${file}`);
  if (path.extname(file).toLowerCase() === ".zip") return openZipEntry(file);
  return { stream: fs.createReadStream(file, { highWaterMark: 1 << 20 }), size: stat.size, name: file };
}

function openZipEntry(file: string): Promise<CsvSource> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(new InputError(`cannot open zip archive ${file}: ${err?.message}`));
      zip.on("entry", (entry: yauzl.Entry) => {
        if (!/\.csv$/i.test(entry.fileName)) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(new InputError(`cannot read ${entry.fileName} in ${file}: ${e?.message}`));
          resolve({ stream, size: entry.uncompressedSize, name: `${file}:${entry.fileName}` });
        });
      });
      zip.on("end", () => reject(new InputError(`no .csv file inside ${file}`)));
      zip.readEntry();
    });
  });
}

function missingColumns(fields: readonly string[]): string[] {
  const present = new Set(fields);
  return TMDB_COLUMNS.filter((c) => !present.has(c));
}

export function isMalformed(row: Record<string, unknown>): boolean {
  if ("__parsed_extra" in row) return true;
  for (const c of TMDB_COLUMNS) if (row[c] === undefined) return true;
  return false;
}

/**
 * Streams a TMDB CSV in batches (papaparse chunks; CRLF, BOM, quoted newlines and "" escapes
 * handled by the parser). The whole file is never held in memory: the parser is paused while a
 * batch is being consumed.
 */
export async function* readCsv(source: CsvSource, chunkSize = 4 << 20): AsyncGenerator<ReadBatch> {
  const queue: ReadBatch[] = [];
  let done = false;
  let failure: Error | undefined;
  let parser: Papa.Parser | undefined;
  let wake: (() => void) | undefined;
  let bytesRead = 0;
  let headerChecked = false;
  source.stream.on("data", (b: Buffer | string) => {
    bytesRead += typeof b === "string" ? Buffer.byteLength(b) : b.length;
  });
  const notify = () => {
    wake?.();
    wake = undefined;
  };

  // Decoded as one text stream: a character split across two chunks stays one character.
  const text = source.stream.pipe(new PassThrough());
  text.setEncoding("utf8");
  source.stream.on("error", (err) => text.destroy(err));
  Papa.parse<Record<string, string>>(text as unknown as File, {
    header: true,
    skipEmptyLines: true,
    chunkSize,
    transformHeader: (h) => h.replace(/^\uFEFF/, "").trim(),
    chunk(results, p) {
      parser = p;
      if (!headerChecked) {
        headerChecked = true;
        const missing = missingColumns(results.meta.fields ?? []);
        if (missing.length) {
          failure = new InputError(`not a TMDB movies CSV: missing column(s) ${missing.join(", ")}`);
          p.abort();
          notify();
          return;
        }
      }
      const rows: RawMovie[] = [];
      const malformedAt: number[] = [];
      for (const row of results.data) {
        if (isMalformed(row)) malformedAt.push(rows.length + malformedAt.length);
        else rows.push(row as RawMovie);
      }
      queue.push({ rows, malformed: malformedAt.length, malformedAt, bytesRead });
      p.pause();
      notify();
    },
    complete() {
      done = true;
      notify();
    },
    error(err: Error) {
      failure = new InputError(`cannot read CSV: ${err.message}`);
      done = true;
      notify();
    },
  });

  try {
    while (true) {
      if (failure) throw failure;
      const batch = queue.shift();
      if (batch) {
        yield batch;
        if (!done) parser?.resume();
        continue;
      }
      if (done) break;
      await new Promise<void>((r) => (wake = r));
    }
    if (failure) throw failure;
    if (!headerChecked) throw new InputError(`input has no CSV header: ${source.name}`);
  } finally {
    if (!done) {
      parser?.abort();
      source.stream.destroy();
      text.destroy();
    }
  }
}
