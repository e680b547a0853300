import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dropCode, LOSER, RowDigest, WINNER } from "@/etl/incremental/digest";
import { DigestRecorder } from "@/etl/incremental/recorder";
import { driftVerdict, measureDrift } from "@/etl/incremental/drift";
import { deletedNodeShare } from "@/etl/incremental/index-patch";
import { LineIndex, parseLines } from "@/etl/incremental/lines";
import { CsvRecordSplitter, parseId } from "@/etl/incremental/records";
import { cleanFile } from "@/etl/pipeline";
import { openCsv, readCsv } from "@/etl/read";
import { TMDB_COLUMNS } from "@/lib/movies/types";
import { createAnnIndex } from "@/lib/reco/ann";
import { AnnNodes, NODE_BASE, readNodesTable, writeNodesTable } from "@/lib/reco/ann-nodes";
import { createFitter, type FeatureInput, fitFeatures, resumeFitter } from "@/lib/reco/features";
import { VectorStore, VectorStoreWriter } from "@/lib/reco/vector-store";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "incremental-test-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const header = TMDB_COLUMNS.join(",");
function row(id: number | string, over: Record<string, string> = {}): string {
  const v: Record<string, string> = {
    id: String(id), title: `Film ${id}`, vote_average: "7", vote_count: "10", status: "Released",
    release_date: "2000-01-01", adult: "False", original_title: `Film ${id}`, original_language: "en", ...over,
  };
  return TMDB_COLUMNS.map((c) => v[c] ?? "").join(",");
}

/** The lines a splitter finds in `bytes`, fed `step` bytes at a time. */
function split(bytes: Buffer, step = bytes.length) {
  const lines: { id: number; text: string }[] = [];
  const s = new CsvRecordSplitter({ onRecord: (r) => lines.push({ id: r.id, text: r.bytes!.toString("utf8") }), wantBytes: () => true });
  for (let i = 0; i < bytes.length; i += step) s.push(bytes.subarray(i, i + step));
  s.end();
  return { lines, splitter: s };
}

/** papaparse's rows of the whole file, as the ETL reads it: the id of each, or -1 for a malformed one. */
async function papaIds(file: string): Promise<number[]> {
  const ids: number[] = [];
  for await (const b of readCsv(await openCsv(file), 64)) {
    let m = 0;
    b.rows.forEach((r, k) => {
      for (; b.malformedAt[m] === k + m; m++) ids.push(-1);
      ids.push(parseId(r.id));
    });
    for (; m < b.malformed; m++) ids.push(-1);
  }
  return ids;
}

describe("line splitter", () => {
  const tricky = [
    row(1, { overview: '"She said ""hi"",\nthen left."' }),
    row(2, { tagline: '"closed"  ' }), // spaces after a closing quote
    "",
    row(3, { title: 'A "quoted" word' }), // a quote inside an unquoted field is data
    row(4, { overview: '"He wrote ""x"" then ""y"""' }),
    row(5, { title: '"Unbalanced', overview: "plain" }), // a quote that never closes here...
    row(6, { overview: '"closes, later"' }), // ...runs to the next closing one
    row(7, { overview: '"ünïcödé ✓ 映画"' }),
    row(8),
  ];

  it.each([
    ["LF", "\n"],
    ["CRLF", "\r\n"],
  ])("finds the lines papaparse finds (%s line breaks), fed in chunks of any size", async (_name, nl) => {
    const text = `\uFEFF${header}${nl}${tricky.join(nl).replace(/\n/g, nl === "\n" ? "\n" : "\r\n")}${nl}`;
    const file = path.join(dir, `tricky-${nl.length}.csv`);
    fs.writeFileSync(file, text);
    const want = await papaIds(file);
    for (const step of [1, 3, 64, 1 << 20]) {
      const { lines, splitter } = split(fs.readFileSync(file), step);
      expect(lines.map((l) => l.id), `chunks of ${step}`).toEqual(want.map((id, i) => (id === -1 ? lines[i].id : id)));
      expect(splitter.newline).toBe(nl);
      expect(splitter.header?.fields[0]).toBe("id");
    }
    // Each line parses on its own as it did in the whole file.
    const { lines, splitter } = split(fs.readFileSync(file));
    const raws = parseLines(splitter.header!.text, nl, lines.map((l) => ({ bytes: Buffer.from(l.text), id: l.id })));
    expect(raws.map((r) => (r ? parseId(r.id) : -1))).toEqual(want);
  });

  it("hashes equal lines equal and finds old lines once each by hash and id", () => {
    const text = Buffer.from(`${header}\n${row(1)}\n${row(2)}\n${row(1)}\n`);
    const d = new RowDigest({ currentYear: 2026, newline: "\n", header: [0, 0], sourceBytes: text.length });
    const s = new CsvRecordSplitter({ onRecord: (r) => d.push(r.offset, r.hi, r.lo, r.length, r.id) });
    s.push(text);
    s.end();
    expect(d.count).toBe(3);
    expect([d.hi[0], d.lo[0]]).toEqual([d.hi[2], d.lo[2]]);
    expect([d.hi[0], d.lo[0]]).not.toEqual([d.hi[1], d.lo[1]]);
    const index = new LineIndex(d);
    expect([index.take(d.hi[0], d.lo[0], 1), index.take(d.hi[0], d.lo[0], 1), index.take(d.hi[0], d.lo[0], 1)]).toEqual([0, 2, -1]);
    expect(index.take(d.hi[1], d.lo[1], 99)).toBe(-1);
  });
});

describe("row digest", () => {
  it("round-trips its columns and meta through the file", async () => {
    const d = new RowDigest({ currentYear: 2026, newline: "\r\n", header: [1, 2], sourceBytes: 99 });
    for (let i = 0; i < 3000; i++) {
      const k = d.push(i * 100.5, i, 2 ** 32 - 1 - i, 77, i % 7 === 0 ? -1 : i);
      d.code[k] = i % 3 === 0 ? WINNER : i % 3 === 1 ? LOSER : dropCode("not_released");
      d.votes[k] = i * 3;
      d.clipped[k] = i % 2 ? 1 << 23 : 0;
    }
    const file = path.join(dir, "rows.bin");
    await d.write(file);
    const back = await RowDigest.read(file);
    expect(back.meta).toEqual(d.meta);
    expect(back.count).toBe(3000);
    for (const c of ["offset", "hi", "lo", "id", "votes", "clipped", "length", "code"] as const) expect(Array.from(back[c].subarray(0, 3000))).toEqual(Array.from(d[c].subarray(0, 3000)));
  });

  it("is written by a full clean pass only when the splitter and papaparse agree on every line", async () => {
    const build = fs.mkdtempSync(path.join(dir, "build-"));
    const file = path.join(dir, "dups.csv");
    fs.writeFileSync(file, `${header}\n${row(1, { vote_count: "5" })}\n${row(2)}\n${row(1, { vote_count: "9" })}\n${row(3, { status: "Rumored" })}\n`);
    const rec = new DigestRecorder(build, 2026);
    rec.start(file);
    const { losers } = await cleanFile(file, () => {}, { currentYear: 2026, onRecord: (raw, r) => rec.record(raw, r) });
    expect(await rec.finish(losers)).toBeUndefined();
    const d = await RowDigest.read(path.join(build, "rows.bin"));
    expect(Array.from(d.code.subarray(0, 4))).toEqual([LOSER, WINNER, WINNER, dropCode("not_released")]);
    expect(Array.from(d.votes.subarray(0, 3))).toEqual([5, 10, 9]);
    expect(fs.readFileSync(path.join(build, "source.csv"))).toEqual(fs.readFileSync(file));
  });
});

const movie = (i: number, over: Partial<FeatureInput> = {}): FeatureInput => ({
  title: `Title ${i % 13}`, original_title: `T${i}`, overview: ["a quiet town", "a loud city", "the sea at night"][i % 3], tagline: "",
  original_language: ["en", "fr"][i % 2], genres: [["Drama"], ["Action", "Drama"], ["Comedy"]][i % 3], production_companies: [`Studio ${i % 5}`],
  production_countries: ["France"], spoken_languages: ["English"], keywords: [`kw${i % 150}`, `kw${(i * 7) % 190}`],
  vote_average: 5 + (i % 5), vote_count: 10 * i, revenue: i * 1000, runtime: 90 + (i % 40), budget: i * 500, popularity: i / 3, release_year: 1950 + (i % 70),
  ...over,
});

describe("fit statistics", () => {
  const all = Array.from({ length: 300 }, (_, i) => movie(i));
  it.each(["original", "v2"] as const)("%s: resumed and edited, they give the model a fit of the edited catalog gives", (recipe) => {
    const f = createFitter(recipe);
    for (const m of all) f.add(m);
    f.finish();
    const saved = JSON.parse(JSON.stringify(f.stats()));
    const r = resumeFitter(saved);
    // Take out the middle third (the numeric extremes stay), bring in 20 new movies.
    const gone = all.slice(100, 200);
    const fresh = Array.from({ length: 20 }, (_, i) => movie(1000 + i, { keywords: ["brand new"] }));
    for (const m of gone) r.remove(m);
    for (const m of fresh) r.add(m);
    expect(r.unknownRanges()).toEqual([]);
    expect(r.finish().toJSON()).toEqual(fitFeatures([...all.slice(0, 100), ...all.slice(200), ...fresh], recipe).toJSON());
  });

  it("says when a numeric range can no longer be told (every listed extreme removed)", () => {
    const f = createFitter("original");
    for (const m of all) f.add(m);
    const r = resumeFitter(JSON.parse(JSON.stringify(f.stats())));
    for (const m of all.slice(0, 40)) r.remove(m); // the 40 smallest vote counts, budgets, revenues
    expect(r.unknownRanges()).toEqual(expect.arrayContaining(["vote_count", "revenue", "budget"]));
  });
});

describe("drift", () => {
  const catalog = Array.from({ length: 2000 }, (_, i) => movie(i));
  const fitted = () => {
    const f = createFitter("v2");
    for (const m of catalog) f.add(m);
    return { model: f.finish(), stats: f.stats() };
  };

  it("is nil without changes, and fits after changes that leave the catalog's terms as they were", () => {
    const { model, stats } = fitted();
    const none = measureDrift(model, stats, { removed: [], added: [], sample: catalog.slice(0, 100) }).drift;
    expect(none).toMatchObject({ vocabularyGain: 0, idf: 0, range: 0, meanShift: 0, unknownRanges: [] });
    expect(driftVerdict(none)).toBeUndefined();
    const some = measureDrift(model, stats, { removed: catalog.slice(0, 20), added: Array.from({ length: 20 }, (_, i) => movie(5000 + i)), sample: catalog }).drift;
    expect(driftVerdict(some)).toBeUndefined();
  });

  it("does not fit when a new term grows well past a vocabulary's edge", () => {
    const { model, stats } = fitted();
    const trend = Array.from({ length: 60 }, (_, i) => movie(9000 + i, { keywords: ["zombie apocalypse", `kw${i % 150}`] }));
    const { drift } = measureDrift(model, stats, { removed: [], added: trend, sample: catalog.slice(0, 200) });
    expect(drift.vocabularyBlock).toBe("keywords");
    expect(drift.entering).toContain("zombie apocalypse");
    expect(driftVerdict(drift)).toMatch(/^a refit of the keywords vocabulary would bring in terms [0-9.]+% more frequent than those it drops/);
  });
});

describe("patched build files", () => {
  it("merges vector rows: dropped ids out, new rows in, replaced ids replaced, all sorted by id", async () => {
    const w = new VectorStoreWriter(4);
    for (const id of [1, 3, 5, 7, 9]) w.add(id, [id, 0, 0, 1]);
    await w.write(path.join(dir, "v1.bin"));
    const store = await VectorStore.read(path.join(dir, "v1.bin"), 4);
    const put = new VectorStoreWriter(4);
    put.add(8, [0, 8, 0, 0]);
    put.add(3, [0, 0, 3, 0]);
    put.add(10, [10, 0, 0, 0]);
    await store.writeMerged(path.join(dir, "v2.bin"), new Set([5, 9]), put);
    const merged = await VectorStore.read(path.join(dir, "v2.bin"), 4);
    expect(Array.from({ length: merged.rows }, (_, r) => merged.idAtRow(r))).toEqual([1, 3, 7, 8, 10]);
    expect(Array.from(merged.get(3)!)).toEqual([0, 0, 3, 0]);
    expect(Array.from(merged.get(7)!)).toEqual([7, 0, 0, 1]);
    expect(merged.get(5)).toBeUndefined();
  });

  it("keeps nodes without members in the nodes file, and the served index counts only live movies", async () => {
    const file = path.join(dir, "nodes.bin");
    fs.mkdirSync(path.join(dir, "nodes-build"));
    // Node 1 lost its members in a refresh (its graph point is marked deleted); node 2 is new.
    await writeNodesTable(file, 3, Int32Array.from([10, 11, 12]), Uint32Array.from([0, 2, 0]));
    const t = await readNodesTable(file);
    expect(Array.from(t.offsets)).toEqual([0, 2, 2, 3]);
    const index = createAnnIndex(2, 10);
    index.addPoint([1, 0], NODE_BASE);
    index.addPoint([0, 1], NODE_BASE + 1);
    index.addPoint([1, 1], NODE_BASE + 2);
    index.markDelete(NODE_BASE + 1);
    const nodes = await AnnNodes.read([index], file);
    expect(nodes.vectorCount).toBe(3);
    expect(nodes.search([0, 1], 3).map((n) => n.id).sort()).toEqual([10, 11, 12]);
    nodes.remove(11);
    expect(nodes.vectorCount).toBe(2);
    // The share of deleted nodes a refresh checks before patching the graph again.
    fs.copyFileSync(file, path.join(dir, "nodes-build", "nodes.bin"));
    expect(await deletedNodeShare(path.join(dir, "nodes-build"))).toBeCloseTo(1 / 3);
  });
});
