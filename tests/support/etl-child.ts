import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { ROOT } from "./paths";
import { queryRows } from "./mysql";

/**
 * `npm run etl` as a child process of its own group, with ETL_TEST_PAUSE_AT (etl/swap.ts): the
 * run stops at the named steps until resumed, so a test can write, or kill -9 it, exactly there.
 */
export interface EtlRun {
  child: ChildProcessWithoutNullStreams;
  /** The next step the run paused at, or null once it has exited. */
  nextPause: () => Promise<string | null>;
  resume: () => void;
  kill: () => Promise<void>;
  exited: Promise<{ code: number | null; stderr: string; stdout: string }>;
}

export function startEtl(args: string[], pauseAt: string[] = []): EtlRun {
  const child = spawn("npx", ["tsx", "etl/cli.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, ETL_TEST_PAUSE_AT: pauseAt.join(",") },
    detached: true,
  });
  let stderr = "";
  let stdout = "";
  const pauses: string[] = [];
  let wake: (() => void) | undefined;
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
    for (const m of d.toString().matchAll(/etl-test-pause: (\w+)/g)) pauses.push(m[1]);
    wake?.();
  });
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) =>
    child.once("exit", (code) => {
      resolve({ code, stderr, stdout });
      wake?.();
    }),
  );
  return {
    child,
    exited,
    async nextPause() {
      while (!pauses.length && child.exitCode === null && child.signalCode === null) await new Promise<void>((r) => (wake = r));
      return pauses.shift() ?? null;
    },
    resume: () => child.stdin.write("\n"),
    async kill() {
      process.kill(-child.pid!, "SIGKILL");
      await exited;
    },
  };
}

/** A run to its end, no pause. */
export function runEtlChild(args: string[]) {
  const run = startEtl(args);
  run.child.stdin.end();
  return run.exited;
}

/** Until a writer waits on the publish gate (what it does while a publish holds it). */
export async function untilWriterWaitsOnGate(url: string): Promise<void> {
  for (const deadline = Date.now() + 60_000; ; await new Promise((r) => setTimeout(r, 20))) {
    const [{ waiting }] = await queryRows(
      url,
      "SELECT COUNT(*) AS waiting FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT' AND trx_query LIKE '%publish_gate%'",
    );
    if (Number(waiting) > 0) return;
    if (Date.now() > deadline) throw new Error("no writer waited on the publish gate");
  }
}
