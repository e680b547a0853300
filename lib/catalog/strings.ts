import { Buffer } from "node:buffer";
import { grow } from "@/lib/search/typed-arrays";

/** A string column as a snapshot saves it: every slot's UTF-8 bytes back to back, and where each ends. */
export interface StringColumnState {
  bytes: Uint8Array<ArrayBuffer>;
  ends: Uint32Array<ArrayBuffer>;
}

/**
 * Strings by slot. Loaded row by row, each slot holds its own string; restored from a snapshot,
 * the slots read the saved bytes (decoded when read: a page reads tens of a million) and only
 * strings set since are held apart.
 */
export class StringColumn {
  private readonly values: string[] = [];
  private readonly bytes: Buffer | undefined;
  private readonly ends: Uint32Array | undefined;

  constructor(saved?: StringColumnState) {
    if (!saved) return;
    const { bytes, ends } = saved;
    if (ends.length > 0 && ends[ends.length - 1] !== bytes.length) throw new RangeError("saved strings do not end where their bytes do");
    this.bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.ends = ends;
  }

  get(slot: number): string {
    const v = this.values[slot];
    if (v !== undefined) return v;
    const ends = this.ends;
    if (ends === undefined || slot >= ends.length) return "";
    return this.bytes!.toString("utf8", slot === 0 ? 0 : ends[slot - 1], ends[slot]);
  }

  set(slot: number, value: string): void {
    this.values[slot] = value;
  }

  /** Slots 0..count-1 as UTF-8. */
  state(count: number): StringColumnState {
    const ends = new Uint32Array(count);
    let total = 0;
    for (let s = 0; s < count; s++) ends[s] = total += Buffer.byteLength(this.get(s));
    const bytes = Buffer.alloc(total);
    for (let s = 0, at = 0; s < count; s++) at += bytes.write(this.get(s), at);
    return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, total), ends };
  }
}

/** A coded column as a snapshot saves it: a code per slot and the distinct values. */
export interface CodedColumnState {
  codes: Uint32Array<ArrayBuffer>;
  values: string[];
}

/** A column of few distinct strings (languages): a code per slot into one copy of each. */
export class CodedColumn {
  private codes: Uint32Array<ArrayBuffer>;
  private readonly values: string[];
  private readonly codeOf = new Map<string, number>();

  constructor(saved?: CodedColumnState) {
    this.codes = saved?.codes ?? new Uint32Array(1024);
    this.values = saved?.values ?? [];
    this.values.forEach((v, i) => this.codeOf.set(v, i));
    if (saved?.codes.some((c) => c >= saved.values.length)) throw new RangeError("saved codes point past their values");
  }

  get(slot: number): string {
    return slot < this.codes.length ? (this.values[this.codes[slot]] ?? "") : "";
  }

  set(slot: number, value: string): void {
    let code = this.codeOf.get(value);
    if (code === undefined) {
      code = this.values.push(value) - 1;
      this.codeOf.set(value, code);
    }
    if (slot >= this.codes.length) this.codes = grow(this.codes, slot + 1);
    this.codes[slot] = code;
  }

  state(count: number): CodedColumnState {
    if (count > this.codes.length) this.codes = grow(this.codes, count);
    return { codes: this.codes.subarray(0, count), values: this.values };
  }
}
