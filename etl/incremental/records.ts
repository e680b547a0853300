import Papa from "papaparse";

/**
 * Splits a CSV byte stream into records exactly where papaparse does (etl/read.ts), without
 * parsing fields: a refresh finds the rows that changed since the live build by hashing each
 * record's raw bytes, at a few hundred MB/s, and parses and cleans only those.
 *
 * papaparse's rules, reproduced: a field is quoted when its first character is `"`; inside it `""`
 * is a quote; a quote closes the field when only whitespace separates it from the next `,` or
 * line break (else it is data: "InvalidQuotes"); an unclosed quote runs to the end of the input.
 * The line break is guessed from the first chunk as papaparse guesses it. Records that are a
 * single empty field are skipped (skipEmptyLines). Whatever this gets wrong shows as a mismatch
 * with papaparse's rows (checked on every full build, and on every parsed record): the caller
 * then falls back to a full rebuild.
 */

/** One record: its hash (two independent 32-bit lanes), where its bytes are, and its id field. */
interface CsvRecord {
  hi: number;
  lo: number;
  /** Byte offset in the (uncompressed) stream, and length, line break excluded. */
  offset: number;
  length: number;
  /** The id column as cleanMovie reads it (Number(text)); -1 when it is not a valid id. */
  id: number;
  /** The record's bytes, when the caller asked for them (`wantBytes`). */
  bytes?: Buffer;
}

interface SplitterOptions {
  onRecord: (record: CsvRecord) => void;
  /** Called with each record's hash before `onRecord`: true to have its bytes copied. */
  wantBytes?: (hi: number, lo: number, id: number) => boolean;
}

export class RecordSplitError extends Error {}

/** A record this long is a quote that never closes: not worth splitting (papaparse makes it one malformed row). */
const MAX_RECORD_BYTES = 64 << 20;

const GUESS_BYTES = 1 << 20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

const enum Mode {
  FieldStart,
  Unquoted,
  Quoted,
}

/** papaparse's line-break guess (guessLineEndings), on the first chunk. */
function guessNewline(first: string): "\n" | "\r\n" | "\r" {
  const input = first.slice(0, 1 << 20).replace(/"([^]*?)"/gm, "");
  const r = input.split("\r");
  const n = input.split("\n");
  if (r.length === 1 || (n.length > 1 && n[0].length < r[0].length)) return "\n";
  let withN = 0;
  for (const part of r) if (part[0] === "\n") withN++;
  return withN >= r.length / 2 ? "\r\n" : "\r";
}

const isSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/** FNV-1a and a multiply-rotate lane over the bytes: 64 bits in all, no allocation. */
function hashBytes(data: Buffer, from: number, to: number): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x9e3779b9 ^ (to - from);
  for (let i = from; i < to; i++) {
    const c = data[i];
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 13;
  }
  return [h1 >>> 0, h2 >>> 0];
}

export function hashRecord(bytes: Buffer): [number, number] {
  return hashBytes(bytes, 0, bytes.length);
}

export class CsvRecordSplitter {
  newline: "\n" | "\r\n" | undefined;
  /** The header's fields (papaparse's: BOM and surrounding spaces removed) and its raw hash. */
  header: { fields: string[]; hi: number; lo: number; text: string } | undefined;
  private idColumn = -1;
  private data: Buffer = Buffer.alloc(0);
  /** Stream offset of data[0]. */
  private base = 0;
  private recStart = 0;
  private pos = 0;
  private mode = Mode.FieldStart;
  private field = 0;
  private fieldStart = 0;
  private idFrom = -1;
  private idTo = -1;
  /** End of the last field's value (exclusive), for the empty-record test. */
  private lastFieldEmpty = false;
  records = 0;

  constructor(private readonly options: SplitterOptions) {}

  push(chunk: Buffer): void {
    const keep = this.data.length - this.recStart;
    if (keep > MAX_RECORD_BYTES) throw new RecordSplitError("a record longer than 64 MB (a quote that never closes)");
    this.base += this.recStart;
    this.data = keep ? Buffer.concat([this.data.subarray(this.recStart), chunk]) : chunk;
    this.pos -= this.recStart;
    this.fieldStart -= this.recStart;
    if (this.idFrom >= 0) {
      this.idFrom -= this.recStart;
      this.idTo -= this.recStart;
    }
    this.recStart = 0;
    // The line break is guessed on the first megabyte, as papaparse guesses it on its first chunk.
    if (this.newline === undefined && this.data.length < GUESS_BYTES) return;
    this.guess();
    this.scan(false);
  }

  private guess(): void {
    if (this.newline !== undefined) return;
    const guess = guessNewline(this.data.toString("latin1", 0, GUESS_BYTES));
    if (guess === "\r") throw new RecordSplitError("lines end in a bare CR");
    this.newline = guess;
  }

  end(): void {
    this.guess();
    this.scan(true);
    if (this.recStart < this.data.length) {
      // Whatever is left is one last record (papaparse's finish()).
      if (this.mode === Mode.Unquoted || this.mode === Mode.FieldStart) this.endField(this.data.length, this.mode === Mode.FieldStart);
      else this.endQuotedAtEof();
      this.emit(this.data.length);
    }
    this.data = Buffer.alloc(0);
  }

  private endQuotedAtEof(): void {
    // An unterminated quoted field (or one closed by the very last byte) is the rest of the input.
    const close = this.data[this.data.length - 1] === QUOTE && this.data.length - 1 > this.fieldStart ? this.data.length - 1 : this.data.length;
    this.endField(close, close === this.fieldStart + 1);
  }

  private endField(valueEnd: number, empty: boolean): void {
    if (this.field === this.idColumn) {
      this.idFrom = this.mode === Mode.Quoted ? this.fieldStart + 1 : this.fieldStart;
      this.idTo = valueEnd;
    }
    this.lastFieldEmpty = empty;
    this.field++;
  }

  /** Runs the state machine over the buffered bytes; stops where it needs bytes not yet read. */
  private scan(atEof: boolean): void {
    const data = this.data;
    const len = data.length;
    const crlf = this.newline === "\r\n";
    let pos = this.pos;
    for (;;) {
      if (this.mode === Mode.FieldStart) {
        if (pos >= len) break;
        this.fieldStart = pos;
        if (data[pos] === QUOTE) {
          this.mode = Mode.Quoted;
          pos++;
        } else this.mode = Mode.Unquoted;
        continue;
      }
      if (this.mode === Mode.Unquoted) {
        let c = 0;
        while (pos < len) {
          c = data[pos];
          if (c === COMMA || c === LF || c === CR) break;
          pos++;
        }
        if (pos >= len) break;
        if (c === COMMA) {
          this.endField(pos, pos === this.fieldStart);
          pos++;
          this.mode = Mode.FieldStart;
          continue;
        }
        const nl = this.newlineAt(pos, crlf, atEof);
        if (nl === undefined) break; // a CR at the end of the buffer: wait for the next byte
        if (nl === 0) {
          pos++; // a CR or LF that is not the line break is data
          continue;
        }
        this.endField(pos, pos === this.fieldStart);
        this.emit(pos);
        pos += nl;
        this.recStart = pos;
        this.mode = Mode.FieldStart;
        continue;
      }
      // Quoted: find a quote that closes the field.
      const q = data.indexOf(QUOTE, pos);
      if (q < 0) {
        pos = len;
        break;
      }
      if (q + 1 >= len) {
        pos = q;
        break;
      }
      if (data[q + 1] === QUOTE) {
        pos = q + 2;
        continue;
      }
      let k = q + 1;
      let nl = 0;
      let undecided = false;
      while (k < len) {
        const c = data[k];
        if (c === COMMA) break;
        if (c === LF || c === CR) {
          const at = this.newlineAt(k, crlf, atEof);
          if (at === undefined) {
            undecided = true;
            break;
          }
          if (at > 0) {
            nl = at;
            break;
          }
        } else if (!isSpace(c)) break;
        k++;
      }
      if (undecided || k >= len) {
        pos = q;
        break;
      }
      if (data[k] === COMMA) {
        this.endField(q, q === this.fieldStart + 1);
        pos = k + 1;
        this.mode = Mode.FieldStart;
        continue;
      }
      if (nl > 0) {
        this.endField(q, q === this.fieldStart + 1);
        this.emit(k);
        pos = k + nl;
        this.recStart = pos;
        this.mode = Mode.FieldStart;
        continue;
      }
      pos = q + 1; // "InvalidQuotes": the quote is data
    }
    this.pos = pos;
  }

  /** Length of the line break at `i` (0: none; undefined: cannot tell before the next chunk). */
  private newlineAt(i: number, crlf: boolean, atEof: boolean): number | undefined {
    const c = this.data[i];
    if (!crlf) return c === LF ? 1 : 0;
    if (c !== CR) return 0;
    if (i + 1 >= this.data.length) return atEof ? 0 : undefined;
    return this.data[i + 1] === LF ? 2 : 0;
  }

  private emit(end: number): void {
    const start = this.recStart;
    const fields = this.field;
    const emptyRecord = fields === 1 && this.lastFieldEmpty;
    const idFrom = this.idFrom;
    const idTo = this.idTo;
    this.field = 0;
    this.idFrom = this.idTo = -1;
    if (emptyRecord || end === start) return;
    const data = this.data;
    if (!this.header) {
      this.readHeader(data.subarray(start, end));
      return;
    }
    const [hi, lo] = hashBytes(data, start, end);
    const id = idFrom >= 0 ? parseId(data.toString("utf8", idFrom, idTo)) : -1;
    const record: CsvRecord = { hi, lo, offset: this.base + start, length: end - start, id };
    if (this.options.wantBytes?.(hi, lo, id)) record.bytes = Buffer.from(data.subarray(start, end));
    this.records++;
    this.options.onRecord(record);
  }

  private readHeader(bytes: Buffer): void {
    const text = bytes.toString("utf8");
    const parsed = Papa.parse<string[]>(text, { header: false });
    const fields = (parsed.data[0] ?? []).map((h) => h.replace(/^\uFEFF/, "").trim());
    this.idColumn = fields.indexOf("id");
    const [hi, lo] = hashRecord(bytes);
    this.header = { fields, hi, lo, text };
  }
}

/** The id as cleanMovie reads it: Number() of the field, a positive int32 or -1. */
export function parseId(text: string): number {
  const n = Number(text);
  return Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647 ? n : -1;
}
