/** Step 2: start the built Next.js server on the bench database and artifacts; time boot-to-ready. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { anonHugePagesMb } from "@/lib/log/process-memory";
import { log, procRssMb, round, sleep, treeRssMb } from "./util";

export interface BootFigures {
  /** spawn -> first 200 from /api/health (catalog loaded, database up). */
  readyMs: number;
  /** spawn -> /api/health 200 with the index loaded (status "ok"). */
  indexReadyMs: number;
  rssMb: number;
  treeRssMb: number;
  /** Of rssMb, in transparent huge pages (scripts/huge-pages.sh); undefined in runs before it was recorded. */
  hugePagesMb?: number;
  indexSize: number;
  titles: number;
  builtNow: boolean;
  /** Extra server environment of this run (--server-env). */
  env: Record<string, string>;
}

/** At least 32 characters, or the server refuses writes. */
export const BENCH_ADMIN_TOKEN = "bench-admin-token-0123456789abcdef";

export interface ServerHandle {
  pid: number;
  baseUrl: string;
  logFile: string;
  boot: BootFigures;
  stop(): Promise<void>;
}

/** What the production build is made of: a change to any of them means the build is stale. */
const BUILD_SOURCES = ["app", "components", "lib", "db", "proxy.ts", "instrumentation.ts", "next.config.ts", "package-lock.json"];

function newestSourceMs(dir: string): number {
  let newest = 0;
  const visit = (p: string) => {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const s of BUILD_SOURCES) visit(path.join(dir, s));
  return newest;
}

/** Runs `next build` when there is no production build, or one older than the sources (a bench must not time stale code). */
function ensureBuilt(cwd: string): boolean {
  const built = fs.statSync(`${cwd}/.next/BUILD_ID`, { throwIfNoEntry: false });
  if (built && built.mtimeMs >= newestSourceMs(cwd)) return false;
  log(built ? "the production build is older than the sources: running next build" : "no .next/BUILD_ID: running next build");
  const res = spawnSync("npx", ["next", "build"], { cwd, stdio: "inherit" });
  if (res.status !== 0) throw new Error(`next build failed (exit ${res.status})`);
  return true;
}

async function health(url: string): Promise<{ status: number; body?: { status?: string; index?: { state?: string; size?: number }; catalog?: { titles?: number } } }> {
  try {
    const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
    return { status: res.status, body: await res.json().catch(() => undefined) };
  } catch {
    return { status: 0 };
  }
}

export async function startServer(opts: { cwd: string; port: number; databaseUrl: string; artifactsDir: string; timeoutMs?: number; env?: Record<string, string> }): Promise<ServerHandle> {
  const builtNow = ensureBuilt(opts.cwd);
  const baseUrl = `http://127.0.0.1:${opts.port}`;
  if ((await health(baseUrl)).status !== 0) throw new Error(`something already listens on port ${opts.port}; pass --port`);
  const logFile = `/tmp/bench-server-${opts.port}.log`;
  const out = fs.openSync(logFile, "w");
  const t0 = performance.now();
  // node directly (not npx) so the pid is the server's own. It inherits huge pages from `npm run bench`,
  // which goes through scripts/huge-pages.sh as `npm start` does.
  const child: ChildProcess = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(opts.port), "-H", "127.0.0.1"], {
    cwd: opts.cwd,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: opts.databaseUrl,
      ARTIFACTS_DIR: opts.artifactsDir,
      ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
      // The load generator is one loopback address at ~1000 req/s: measure the server, not the per-client limit.
      READ_RATE_PER_SEC: "0",
      ...opts.env,
    },
    stdio: ["ignore", out, out],
  });
  let exited: number | null | undefined;
  child.on("exit", (code) => (exited = code));
  const pid = child.pid!;
  const stop = async () => {
    if (exited !== undefined) return;
    child.kill("SIGTERM");
    for (let i = 0; i < 50 && exited === undefined; i++) await sleep(100);
    if (exited === undefined) child.kill("SIGKILL");
  };
  const deadline = t0 + (opts.timeoutMs ?? 300_000);
  let readyMs: number | undefined;
  let indexReadyMs: number | undefined;
  let last: Awaited<ReturnType<typeof health>> = { status: 0 };
  while (performance.now() < deadline) {
    if (exited !== undefined) throw new Error(`server exited (${exited}) during boot; see ${logFile}`);
    last = await health(baseUrl);
    const now = performance.now() - t0;
    if (last.status === 200) {
      readyMs ??= now;
      if (last.body?.index?.state === "ready") {
        indexReadyMs = now;
        break;
      }
    }
    await sleep(50);
  }
  if (indexReadyMs === undefined) {
    await stop();
    throw new Error(`server not ready with its index within ${Math.round((opts.timeoutMs ?? 300_000) / 1000)} s (last health ${last.status} ${JSON.stringify(last.body)}); see ${logFile}`);
  }
  await sleep(1000); // let boot-time garbage settle before reading RSS
  const boot: BootFigures = {
    readyMs: Math.round(readyMs!),
    indexReadyMs: Math.round(indexReadyMs),
    rssMb: procRssMb(pid) ?? NaN,
    treeRssMb: treeRssMb(pid),
    hugePagesMb: anonHugePagesMb(pid),
    indexSize: last.body?.index?.size ?? NaN,
    titles: last.body?.catalog?.titles ?? NaN,
    builtNow,
    env: opts.env ?? {},
  };
  log(`boot: ready in ${round(boot.readyMs / 1000, 2)} s, index ready in ${round(boot.indexReadyMs / 1000, 2)} s, RSS ${boot.rssMb} MB (tree ${boot.treeRssMb} MB, huge pages ${boot.hugePagesMb ?? "?"} MB), index ${boot.indexSize}`);
  return { pid, baseUrl, logFile, boot, stop };
}
