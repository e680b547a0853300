import fs from "node:fs";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { generateRecords } from "@/tools/synth/generator";
import { contentStem, forEachWord, STOP_WORDS } from "@/lib/reco/features/tokenize";
import { hasRealData, RANDOM113, TOP3000 } from "../support/paths";
// natural is a dev dependency only for this comparison: the feature model used its Porter stemmer.
// @ts-expect-error -- natural ships no declaration for this file
import naturalPorter from "natural/lib/natural/stemmers/porter_stemmer";

const natural = naturalPorter as { stem(word: string): string };

/** The words contentStem stems in these texts (3+ ASCII letters, not stop words). */
function contentWords(texts: Iterable<string>): Set<string> {
  const words = new Set<string>();
  for (const text of texts)
    forEachWord(text.toLowerCase(), 3, (t, start, end) => {
      const w = t.slice(start, end);
      if (/^[a-z]+$/.test(w) && !STOP_WORDS.has(w)) words.add(w);
    });
  return words;
}

function* realTexts(): Generator<string> {
  for (const file of [TOP3000, RANDOM113]) {
    const rows = Papa.parse<Record<string, string>>(fs.readFileSync(file, "utf8"), { header: true, skipEmptyLines: true }).data;
    for (const r of rows) yield `${r.title} ${r.original_title} ${r.overview} ${r.tagline} ${r.keywords}`;
  }
}

function* syntheticTexts(rows: number): Generator<string> {
  for (const r of generateRecords(rows, 7)) yield r.fields.join(" ");
}

/** contentStem's stem (before its 2-letter floor) against natural's, for every word. */
function mismatches(words: Set<string>): string[] {
  const out: string[] = [];
  for (const w of words) {
    const expected = natural.stem(w);
    const actual = contentStem(w) ?? "";
    if (actual !== (expected.length >= 2 ? expected : "")) out.push(`${w}: natural=${expected} now=${actual}`);
  }
  return out;
}

describe("stemmer parity with natural's PorterStemmer", { timeout: 60_000 }, () => {
  it.skipIf(!hasRealData)("every content word of the real samples stems the same", () => {
    const words = contentWords(realTexts());
    expect(words.size).toBeGreaterThan(10_000);
    expect(mismatches(words)).toEqual([]);
  });

  it("every content word of a 20,000-row synthetic catalog stems the same", () => {
    const words = contentWords(syntheticTexts(20_000));
    expect(words.size).toBeGreaterThan(5_000);
    expect(mismatches(words)).toEqual([]);
  });
});
