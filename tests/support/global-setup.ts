import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import "vitest";
import type { TestProject } from "vitest/node";
import { dropDatabase } from "@/db/admin";
import { TEST_DB_HOST } from "./db";
import { hasRealData, ROOT, TOP3000 } from "./paths";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    adminToken: string;
    databaseUrl: string;
    artifactsDir: string;
    catalogFile: string;
    omdbHits: string;
  }
}

export const ADMIN_TOKEN = "test-admin-token";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, what: string): void {
  const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}):\n${r.stdout?.slice(-3000)}\n${r.stderr?.slice(-3000)}`);
}

/** A stand-in OMDB on loopback: answers posters for even tt ids, "N/A" for odd ones, counts calls. */
function startFakeOmdb(hitsFile: string): Promise<{ url: string; close: () => void }> {
  let hits = 0;
  const srv = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    hits++;
    fs.writeFileSync(hitsFile, String(hits));
    const imdb = u.searchParams.get("i") ?? "";
    if (u.searchParams.get("apikey") !== "test-omdb-key") {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ Response: "False", Error: "Invalid API key!" }));
      return;
    }
    const digits = Number(imdb.replace(/\D/g, ""));
    const poster = digits % 2 === 0 ? `https://posters.example/${imdb}.jpg` : "N/A";
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ Response: "True", Poster: poster }));
  });
  return new Promise((resolve) =>
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => srv.close() });
    }),
  );
}

async function waitForHealth(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited (${server.exitCode}):\n${log()}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server not healthy after 120 s:\n${log()}`);
}

/**
 * For the API and browser suites: a per-run database loaded with the real top-3000 catalog (or a
 * generated one when the shared data is absent), the built app on a free port, and a fake OMDB.
 * TEST_APP=0 skips all of it for unit-only runs.
 */
export default async function setup(project: TestProject) {
  if (process.env.TEST_APP === "0") return;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "movies-test-"));
  const dbName = `movies_test_app_${process.pid}`;
  const databaseUrl = `${TEST_DB_HOST}/${dbName}`;
  const artifactsDir = path.join(work, "artifacts");
  const omdbHits = path.join(work, "omdb-hits");
  const env = { ...process.env, DATABASE_URL: databaseUrl, ARTIFACTS_DIR: artifactsDir, ADMIN_TOKEN, LOG_LEVEL: "warn" };

  let catalogFile = TOP3000;
  if (!hasRealData) {
    catalogFile = path.join(work, "synthetic.csv");
    run("npx", ["tsx", "etl/synth.ts", "--rows", "3000", "--out", catalogFile, "--seed", "7"], env, "synth");
  }
  if (process.env.TEST_SKIP_BUILD !== "1" || !fs.existsSync(path.join(ROOT, ".next/BUILD_ID")))
    run("npx", ["next", "build"], { ...env, NODE_ENV: "production" }, "next build");
  run("npx", ["tsx", "etl/cli.ts", "--input", catalogFile], env, "etl");

  const omdb = await startFakeOmdb(omdbHits);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let serverLog = "";
  const server = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...env, OMDB_API_KEY: "test-omdb-key", OMDB_BASE_URL: omdb.url, CATCH_UP_INTERVAL_MS: "500", NODE_ENV: "production" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.on("data", (d) => (serverLog = (serverLog + d).slice(-20_000)));
  server.stderr?.on("data", (d) => (serverLog = (serverLog + d).slice(-20_000)));
  const teardown = async () => {
    try {
      if (server.pid) process.kill(-server.pid, "SIGKILL");
    } catch {
      // already gone
    }
    omdb.close();
    await dropDatabase(databaseUrl).catch(() => {});
    fs.rmSync(work, { recursive: true, force: true });
  };
  try {
    await waitForHealth(baseUrl, server, () => serverLog);
  } catch (err) {
    await teardown();
    throw err;
  }
  project.provide("baseUrl", baseUrl);
  project.provide("adminToken", ADMIN_TOKEN);
  project.provide("databaseUrl", databaseUrl);
  project.provide("artifactsDir", artifactsDir);
  project.provide("catalogFile", catalogFile);
  project.provide("omdbHits", omdbHits);
  return teardown;
}
