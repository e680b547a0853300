/**
 * The framework's ceiling: a one-route Next.js app built with the project's own `next`, started
 * beside the project so every route's req/s can be quoted as a ratio to it, measured in the same
 * run. It lives in a temporary folder with the project's node_modules hard-linked in (Turbopack
 * refuses a symlinked node_modules, and a folder inside the project would pick up the project's
 * own instrumentation and proxy).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { log, sleep } from "./util";

export const CEILING_ROUTE = "/api/empty";

/** A small JSON, about the size of a health answer: what a route costs when it does no work. */
const ROUTE_SOURCE = `export const dynamic = "force-dynamic";
export function GET() {
  return Response.json({ data: [], status: "ok" });
}
`;

export interface CeilingHandle {
  baseUrl: string;
  stop(): Promise<void>;
}

function writeApp(root: string, dir: string): void {
  fs.mkdirSync(path.join(dir, "app/api/empty"), { recursive: true });
  const linked = spawnSync("cp", ["-al", path.join(root, "node_modules"), path.join(dir, "node_modules")], { stdio: "pipe" });
  if (linked.status !== 0) throw new Error(`could not link node_modules for the empty app: ${linked.stderr.toString()}`);
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "empty-next-route", private: true }));
  fs.writeFileSync(path.join(dir, "app/api/empty/route.js"), ROUTE_SOURCE);
  fs.writeFileSync(path.join(dir, "next.config.mjs"), "export default { poweredByHeader: false };\n");
}

/** Builds the one-route app and starts it with `next start`, production mode, like the project. */
export async function startCeiling(root: string, port: number): Promise<CeilingHandle> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-empty-next-"));
  writeApp(root, dir);
  const next = path.join(dir, "node_modules/next/dist/bin/next");
  const env = { ...process.env, NODE_ENV: "production" as const, NEXT_TELEMETRY_DISABLED: "1" };
  const build = spawnSync(process.execPath, [next, "build"], { cwd: dir, stdio: "pipe", env });
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  if (build.status !== 0) {
    remove();
    throw new Error(`next build of the empty app failed: ${build.stderr.toString().slice(-800)}`);
  }
  const child: ChildProcess = spawn(process.execPath, [next, "start", "-p", String(port), "-H", "127.0.0.1"], { cwd: dir, env, stdio: "ignore" });
  let exited = false;
  child.on("exit", () => (exited = true));
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600 && !exited; i++) {
    const ok = await fetch(`${baseUrl}${CEILING_ROUTE}`).then((r) => r.ok, () => false);
    if (ok) {
      log(`ceiling: the empty Next.js app answers on ${baseUrl}${CEILING_ROUTE}`);
      return {
        baseUrl,
        stop: async () => {
          child.kill("SIGTERM");
          for (let j = 0; j < 50 && !exited; j++) await sleep(100);
          if (!exited) child.kill("SIGKILL");
          remove();
        },
      };
    }
    await sleep(100);
  }
  child.kill("SIGKILL");
  remove();
  throw new Error("the empty Next.js app did not start");
}
