import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CSV_HEADER,
  DIRTY_KINDS,
  generateRecords,
  generateRows,
  plannedCounts,
  recordLine,
  type SynthResult,
  writeSyntheticCsv,
} from "@/tools/synth/generator";
import { TMDB_COLUMNS } from "@/lib/movies/types";

const ROOT = path.resolve(__dirname, "../..");
const GENRES = [
  "Action", "Adventure", "Animation", "Comedy", "Crime", "Documentary", "Drama", "Family",
  "Fantasy", "History", "Horror", "Music", "Mystery", "Romance", "Science Fiction", "TV Movie",
  "Thriller", "War", "Western",
];

let dir: string;
const sha = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "synth-test-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("determinism and format", () => {
  it("writes byte-identical files for the same rows and seed, different ones for another seed", async () => {
    const a = path.join(dir, "a.csv");
    const b = path.join(dir, "b.csv");
    const c = path.join(dir, "c.csv");
    const ra = await writeSyntheticCsv(a, 2000, 5);
    await writeSyntheticCsv(b, 2000, 5);
    await writeSyntheticCsv(c, 2000, 6);
    expect(sha(a)).toBe(sha(b));
    expect(sha(a)).not.toBe(sha(c));
    expect(ra.rows).toBe(2000);
    expect(ra.bytes).toBe(fs.statSync(a).size);
    expect(fs.existsSync(`${a}.tmp`)).toBe(false);
    // The file is exactly the header plus the generator's lines.
    let text = CSV_HEADER;
    for (const r of generateRecords(2000, 5)) text += recordLine(r);
    expect(fs.readFileSync(a, "utf8")).toBe(text);
  });

  it("starts with the TMDB header, uses LF only and TMDB value formats", async () => {
    const file = path.join(dir, "fmt.csv");
    await writeSyntheticCsv(file, 3000, 11);
    const text = fs.readFileSync(file, "utf8");
    expect(text.slice(0, text.indexOf("\n")).split(",")).toEqual([...TMDB_COLUMNS]);
    expect(text.includes("\r")).toBe(false);
    expect(text.endsWith("\n")).toBe(true);
    const rows = [...generateRows(3000, 11)];
    const col = (c: (typeof TMDB_COLUMNS)[number]) => TMDB_COLUMNS.indexOf(c);
    for (const f of rows) {
      expect(f).toHaveLength(24);
      expect(f[col("id")]).toMatch(/^[1-9]\d*$/);
      expect(f[col("adult")]).toMatch(/^(True|False)$/);
      expect(f[col("release_date")]).toMatch(/^(\d{4}-\d{2}-\d{2})?$/);
      expect(f[col("vote_average")]).toMatch(/^\d+\.\d+$/);
      expect(f[col("popularity")]).toMatch(/^\d+\.\d+$/);
      expect(f[col("vote_count")]).toMatch(/^\d+$/);
      for (const c of ["budget", "revenue", "runtime"] as const) expect(f[col(c)]).toMatch(/^\d+$/);
      expect(f[col("imdb_id")]).toMatch(/^(tt\d{7,8})?$/);
      expect(f[col("poster_path")]).toMatch(/^(\/[0-9A-Za-z]{26,27}\.jpg)?$/);
      expect(f[col("original_language")]).toMatch(/^[a-z]{2}$/);
      for (const c of ["genres", "production_companies", "production_countries", "spoken_languages", "keywords"] as const) {
        if (f[col(c)]) expect(f[col(c)].split(", ").every((x) => x.length > 0)).toBe(true);
      }
    }
    // Numbers look like pandas wrote them.
    expect(rows.some((f) => f[col("vote_average")] === "0.0")).toBe(true);
    expect(rows.some((f) => /^\d+\.\d{3}$/.test(f[col("vote_average")]))).toBe(true);
    // Quoting: only fields with a comma, quote or newline are quoted; quotes are doubled.
    expect(text).toMatch(/""[^"\n]+""/);
    expect(text).toMatch(/,"[^"]*\n/); // a quoted newline inside a field
  });

  it("rejects a row count outside 1..10,000,000 and leaves nothing behind", async () => {
    const file = path.join(dir, "bad.csv");
    await expect(writeSyntheticCsv(file, 0, 1)).rejects.toThrow(/rows/);
    await expect(writeSyntheticCsv(file, 1.5, 1)).rejects.toThrow(/rows/);
    await expect(writeSyntheticCsv(path.join(dir, "missing", "x.csv"), 10, 1)).rejects.toThrow(/ENOENT/);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(dir).some((f) => f.endsWith(".tmp"))).toBe(false);
  });
});

describe("a 20,000-row catalog", () => {
  const N = 20_000;
  let file: string;
  let result: SynthResult;
  let data: Record<string, string>[];
  let errors: Papa.ParseError[];

  beforeAll(async () => {
    file = path.join(dir, "cat20k.csv");
    result = await writeSyntheticCsv(file, N, 1);
    const parsed = Papa.parse<Record<string, string>>(fs.readFileSync(file, "utf8"), { header: true, skipEmptyLines: true });
    data = parsed.data;
    errors = parsed.errors;
  });

  const good = () => data.filter((r) => r.keywords !== undefined && !("__parsed_extra" in r));
  const share = (pred: (r: Record<string, string>) => boolean) => good().filter(pred).length / good().length;

  it("papaparse reads back every row; only the deliberate malformed lines are broken", () => {
    const planned = plannedCounts(N);
    expect(planned.malformed_line).toBe(1);
    expect(result.malformed).toBe(planned.malformed_line);
    expect(data).toHaveLength(N);
    expect(good()).toHaveLength(N - planned.malformed_line);
    const mismatch = errors.filter((e) => e.code === "TooFewFields" || e.code === "TooManyFields");
    expect(mismatch).toHaveLength(planned.malformed_line);
    // Parsing recovered: the good rows are exactly the generator's non-malformed rows, in order.
    const expected = [...generateRecords(N, 1)].filter((r) => !r.malformed).map((r) => r.fields);
    const got = good();
    expect(got.map((r) => r.id)).toEqual(expected.map((f) => f[0]));
    for (const k of [0, 1, 777, 5000, got.length - 1]) expect(TMDB_COLUMNS.map((c) => got[k][c])).toEqual(expected[k]);
  });

  it("papaparse streaming (small chunks) recovers after the malformed line too", async () => {
    let rows = 0;
    let bad = 0;
    await new Promise<void>((resolve, reject) => {
      Papa.parse<Record<string, string>>(fs.createReadStream(file) as unknown as File, {
        header: true,
        skipEmptyLines: true,
        chunkSize: 64 * 1024,
        step: (res) => {
          rows++;
          if (res.data.keywords === undefined || "__parsed_extra" in res.data) bad++;
        },
        complete: () => resolve(),
        error: (e: Error) => reject(e),
      });
    });
    expect(rows).toBe(N);
    expect(bad).toBe(plannedCounts(N).malformed_line);
  });

  it("matches the real file's proportions", () => {
    expect(share((r) => r.imdb_id !== "")).toBeGreaterThan(0.41);
    expect(share((r) => r.imdb_id !== "")).toBeLessThan(0.49);
    expect(share((r) => r.budget === "0")).toBeGreaterThan(0.95);
    expect(share((r) => r.revenue === "0")).toBeGreaterThan(0.96);
    expect(share((r) => r.release_date === "")).toBeGreaterThan(0.175);
    expect(share((r) => r.release_date === "")).toBeLessThan(0.22);
    expect(share((r) => r.adult === "True")).toBeGreaterThan(0.065);
    expect(share((r) => r.adult === "True")).toBeLessThan(0.095);
    expect(share((r) => r.vote_count === "0")).toBeGreaterThan(0.6);
    expect(share((r) => r.runtime === "0")).toBeGreaterThan(0.15);
    expect(share((r) => r.status === "Released")).toBeGreaterThan(0.95);
    expect(share((r) => r.original_language === "en")).toBeGreaterThan(0.45);
    const statuses = new Set(good().map((r) => r.status));
    for (const s of ["Released", "In Production", "Post Production", "Planned"]) expect(statuses.has(s)).toBe(true);
    // Heavy tails: a few rows with thousands of votes, most popularity values tiny.
    const votes = good().map((r) => Number(r.vote_count));
    expect(Math.max(...votes)).toBeGreaterThan(10_000);
    expect(good().some((r) => Number(r.release_date.slice(0, 4)) > 2026)).toBe(true);
    // About 79% survive the cleaning rules (1.02M of 1.29M in the real file).
    expect(result.stats.expectedClean / N).toBeGreaterThan(0.77);
    expect(result.stats.expectedClean / N).toBeLessThan(0.81);
  });

  it("has the 19 TMDB genres, 0 to 4 per movie, Drama most frequent", () => {
    const counts = new Map<string, number>();
    for (const r of good()) {
      const g = r.genres ? r.genres.split(", ") : [];
      expect(g.length).toBeLessThanOrEqual(4);
      expect(new Set(g).size).toBe(g.length);
      for (const x of g) counts.set(x, (counts.get(x) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([...GENRES].sort());
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    expect(top).toBe("Drama");
  });

  it("draws keywords and companies from Zipf-skewed vocabularies of many distinct values", () => {
    for (const c of ["keywords", "production_companies"]) {
      const counts = new Map<string, number>();
      for (const r of good()) for (const k of r[c] ? r[c].split(", ") : []) counts.set(k, (counts.get(k) ?? 0) + 1);
      const sorted = [...counts.values()].sort((a, b) => b - a);
      expect(sorted.length, c).toBeGreaterThan(3000);
      expect(sorted[0], c).toBeGreaterThan(5 * sorted[99]);
    }
  });

  it("writes titles in many scripts, sequels and long overviews", () => {
    const titles = good().map((r) => `${r.title} ${r.original_title}`).join("\n");
    for (const re of [/\p{Script=Cyrillic}/u, /\p{Script=Han}/u, /\p{Script=Hangul}/u, /\p{Script=Arabic}/u, /\p{Script=Hebrew}/u, /\p{Script=Devanagari}/u, /\p{Script=Greek}/u, /[éèçñüöåœ]/]) {
      expect(titles).toMatch(re);
    }
    expect(good().some((r) => / [2-6]$/.test(r.title))).toBe(true);
    expect(good().some((r) => r.overview.split(" ").length > 200)).toBe(true);
    expect(share((r) => r.title !== r.original_title)).toBeGreaterThan(0.1);
  });

  it("holds every planned dirty kind, exactly as counted", () => {
    const planned = plannedCounts(N);
    for (const k of DIRTY_KINDS) {
      expect(planned[k], k).toBeGreaterThanOrEqual(1);
      expect(result.stats.dirty[k], k).toBe(planned[k]);
    }
    const rows = good();
    expect(rows.filter((r) => r.title === "").length).toBe(planned.missing_title);
    expect(rows.filter((r) => r.original_title === "").length).toBe(planned.missing_original_title);
    expect(rows.filter((r) => r.title === "0").length).toBe(planned.zero_title);
    expect(rows.filter((r) => r.title.toLowerCase() === "untitled").length).toBe(planned.untitled_title);
    const oneChar = rows.filter((r) => [...r.title].length === 1 && r.title !== "0" && /[\p{L}\p{N}]/u.test(r.title));
    expect(oneChar.filter((r) => r.vote_count === "0").length).toBe(planned.one_char_title_no_votes);
    expect(oneChar.filter((r) => r.vote_count !== "0").length).toBe(planned.one_char_title_voted);
    expect(rows.some((r) => /<\/?[a-z]+[^>]*>/.test(r.title))).toBe(true);
    expect(rows.some((r) => /<(p|br|b|a)\b[^>]*>/.test(r.overview))).toBe(true);
    expect(rows.some((r) => r.title.includes("_"))).toBe(true);
    expect(rows.some((r) => /::|\+\+/.test(r.title))).toBe(true);
    expect(rows.some((r) => r.title !== r.title.trim())).toBe(true);
    expect(rows.some((r) => r.title !== r.title.normalize("NFKC"))).toBe(true);
    expect(rows.filter((r) => r.overview.includes("\n")).length).toBeGreaterThanOrEqual(planned.overview_newline);
    // Duplicate ids: the same id twice with different vote counts; all other ids unique.
    const byId = new Map<string, Record<string, string>[]>();
    for (const r of rows) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
    const dups = [...byId.values()].filter((v) => v.length > 1);
    expect(dups).toHaveLength(planned.duplicate_id);
    for (const [a, b] of dups) expect(a.vote_count).not.toBe(b.vote_count);
    // Ids: positive, below ~1.8M, mostly increasing.
    const ids = rows.map((r) => Number(r.id));
    let up = 0;
    for (let k = 1; k < ids.length; k++) if (ids[k] > ids[k - 1]) up++;
    expect(up / ids.length).toBeGreaterThan(0.85);
    expect(Math.max(...ids)).toBeLessThan(1_900_000);
  });

  it("scales the dirty kinds with the row count", () => {
    const p = plannedCounts(1_290_000);
    expect(p.missing_title).toBe(15);
    expect(p.malformed_line).toBe(7);
    expect(plannedCounts(999).malformed_line).toBe(0);
    expect(plannedCounts(1000).missing_title).toBe(1);
  });
});

describe("CLI (npx tsx tools/synth/cli.ts)", () => {
  const cli = (...args: string[]) =>
    spawnSync("npx", ["tsx", "tools/synth/cli.ts", ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, npm_config_loglevel: "error" } });

  it.each([
    [["--rows", "0"], /--rows must be an integer/],
    [["--rows", "-3"], /--rows/],
    [["--rows", "abc"], /--rows must be an integer/],
    [["--rows", "1.5"], /--rows must be an integer/],
    [["--rows", "10000001"], /--rows must be an integer/],
    [[], /missing --rows/],
  ])("rejects %j with exit code 1 and writes nothing", (args, message) => {
    const out = path.join(dir, "cli-bad.csv");
    const res = cli(...args, "--out", out);
    expect(res.status).toBe(1);
    const lines = res.stderr.split("\n").filter((l) => l.startsWith("synth:"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.existsSync(`${out}.tmp`)).toBe(false);
  });

  it("rejects a missing --out, an unknown flag and an unwritable directory", () => {
    const out = path.join(dir, "cli-bad2.csv");
    for (const [args, message] of [
      [["--rows", "10"], /missing --out/],
      [["--rows", "10", "--out", out, "--fast"], /unknown option --fast/],
      [["--rows", "10", "--out", path.join(dir, "no-such-dir", "x.csv")], /directory does not exist/],
      [["--rows", "10", "--out", path.join(dir, "cli-file.txt", "x.csv")], /not a directory|does not exist/],
    ] as const) {
      fs.writeFileSync(path.join(dir, "cli-file.txt"), "x");
      const res = cli(...args);
      expect(res.status, res.stderr).toBe(1);
      expect(res.stderr).toMatch(message);
      expect(fs.existsSync(out)).toBe(false);
    }
  });

  it("writes the same file as writeSyntheticCsv and reports on stderr", async () => {
    const out = path.join(dir, "cli-ok.csv");
    const res = cli("--rows", "1500", "--out", out, "--seed", "9");
    expect(res.status, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/wrote 1500 rows/);
    expect(fs.existsSync(`${out}.tmp`)).toBe(false);
    const api = path.join(dir, "api-ok.csv");
    await writeSyntheticCsv(api, 1500, 9);
    expect(sha(out)).toBe(sha(api));
  });
});
