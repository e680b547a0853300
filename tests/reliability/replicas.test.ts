import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { admin, api } from "../support/http";
import { startApp, type AppServer } from "../support/server";

/** A second replica on the same MySQL and artifacts: writes through one show in the other. */
let replica: AppServer;
beforeAll(async () => {
  replica = await startApp({
    ...process.env,
    DATABASE_URL: inject("databaseUrl"),
    ARTIFACTS_DIR: inject("artifactsDir"),
    ADMIN_TOKEN: inject("adminToken"),
    LOG_LEVEL: "warn",
    CATCH_UP_INTERVAL_MS: "1000",
  });
});
afterAll(() => replica?.stop());

async function untilTrue(check: () => Promise<boolean>, ms: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not seen within ${ms} ms`);
}

describe("several replicas", () => {
  it("a movie created through one is searchable and recommended by the other within 5 s; a delete too", async () => {
    const created = await api("/api/movies", {
      method: "POST",
      token: admin(),
      json: { title: "Replica Film Zyx", release_date: "1995-11-22", genres: ["Animation", "Family", "Comedy"], keywords: ["toy", "rivalry", "friendship"] },
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    const other = async (path: string) => (await fetch(`${replica.url}${path}`)).json();

    const seenIn = await untilTrue(async () => (await other("/api/search?q=replica%20film%20zyx")).data?.[0]?.id === id, 5000);
    expect(seenIn).toBeLessThan(5000);
    const similar = await other(`/api/movies/${id}/similar?limit=5`);
    expect(similar.data).toHaveLength(5);

    expect((await api(`/api/movies/${id}`, { method: "DELETE", token: admin() })).status).toBe(204);
    await untilTrue(async () => (await fetch(`${replica.url}/api/movies/${id}/similar`)).status === 404, 5000);
    const ids = (body: { data: { id: number }[] }) => body.data.map((m) => m.id);
    await untilTrue(async () => !ids(await other("/api/search?q=replica%20film%20zyx")).includes(id), 5000);
    expect(ids(await other("/api/movies/862/similar?limit=50"))).not.toContain(id);
  });
});
