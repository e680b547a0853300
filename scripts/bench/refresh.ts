/**
 * Step: an incremental refresh after the full ETL. A copy of the bench's input with 1% of its
 * lines changed, added or removed (seeded, so every run derives the same file) is refreshed
 * into the database and artifacts the ETL step loaded; the figures say which path it took.
 */
import fs from "node:fs";
import Papa from "papaparse";
import { CsvRecordSplitter } from "@/etl/incremental/records";
import { runEtl, type EtlReport } from "@/etl/run";
import { Rng } from "@/tools/random";
import { log } from "./util";

interface DerivedFile {
  file: string;
  lines: number;
  changed: number;
  added: number;
  removed: number;
}

export interface RefreshFigures extends DerivedFile {
  path: EtlReport["refresh"]["path"];
  reason: string;
  changes?: EtlReport["refresh"]["changes"];
  totalMs: number;
  stages: EtlReport["stages"];
  peakRssMb: number;
  /** The full ETL of the same run, for the side-by-side figure. */
  fullMs?: number;
}

const COLUMN = (header: string[], name: string) => header.indexOf(name);

/**
 * Writes `out`: the lines of `input` with `share` of them touched, in thirds: changed (votes,
 * rating and popularity moved; every fifth also given another line's overview), removed, and
 * added (appended under new ids, each field of a new line taken from a random line of the file,
 * so the new movies follow the catalog's own distributions).
 */
async function deriveChangedFile(input: string, out: string, share = 0.01, seed = 7): Promise<DerivedFile> {
  const data = await fs.promises.readFile(input);
  const lines: { offset: number; length: number }[] = [];
  let maxId = 0;
  const splitter = new CsvRecordSplitter({
    onRecord: (r) => {
      lines.push({ offset: r.offset, length: r.length });
      if (r.id < 2_000_000_000) maxId = Math.max(maxId, r.id);
    },
  });
  splitter.push(data);
  splitter.end();
  const nl = splitter.newline!;
  const header = splitter.header!.fields;
  const col = { id: COLUMN(header, "id"), votes: COLUMN(header, "vote_count"), rating: COLUMN(header, "vote_average"), pop: COLUMN(header, "popularity"), overview: COLUMN(header, "overview") };
  const complete = (f: string[] | undefined): f is string[] => f?.length === header.length;
  const rng = new Rng(seed);
  const fields = (i: number) => Papa.parse<string[]>(data.toString("utf8", lines[i].offset, lines[i].offset + lines[i].length), { header: false, newline: nl as "\n" }).data[0];
  const line = (f: string[]) => Papa.unparse([f], { newline: nl });
  const w = fs.createWriteStream(out, { highWaterMark: 1 << 20 });
  const write = (s: string | Buffer) => (w.write(s) ? undefined : new Promise<void>((r) => w.once("drain", () => r())));
  const third = share / 3;
  let changed = 0;
  let removed = 0;
  // Unchanged lines are copied as runs of the input's bytes (header first), line breaks included.
  let run = 0;
  const flush = async (to: number) => {
    if (to > run) await write(data.subarray(run, to));
  };
  for (let i = 0; i < lines.length; i++) {
    const r = rng.float();
    const f = r >= third && r < 2 * third ? fields(i) : undefined;
    if (r >= third && !complete(f)) continue;
    await flush(lines[i].offset);
    run = i + 1 < lines.length ? lines[i + 1].offset : data.length;
    if (r < third) {
      removed++;
      continue;
    }
    f![col.votes] = String(Number(f![col.votes] || 0) + 1 + rng.int(200));
    f![col.rating] = Math.min(10, Number(f![col.rating] || 0) + 0.1 + rng.float()).toFixed(3);
    f![col.pop] = (Number(f![col.pop] || 0) * (1 + rng.float())).toFixed(3);
    const other = changed % 5 === 0 ? fields(rng.int(lines.length)) : undefined;
    if (complete(other)) f![col.overview] = other[col.overview];
    changed++;
    await write(line(f!) + nl);
  }
  await flush(data.length);
  if (!data.subarray(data.length - nl.length).equals(Buffer.from(nl))) await write(nl);
  let added = 0;
  for (let k = 0; k < Math.round(lines.length * third); k++) {
    const donors = Array.from({ length: 4 }, () => fields(rng.int(lines.length)));
    if (!donors.every(complete)) continue;
    const f = header.map((_, c) => donors[rng.int(donors.length)][c]);
    f[col.id] = String(maxId + 1 + k);
    added++;
    await write(line(f) + nl);
  }
  await new Promise<void>((resolve, reject) => w.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { file: out, lines: lines.length, changed, added, removed };
}

export async function runRefreshStep(opts: { input: string; databaseUrl: string; artifactsDir: string; fullMs?: number; seed: number }): Promise<RefreshFigures> {
  const out = `/tmp/bench-refresh-${opts.seed}-${opts.input.replace(/.*\//, "")}`;
  const derived = await deriveChangedFile(opts.input, out, 0.01, opts.seed);
  log(`refresh: ${out} has ${derived.changed} lines changed, ${derived.added} added, ${derived.removed} removed of ${derived.lines}`);
  try {
    const r = await runEtl({ input: out, databaseUrl: opts.databaseUrl, artifactsDir: opts.artifactsDir, quiet: true });
    log(`refresh: ${r.refresh.path} in ${(r.totalMs / 1000).toFixed(1)} s (${r.refresh.reason}); ` + Object.entries(r.stages).map(([k, s]) => `${k} ${(s.ms / 1000).toFixed(1)} s`).join(", "));
    return { ...derived, path: r.refresh.path, reason: r.refresh.reason, changes: r.refresh.changes, totalMs: r.totalMs, stages: r.stages, peakRssMb: r.peakRssMb, fullMs: opts.fullMs };
  } finally {
    await fs.promises.rm(out, { force: true });
  }
}
