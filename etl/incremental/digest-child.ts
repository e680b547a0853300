import fs from "node:fs";
import path from "node:path";
import { type ChildReply, serveChildJob, startChildJob } from "../child-job";
import { openCsv } from "../read";
import { RowDigest, SOURCE_FILE } from "./digest";
import { CsvRecordSplitter } from "./records";

/**
 * A full build's line digest, made in a child process (the second core idles while the parent
 * parses and cleans): the child reads the input itself, hashes each line, copies the file into
 * the build and writes the lines (no outcomes yet) to LINES_FILE. The parent joins the outcomes.
 */
const LINES_FILE = "lines.bin";

interface LinesJob {
  input: string;
  buildDir: string;
  currentYear: number;
}

/** Starts the child: `result` resolves with the lines, or with why there are none. */
export function digestLinesInChild(job: LinesJob): { result: Promise<{ lines: RowDigest } | { failed: string }>; kill: () => void } {
  const child = startChildJob<LinesJob, true>(import.meta.url, job, "line digest");
  const result = child.result.then(async (reply) => {
    if ("failed" in reply) return reply;
    const lines = await RowDigest.read(path.join(job.buildDir, LINES_FILE));
    await fs.promises.rm(path.join(job.buildDir, LINES_FILE), { force: true });
    return { lines };
  });
  return { result, kill: child.kill };
}

async function runChild(job: LinesJob): Promise<ChildReply<true>> {
  const lines = new RowDigest({ currentYear: job.currentYear, newline: "\n", header: [0, 0], sourceBytes: 0 });
  const splitter = new CsvRecordSplitter({ onRecord: (r) => lines.push(r.offset, r.hi, r.lo, r.length, r.id) });
  const source = await openCsv(job.input);
  const copy = fs.createWriteStream(path.join(job.buildDir, SOURCE_FILE), { highWaterMark: 1 << 20 });
  const copied = new Promise<number>((resolve, reject) => {
    copy.once("finish", () => resolve(copy.bytesWritten));
    copy.once("error", reject);
  });
  source.stream.pipe(copy);
  let failed: string | undefined;
  source.stream.on("data", (chunk: Buffer) => {
    if (failed) return;
    try {
      splitter.push(chunk);
    } catch (err) {
      failed = (err as Error).message;
    }
  });
  lines.meta.sourceBytes = await copied;
  if (!failed)
    try {
      splitter.end();
    } catch (err) {
      failed = (err as Error).message;
    }
  if (failed || !splitter.header) return { failed: `the CSV cannot be split line by line (${failed ?? "no header"})` };
  lines.meta.newline = splitter.newline!;
  lines.meta.header = [splitter.header.hi, splitter.header.lo];
  await lines.write(path.join(job.buildDir, LINES_FILE));
  return { done: true };
}

serveChildJob(runChild);
