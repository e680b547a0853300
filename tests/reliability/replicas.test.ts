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

  it("an edit or delete through one replica reaches every hot read of the other within 5 s (similar, recommend GET and POST, search, catalog first page)", async () => {
    const base = { release_date: "1996-03-04", genres: ["Animation", "Family", "Comedy"], keywords: ["stale", "replica", "promise", "toy"], popularity: 9_000_000 };
    const create = async (title: string) => {
      const res = await api("/api/movies", { method: "POST", token: admin(), json: { ...base, title } });
      expect(res.status).toBe(201);
      return res.body.data.id as number;
    };
    // Two movies with the same features: each is the other's nearest neighbour.
    const seed = await create("Qorvath Seed Film");
    const twin = await create("Qorvath Twin Film");
    type Summary = { id: number; title: string };
    const get = async (path: string, init?: RequestInit) => {
      const res = await fetch(`${replica.url}${path}`, init);
      return { status: res.status, body: res.status === 200 ? await res.json() : undefined };
    };
    const post = (path: string, json: unknown) => get(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(json) });
    /** What each hot route of the other replica shows for the twin: its title, or undefined when absent. */
    const views: Record<string, () => Promise<string | undefined>> = {
      similar: async () => (await get(`/api/movies/${seed}/similar?limit=10`)).body?.data.find((m: Summary) => m.id === twin)?.title,
      "recommend GET": async () => (await get(`/api/recommend?title=${encodeURIComponent("Qorvath Seed Film")}&limit=10`)).body?.data.find((m: Summary) => m.id === twin)?.title,
      "recommend POST": async () => (await post("/api/recommend", { like: [seed], limit: 10 })).body?.data.find((m: Summary) => m.id === twin)?.title,
      search: async () => (await get("/api/search?q=qorvath")).body?.data.find((m: Summary) => m.id === twin)?.title,
      "catalog first page": async () => (await get("/api/movies?limit=20")).body?.data.find((m: Summary) => m.id === twin)?.title,
    };
    /** Waits until every route shows `expected`, then checks none goes back: the time it took, per route. */
    const allShow = async (expected: string | undefined) => {
      const took: Record<string, number> = {};
      await Promise.all(Object.entries(views).map(async ([name, view]) => (took[name] = await untilTrue(async () => (await view()) === expected, 5000))));
      for (const [name, view] of Object.entries(views)) expect({ name, shown: await view() }).toEqual({ name, shown: expected });
      return took;
    };

    await allShow("Qorvath Twin Film");
    expect((await api(`/api/movies/${twin}`, { method: "PATCH", token: admin(), json: { title: "Qorvath Twin Renamed" } })).status).toBe(200);
    const edited = await allShow("Qorvath Twin Renamed");
    expect(Math.max(...Object.values(edited))).toBeLessThan(5000);

    expect((await api(`/api/movies/${twin}`, { method: "DELETE", token: admin() })).status).toBe(204);
    const deleted = await allShow(undefined);
    expect(Math.max(...Object.values(deleted))).toBeLessThan(5000);
    expect((await get(`/api/movies/${twin}/similar`)).status).toBe(404);
    expect((await api(`/api/movies/${seed}`, { method: "DELETE", token: admin() })).status).toBe(204);
  });
});
