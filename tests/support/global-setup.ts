import "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { dropDatabase } from "@/db/admin";
import { TEST_DB_HOST } from "./db";
import { fakeOmdbEnv, startFakeOmdb } from "./fake-omdb";
import { hasRealData, ROOT, TOP3000 } from "./paths";
import { runOrThrow, startApp, type AppServer } from "./server";

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

/** At least 32 characters: a shorter admin token disables writes. */
export const ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

/**
 * Every test client is 127.0.0.1, so the shared suite runs with roomy limits (one fuzz test alone
 * sends 60 wrong tokens); tests/api/auth-limits.test.ts checks the defaults on servers of its own.
 */
export const ROOMY_LIMITS = { READ_RATE_PER_SEC: "5000", WRITE_RATE_PER_SEC: "1000", SIGN_IN_ATTEMPTS: "100000" };

/**
 * For the API and browser suites: a per-run database loaded with the real top-3000 catalog (or a
 * generated one when the shared data is absent), the built app on a free port, and a fake OMDB.
 * TEST_APP=0 skips all of it for unit-only runs; TEST_SKIP_BUILD=1 reuses an existing build.
 */
export default async function setup(project: TestProject) {
  if (process.env.TEST_APP === "0") return;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "movies-test-"));
  const databaseUrl = `${TEST_DB_HOST}/movies_test_app_${process.pid}`;
  const artifactsDir = path.join(work, "artifacts");
  const omdbHits = path.join(work, "omdb-hits");
  const env = { ...process.env, DATABASE_URL: databaseUrl, ARTIFACTS_DIR: artifactsDir, ADMIN_TOKEN, LOG_LEVEL: "warn", ...ROOMY_LIMITS };

  let catalogFile = TOP3000;
  if (!hasRealData) {
    catalogFile = path.join(work, "synthetic.csv");
    runOrThrow("npx", ["tsx", "tools/synth/cli.ts", "--rows", "3000", "--out", catalogFile, "--seed", "7"], env, "synth");
  }
  if (process.env.TEST_SKIP_BUILD !== "1" || !fs.existsSync(path.join(ROOT, ".next/BUILD_ID")))
    runOrThrow("npx", ["next", "build"], { ...env, NODE_ENV: "production" }, "next build");
  runOrThrow("npx", ["tsx", "etl/cli.ts", "--input", catalogFile], env, "etl");

  const omdb = await startFakeOmdb((total) => fs.writeFileSync(omdbHits, String(total)));
  let server: AppServer | undefined;
  const teardown = async () => {
    server?.stop();
    omdb.close();
    await dropDatabase(databaseUrl).catch(() => {});
    fs.rmSync(work, { recursive: true, force: true });
  };
  try {
    // No OMDB lookup budget here: the suites load hundreds of posters; tests/reliability/posters.test.ts checks it.
    server = await startApp({ ...env, ...fakeOmdbEnv(omdb), OMDB_LOOKUPS_PER_MINUTE: "1000000", CATCH_UP_INTERVAL_MS: "500" });
  } catch (err) {
    await teardown();
    throw err;
  }
  project.provide("baseUrl", server.url);
  project.provide("adminToken", ADMIN_TOKEN);
  project.provide("databaseUrl", databaseUrl);
  project.provide("artifactsDir", artifactsDir);
  project.provide("catalogFile", catalogFile);
  project.provide("omdbHits", omdbHits);
  return teardown;
}
