/**
 * The parts of the title index on their own (tests/unit/title-index.test.ts covers the whole):
 * each checked against a plain reference implementation on generated inputs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sortWordRange } from "@/lib/search/build";
import { DeltaPostings } from "@/lib/search/delta";
import { BitDistance, boundedDamerau } from "@/lib/search/edit-distance";
import { IdMap } from "@/lib/search/id-map";
import { tokenize } from "@/lib/search/normalize";
import { radixOrder } from "@/lib/search/radix-sort";
import { TopMatches } from "@/lib/search/scoring";
import { MAX_FIELD_TOKENS, Vocabulary } from "@/lib/search/vocabulary";

/** Optimal-string-alignment distance, textbook DP. */
function osa(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

const word = (chars: string, maxLength = 12) =>
  fc.array(fc.constantFrom(...chars.split("")), { minLength: 0, maxLength }).map((cs) => cs.join(""));

describe("radixOrder", () => {
  it("is the stable order of the keys, digit by digit", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(0xffffff), fc.nat(0xffffff)), { maxLength: 300 }), (pairs) => {
        const hi = Uint32Array.from(pairs, (p) => p[0]);
        const lo = Uint32Array.from(pairs, (p) => p[1]);
        const order = radixOrder(
          pairs.length,
          [
            [lo, 0],
            [lo, 12],
            [hi, 0],
            [hi, 12],
          ],
          12,
        );
        const expected = pairs.map((_, i) => i).sort((a, b) => hi[a] - hi[b] || lo[a] - lo[b] || a - b);
        expect(Array.from(order)).toEqual(expected);
      }),
    );
  });
});

describe("sortWordRange", () => {
  it("orders tokens (digits, a-z, code units above z) by their strings, long runs of shared prefixes included", () => {
    const words = fc.array(fc.oneof(word("abz09"), word("ab"), word("aéüя日本"), word("abcdefgh", 14)), { maxLength: 200 });
    fc.assert(
      fc.property(words, fc.nat(20), (list, from) => {
        const all = [...Array.from({ length: from }, (_, i) => `pre${i}`), ...list];
        const sorted = Array.from(sortWordRange(all, from, all.length), (id) => all[id]);
        expect(sorted).toEqual(list.slice().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      }),
    );
  });
});

describe("edit distances", () => {
  it("bounded DP and bit-parallel distance agree with the textbook OSA distance", () => {
    fc.assert(
      fc.property(word("abcd", 12), word("abcd", 12), (a, b) => {
        const d = osa(a, b);
        expect(Math.min(3, boundedDamerau(a, b, 2))).toBe(Math.min(d, 3));
        const bits = new BitDistance(a);
        try {
          expect(bits.to(b)).toBe(Math.min(d, 3));
        } finally {
          bits.release();
        }
      }),
    );
  });

  it("handles patterns longer than a machine word", () => {
    const a = "abcdefghij".repeat(4);
    const bits = new BitDistance(a);
    expect(bits.to(a)).toBe(0);
    expect(bits.to(`${a.slice(0, 10)}X${a.slice(11)}`)).toBe(1);
    expect(bits.to(a.slice(2))).toBe(2);
    bits.release();
  });
});

describe("IdMap", () => {
  it("behaves as a Map through sets, overwrites and deletes (large ids too)", () => {
    const id = fc.oneof(fc.nat(5000), fc.integer({ min: 2 ** 31, max: Number.MAX_SAFE_INTEGER }));
    const op = fc.tuple(fc.constantFrom("set", "delete"), id, fc.nat(1000));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const m = new IdMap(4);
        const ref = new Map<number, number>();
        for (const [kind, k, v] of ops) {
          if (kind === "set") {
            m.set(k, v);
            ref.set(k, v);
          } else {
            m.delete(k);
            ref.delete(k);
          }
        }
        for (const [, k] of ops) expect(m.get(k)).toBe(ref.get(k) ?? -1);
      }),
    );
  });
});

describe("Vocabulary.fieldTokens", () => {
  it("gives the tokens `tokenize` gives, ASCII fast path and general path alike", () => {
    const text = fc.oneof(
      fc.string({ maxLength: 60 }),
      word("ab c'D-E.1 ", 60),
      word("Amélie 千と千尋 Москва ", 40),
    );
    fc.assert(
      fc.property(fc.array(text, { maxLength: 20 }), (titles) => {
        const vocab = new Vocabulary(16);
        const out = new Uint32Array(MAX_FIELD_TOKENS);
        for (const t of titles) {
          const n = vocab.fieldTokens(t, out, 0);
          expect(Array.from(out.subarray(0, n), (w) => vocab.words[w])).toEqual(tokenize(t, MAX_FIELD_TOKENS).tokens);
          for (let i = 0; i < n; i++) expect(vocab.lookupToken(vocab.words[out[i]])).toBe(out[i]);
        }
      }),
    );
  });
});

describe("TopMatches", () => {
  it("keeps the k best by score, then popularity rank, then the smaller id", () => {
    const offer = fc.tuple(fc.integer({ min: 1, max: 5 }).map((s) => s / 5), fc.integer({ min: 0, max: 3 }), fc.nat(50));
    fc.assert(
      fc.property(fc.array(offer, { maxLength: 60 }), fc.integer({ min: 1, max: 12 }), (offers, k) => {
        const unique = [...new Map(offers.map((o) => [o[2], o])).values()];
        const top = new TopMatches(k);
        for (const [score, rank, id] of unique) if (top.mayTake(score)) top.offer(score, rank, id);
        const expected = unique
          .slice()
          .sort((a, b) => b[0] - a[0] || b[1] - a[1] || a[2] - b[2])
          .slice(0, k)
          .map(([score, , id]) => ({ id, score }));
        expect(top.results()).toEqual(expected);
      }),
    );
  });
});

describe("DeltaPostings", () => {
  it("lists each slot holding a matching word once, a word repeated in a title counted once", () => {
    const d = new DeltaPostings();
    d.add(0, Uint32Array.from([7, 8, 7]), 3);
    d.add(1, Uint32Array.from([9]), 1);
    d.add(2, Uint32Array.from([8, 9]), 2);
    expect(d.slotsMatching((w) => w === 7 || w === 8)).toEqual([0, 2]);
    expect(d.slotsMatching((w) => w === 9 || w === 8)).toEqual([0, 2, 1]);
    expect(d.slotsMatching(() => false)).toEqual([]);
    d.clear();
    expect(d.slotsMatching(() => true)).toEqual([]);
  });
});
