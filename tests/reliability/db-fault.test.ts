import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ScratchMariaDb } from "../support/mariadb";
import { runOrThrow, startApp, type AppServer } from "../support/server";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "db-fault-"));
const db = new ScratchMariaDb(path.join(work, "mariadb"));
let app: AppServer;

async function timed(url: string) {
  const t = performance.now();
  const res = await fetch(url);
  const body = await res.json().catch(() => null);
  return { status: res.status, body, ms: performance.now() - t };
}

beforeAll(async () => {
  await db.init();
  await db.start();
  const env = {
    ...process.env,
    DATABASE_URL: `${db.hostUrl}/movies_fault`,
    ARTIFACTS_DIR: path.join(work, "artifacts"),
    ADMIN_TOKEN: "t",
    LOG_LEVEL: "silent",
    CATCH_UP_INTERVAL_MS: "500",
  };
  runOrThrow("npx", ["tsx", "etl/cli.ts", "--input", inject("catalogFile")], env, "etl");
  app = await startApp(env);
});

afterAll(async () => {
  app?.stop();
  await db.destroy();
  fs.rmSync(work, { recursive: true, force: true });
});

describe("MySQL dies while the server runs", () => {
  it("serves normally first", async () => {
    expect((await timed(`${app.url}/api/movies?limit=5`)).status).toBe(200);
  });

  it("answers 503 with the error shape within 2 s where it needs MySQL, keeps serving from memory, says so in health, and recovers without a restart", async () => {
    await db.kill();
    for (const route of ["/api/movies/1726"]) {
      const r = await timed(`${app.url}${route}`);
      expect(r.status, route).toBe(503);
      expect(r.body.error.code, route).toBe("unavailable");
      expect(r.ms, route).toBeLessThan(2000);
    }
    // The in-memory catalog answers catalog pages (every sort and filter), facets, search and recommendations without MySQL.
    const next = (await timed(`${app.url}/api/movies?limit=5&genres=Drama&sort=rating`)).body.nextCursor;
    for (const route of ["/api/movies?limit=5", "/api/movies?limit=5&genres=Drama&sort=rating", `/api/movies?limit=5&genres=Drama&sort=rating&cursor=${next}`, "/api/search?q=iron", "/api/movies/1726/similar"]) {
      const r = await timed(`${app.url}${route}`);
      expect(r.status, route).toBe(200);
      expect(r.body.data.length, route).toBeGreaterThan(0);
    }
    expect((await timed(`${app.url}/api/movies/facets?genres=Drama`)).body.total).toBeGreaterThan(0);
    const health = await timed(`${app.url}/api/health`);
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ db: "down", index: { state: "ready" } });
    // Pages do not crash either: the catalog page renders its error state.
    const page = await fetch(`${app.url}/`);
    expect(page.status).toBeLessThan(600);

    await db.start();
    const deadline = Date.now() + 30_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await timed(`${app.url}/api/movies?limit=5`)).status;
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
    expect((await timed(`${app.url}/api/health`)).body).toMatchObject({ status: "ok", db: "up" });
    expect((await timed(`${app.url}/api/movies/1726/similar`)).status).toBe(200);
  });
});
