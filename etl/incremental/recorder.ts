import fs from "node:fs";
import path from "node:path";
import type { RawMovie } from "@/lib/movies/types";
import type { CleanResult } from "../clean";
import { dropCode, grown, lineOutcome, LOSER, ROWS_FILE, type RowDigest, SOURCE_FILE, WINNER } from "./digest";
import { digestLinesInChild } from "./digest-child";
import { parseId } from "./records";

/**
 * Records a full build's row digest: a child process hashes the input's lines and copies the file
 * into the build (digest-child.ts) while this process parses and cleans it; each parsed line's
 * outcome is matched with the child's line of the same rank, and their ids must agree.
 */
export class DigestRecorder {
  private job: ReturnType<typeof digestLinesInChild> | undefined;
  private lines = 0;
  /** Per parsed line: the outcome, the id papaparse's fields give, votes and clipped fields. */
  private outcome = new Uint8Array(1024);
  private rawId = new Int32Array(1024);
  private votes = new Int32Array(1024);
  private clipped = new Uint32Array(1024);

  constructor(
    private readonly buildDir: string,
    private readonly currentYear: number,
  ) {}

  start(input: string): void {
    this.job = digestLinesInChild({ input, buildDir: this.buildDir, currentYear: this.currentYear });
    // Failures are reported by finish(); an abandoned run must not leave an unhandled rejection.
    this.job.result.catch(() => {});
  }

  /** Stops the child of a run that will not finish. */
  abort(): void {
    this.job?.kill();
  }

  record(raw: RawMovie | undefined, result: CleanResult | undefined): void {
    if (this.lines === this.outcome.length) {
      const n = this.lines * 2;
      this.outcome = grown(this.outcome, n);
      this.rawId = grown(this.rawId, n);
      this.votes = grown(this.votes, n);
      this.clipped = grown(this.clipped, n);
    }
    const i = this.lines++;
    this.rawId[i] = raw ? parseId(raw.id) : -1;
    const { code, votes, clipped } = lineOutcome(result);
    this.outcome[i] = code;
    this.votes[i] = votes;
    this.clipped[i] = clipped;
  }

  /**
   * Once the parse is over and the duplicate losers (kept-line ordinals) are known: checks that
   * the child and papaparse saw the same lines, and writes the digest. Returns why it was not
   * written, or undefined.
   */
  async finish(losers: ReadonlySet<number>): Promise<string | undefined> {
    const done = await this.job!.result.catch((err: Error) => ({ failed: err.message }));
    const failure = "failed" in done ? done.failed : this.join(done.lines, losers);
    if (failure) {
      await fs.promises.rm(path.join(this.buildDir, SOURCE_FILE), { force: true });
      return failure;
    }
    await (done as { lines: RowDigest }).lines.write(path.join(this.buildDir, ROWS_FILE));
    return undefined;
  }

  private join(d: RowDigest, losers: ReadonlySet<number>): string | undefined {
    if (d.count !== this.lines) return `the CSV splits into ${d.count} lines here and ${this.lines} for papaparse`;
    const malformed = dropCode("malformed_line");
    let ordinal = 0;
    for (let i = 0; i < d.count; i++) {
      const code = this.outcome[i];
      if (code !== malformed && d.id[i] !== this.rawId[i]) return `line ${i + 2}: the splitter reads id ${d.id[i]}, papaparse ${this.rawId[i]}`;
      d.code[i] = code === WINNER && losers.has(ordinal) ? LOSER : code;
      if (code === WINNER) ordinal++;
    }
    d.votes = this.votes;
    d.clipped = this.clipped;
    return undefined;
  }
}
