import { Buffer } from "node:buffer";

/**
 * A tree of plain objects, typed arrays, strings and numbers as one file that loads without
 * parsing its bulk: a JSON header holding the tree, each typed array replaced by where its bytes
 * are, then those bytes, 8-byte aligned, so a reader makes views onto the file's own buffer.
 *
 *   "CATSNAP1" | u32 header bytes | u32 byte-order mark | header JSON | pad | sections
 *
 * Long string lists (a vocabulary) are packed into one section, NUL-separated: one decode and
 * one split instead of a JSON array of a million strings.
 */

const MAGIC = "CATSNAP1";
const BYTE_ORDER_MARK = 0x01020304;
const PREAMBLE = 16;
const PACK_MIN = 256;

const TYPES = { Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array };
type TypeName = keyof typeof TYPES;

type Section = { $a: TypeName; at: number; n: number } | { $s: number; bytes: number; n: number };

const align8 = (n: number) => (n + 7) & ~7;

/** The file's bytes, as chunks to write one after the other (typed arrays are not copied). */
export function encodeTree(tree: unknown): Uint8Array[] {
  const sections: Uint8Array[] = [];
  let end = 0;
  const place = (bytes: Uint8Array): number => {
    const at = align8(end);
    if (at > end) sections.push(new Uint8Array(at - end));
    sections.push(bytes);
    end = at + bytes.byteLength;
    return at;
  };
  const encode = (v: unknown): unknown => {
    if (ArrayBuffer.isView(v)) {
      const name = v.constructor.name;
      if (!(name in TYPES)) throw new TypeError(`cannot save a ${name}`);
      const at = place(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
      return { $a: name, at, n: (v as unknown as ArrayLike<number>).length };
    }
    if (Array.isArray(v)) {
      if (v.length >= PACK_MIN && v.every((x) => typeof x === "string" && !x.includes("\0"))) {
        const bytes = Buffer.from(v.join("\0"));
        return { $s: place(bytes), bytes: bytes.byteLength, n: v.length };
      }
      return v.map(encode);
    }
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]));
    if (typeof v === "number" && !Number.isFinite(v)) throw new TypeError("cannot save a non-finite number");
    return v;
  };
  const header = Buffer.from(JSON.stringify(encode(tree)));
  const preamble = Buffer.alloc(PREAMBLE);
  preamble.write(MAGIC, 0, "latin1");
  preamble.writeUInt32LE(header.byteLength, 8);
  preamble.writeUInt32LE(BYTE_ORDER_MARK, 12);
  const pad = new Uint8Array(align8(PREAMBLE + header.byteLength) - PREAMBLE - header.byteLength);
  return [preamble, header, pad, ...sections];
}

/** The tree saved in `buffer` (a whole file), its typed arrays as views onto `buffer`. */
export function decodeTree(buffer: ArrayBuffer): unknown {
  const head = Buffer.from(buffer, 0, Math.min(buffer.byteLength, PREAMBLE));
  if (head.byteLength < PREAMBLE || head.toString("latin1", 0, 8) !== MAGIC) throw new RangeError("not a catalog snapshot");
  const headerBytes = head.readUInt32LE(8);
  // Views are made in this machine's byte order: a file from the other order is refused, not swapped.
  if (new Uint32Array(buffer, 12, 1)[0] !== BYTE_ORDER_MARK) throw new RangeError("snapshot written in another byte order");
  if (PREAMBLE + headerBytes > buffer.byteLength) throw new RangeError("snapshot header runs past the end of the file");
  const dataStart = align8(PREAMBLE + headerBytes);
  const decoder = new TextDecoder();
  const section = (at: number, bytes: number): number => {
    const from = dataStart + at;
    if (!Number.isSafeInteger(from) || from % 8 !== 0 || from + bytes > buffer.byteLength) throw new RangeError("snapshot section out of bounds");
    return from;
  };
  const decode = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(decode);
    if (v === null || typeof v !== "object") return v;
    const s = v as Section;
    if ("$a" in s) {
      const Type = TYPES[s.$a];
      if (!Type) throw new RangeError(`snapshot names an unknown array type ${s.$a}`);
      return new Type(buffer, section(s.at, s.n * Type.BYTES_PER_ELEMENT), s.n);
    }
    if ("$s" in s) {
      const text = decoder.decode(new Uint8Array(buffer, section(s.$s, s.bytes), s.bytes));
      const list = text.split("\0");
      if (list.length !== s.n) throw new RangeError("snapshot string list has the wrong length");
      return list;
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]));
  };
  return decode(JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, PREAMBLE, headerBytes))));
}
