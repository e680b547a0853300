import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { CATALOG_SNAPSHOT_FILE } from "@/lib/catalog/snapshot";
import { INDEX_FILE, readCurrentManifest } from "@/lib/reco/artifacts";
import { runOrThrow, startApp, type AppServer } from "../support/server";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "artifacts-fault-"));
let app: AppServer | undefined;
let empty: AppServer | undefined;
let flipped: AppServer | undefined;
let badCatalog: AppServer | undefined;
afterAll(() => {
  badCatalog?.stop();
  flipped?.stop();
  app?.stop();
  empty?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

/** Bodies clients see must not tell them where the server keeps its files. */
function expectNoServerPaths(body: unknown) {
  const text = JSON.stringify(body);
  expect(text).not.toContain(work);
  expect(text).not.toMatch(/(^|[\s'"(])\/(tmp|work|home|srv|var|opt|usr|root)\//);
}

async function json(url: string) {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

/** A copy of the suite's artifacts in `name` whose live `file` (the index) `corrupt` has rewritten. */
async function corruptedCopy(name: string, corrupt: (bytes: Buffer) => Buffer, file = INDEX_FILE): Promise<string> {
  const dir = path.join(work, name);
  fs.cpSync(inject("artifactsDir"), dir, { recursive: true, verbatimSymlinks: true });
  const current = (await readCurrentManifest(dir))!;
  const target = path.join(current.buildDir, file);
  fs.writeFileSync(target, corrupt(fs.readFileSync(target)));
  return dir;
}

const flipMiddleByte = (bytes: Buffer) => {
  bytes[bytes.length >> 1] ^= 0x01;
  return bytes;
};

describe("corrupt artifacts", () => {
  it("are refused with a log line; the site keeps serving; a new publish is picked up without restart", async () => {
    const dir = await corruptedCopy("artifacts", (bytes) => bytes.subarray(0, bytes.length >> 1)); // truncated

    const env = { ...process.env, DATABASE_URL: inject("databaseUrl"), ARTIFACTS_DIR: dir, LOG_LEVEL: "info", CATCH_UP_INTERVAL_MS: "500" };
    app = await startApp(env);
    const health = await json(`${app.url}/api/health`);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: "degraded", db: "up", index: { state: "unavailable" } });
    expect(health.body.index.hint).toMatch(/manifest (size|checksum).*npm run (etl|index:rebuild)/s);
    expect(app.log()).toMatch(/index not loaded/);
    expect((await json(`${app.url}/api/movies?limit=3`)).status).toBe(200);
    expect((await json(`${app.url}/api/search?q=iron%20man`)).status).toBe(200);
    const similar = await json(`${app.url}/api/movies/1726/similar`);
    expect(similar.status).toBe(503);
    expect(similar.body.error.code).toBe("unavailable");
    expectNoServerPaths(health.body);
    expectNoServerPaths(similar.body);

    runOrThrow("npx", ["tsx", "etl/rebuild-index.ts", "--refit"], env, "index:rebuild");
    const deadline = Date.now() + 20_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await json(`${app.url}/api/movies/1726/similar`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 300));
    }
    expect(status).toBe(200);
    expect((await json(`${app.url}/api/health`)).body.status).toBe("ok");
  });

  it("refuse an index of the right size with one byte changed, though it loads while its checksum runs", async () => {
    const dir = await corruptedCopy("flipped-artifacts", flipMiddleByte);
    flipped = await startApp({ ...process.env, DATABASE_URL: inject("databaseUrl"), ARTIFACTS_DIR: dir, LOG_LEVEL: "info" });
    const health = await json(`${flipped.url}/api/health`);
    expect(health.body).toMatchObject({ status: "degraded", index: { state: "unavailable" } });
    expect(health.body.index.hint).toMatch(/manifest checksum/);
    expect((await json(`${flipped.url}/api/movies/1726/similar`)).status).toBe(503);
  });

  it("a corrupt catalog snapshot: the catalog is read from MySQL instead, with a log line; the index still loads", async () => {
    const dir = await corruptedCopy("flipped-catalog", flipMiddleByte, CATALOG_SNAPSHOT_FILE);
    badCatalog = await startApp({ ...process.env, DATABASE_URL: inject("databaseUrl"), ARTIFACTS_DIR: dir, LOG_LEVEL: "info" });
    const health = await json(`${badCatalog.url}/api/health`);
    expect(health.body).toMatchObject({ status: "ok", index: { state: "ready" }, catalog: { state: "ready", source: "mysql" } });
    expect(badCatalog.log()).toMatch(/catalog\.snap .*does not match its manifest checksum.*catalog snapshot not used; reading the catalog from MySQL/);
    expect(health.body.catalog.titles).toBe(3000);
    expect((await json(`${badCatalog.url}/api/search?q=iron%20man`)).status).toBe(200);
    expect((await json(`${badCatalog.url}/api/movies/1726/similar`)).status).toBe(200);
  });

  it("with none published, health and the 503s say so without the server's paths", async () => {
    const dir = path.join(work, "empty-artifacts");
    fs.mkdirSync(dir);
    const env = { ...process.env, DATABASE_URL: inject("databaseUrl"), ARTIFACTS_DIR: dir, LOG_LEVEL: "info" };
    empty = await startApp(env);
    const health = await json(`${empty.url}/api/health`);
    expect(health.body).toMatchObject({ status: "degraded", index: { state: "unavailable" } });
    expect(health.body.index.hint).toMatch(/no index published/);
    const similar = await json(`${empty.url}/api/movies/1726/similar`);
    expect(similar.status).toBe(503);
    expect(similar.body.error.message).toMatch(/no index published/);
    expectNoServerPaths(health.body);
    expectNoServerPaths(similar.body);
    // the operator still finds the path in the log
    expect(empty.log()).toContain(dir);
  });
});
