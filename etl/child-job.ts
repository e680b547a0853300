import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

/** What a child job answers: its result, or why it has none. */
export type ChildReply<R> = { done: R } | { failed: string };

/**
 * Runs a job in a child process of the module at `moduleUrl` (one that calls serveChildJob), so
 * the second core works while this process does. `job` travels as JSON on the command line: large
 * inputs go through a file. The child dies with this process. `result` resolves with the child's
 * reply, and rejects when the child exits without one (killed, crashed).
 */
export function startChildJob<J, R>(moduleUrl: string, job: J, what: string): { result: Promise<ChildReply<R>>; kill: () => void } {
  let child: ChildProcess | undefined;
  const result = new Promise<ChildReply<R>>((resolve, reject) => {
    child = fork(fileURLToPath(moduleUrl), ["--child", JSON.stringify(job)], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let settled = false;
    child.on("message", (reply: ChildReply<R>) => {
      settled = true;
      resolve(reply);
    });
    child.on("exit", (code, signal) => {
      if (!settled) reject(new Error(`${what} process exited (${signal ?? code}) before finishing`));
    });
    // A dying parent takes the child with it.
    const killChild = () => child?.kill("SIGKILL");
    process.once("exit", killChild);
    child.on("exit", () => process.removeListener("exit", killChild));
  });
  return { result, kill: () => child?.kill("SIGKILL") };
}

/**
 * In a job's module: when this process is a child started by startChildJob, runs the job and
 * sends the reply (an error becomes `failed`); exits when the parent goes away.
 */
export function serveChildJob<J, R>(run: (job: J) => Promise<ChildReply<R>>): void {
  if (process.argv[2] !== "--child" || !process.send) return;
  process.on("disconnect", () => process.exit(1));
  run(JSON.parse(process.argv[3]) as J).then(
    (reply) => process.send!(reply, () => process.exit(0)),
    (err: Error) => process.send!({ failed: err.message }, () => process.exit(1)),
  );
}
