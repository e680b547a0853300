import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { fakeOmdbEnv, FAKE_POSTER_HOST, HANG_MS, SCRIPTED, startFakeOmdb, type FakeOmdb } from "../support/fake-omdb";
import { startApp, type AppServer } from "../support/server";

/**
 * The poster route against a misbehaving OMDB: a replica of its own (the shared MySQL and
 * artifacts) with its own fake OMDB, a 1 s failure TTL and a small OMDB lookup budget.
 */
const BUDGET_PER_MINUTE = 30;
const TMDB = "https://image.tmdb.org/t/p/w342";
let app: AppServer;
let omdb: FakeOmdb;
const created: number[] = [];

beforeAll(async () => {
  omdb = await startFakeOmdb();
  app = await startApp({
    ...process.env,
    DATABASE_URL: inject("databaseUrl"),
    ARTIFACTS_DIR: inject("artifactsDir"),
    ADMIN_TOKEN: inject("adminToken"),
    LOG_LEVEL: "warn",
    ...fakeOmdbEnv(omdb),
    POSTER_RETRY_MS: "1000",
    OMDB_LOOKUPS_PER_MINUTE: String(BUDGET_PER_MINUTE),
  });
});
afterAll(async () => {
  for (const id of created) await call(`/api/movies/${id}`, { method: "DELETE" }).catch(() => {});
  app?.stop();
  omdb?.close();
});

function call(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${inject("adminToken")}`);
  if (init.json !== undefined) headers.set("content-type", "application/json");
  return fetch(`${app.url}${path}`, { ...init, headers, body: init.json === undefined ? init.body : JSON.stringify(init.json), redirect: "manual" });
}

async function createMovie(imdb_id: string | null, poster_path = "/fallback.jpg"): Promise<number> {
  const res = await call("/api/movies", {
    method: "POST",
    json: { title: `Poster Probe ${imdb_id}`, release_date: "2001-01-01", genres: ["Drama"], imdb_id, poster_path },
  });
  expect(res.status).toBe(201);
  const id = (await res.json()).data.id as number;
  created.push(id);
  return id;
}

async function posterOf(id: number): Promise<string | null> {
  const res = await call(`/api/movies/${id}/poster`);
  expect(res.status).toBe(302);
  return res.headers.get("location");
}

describe("poster redirects", { timeout: 120_000 }, () => {
  it("follow only https URLs on allowed image hosts; anything else falls back to the TMDB image", async () => {
    for (const imdb of [SCRIPTED.plainHttp, SCRIPTED.javascriptUrl, SCRIPTED.otherHost, SCRIPTED.userinfoTrick, SCRIPTED.tooLongUrl]) {
      const id = await createMovie(imdb);
      expect(await posterOf(id), imdb).toBe(`${TMDB}/fallback.jpg`);
      expect(omdb.calls(imdb), imdb).toBe(1);
    }
    const good = await createMovie("tt9900100");
    expect(await posterOf(good)).toBe(`https://${FAKE_POSTER_HOST}/tt9900100.jpg`);
  });

  it("do not read an oversized OMDB answer, and treat it (and a 500) as a failure", async () => {
    const huge = await createMovie(SCRIPTED.hugeBody);
    expect(await posterOf(huge)).toBe(`${TMDB}/fallback.jpg`);
    const broken = await createMovie(SCRIPTED.serverError);
    expect(await posterOf(broken)).toBe(`${TMDB}/fallback.jpg`);
    // failures are retried after the short failure TTL, not cached as "no poster"
    const askedAgain = async () => {
      await posterOf(broken);
      return omdb.calls(SCRIPTED.serverError);
    };
    await expect.poll(askedAgain, { timeout: 30_000, interval: 300 }).toBeGreaterThanOrEqual(2);
  });

  it("serve the fallback on an OMDB timeout and ask OMDB again after the short failure TTL", async () => {
    const id = await createMovie(SCRIPTED.firstCallHangs);
    expect(await posterOf(id)).toBe(`${TMDB}/fallback.jpg`);
    expect(omdb.calls(SCRIPTED.firstCallHangs)).toBe(1);
    // The old code kept the fallback for 24 h; now OMDB is asked again and its poster shows.
    await expect
      .poll(() => posterOf(id), { timeout: 30_000 + HANG_MS, interval: 300 })
      .toBe(`https://${FAKE_POSTER_HOST}/${SCRIPTED.firstCallHangs}.jpg`);
    expect(omdb.calls(SCRIPTED.firstCallHangs)).toBe(2);
  });

  it("coalesce concurrent requests for one movie into one OMDB call", async () => {
    const id = await createMovie(SCRIPTED.slowAnswer);
    const locations = await Promise.all(Array.from({ length: 25 }, () => posterOf(id)));
    expect(new Set(locations)).toEqual(new Set([`https://${FAKE_POSTER_HOST}/${SCRIPTED.slowAnswer}.jpg`]));
    expect(omdb.calls(SCRIPTED.slowAnswer)).toBe(1);
  });

  it("reflect an edit at once and send a deleted movie to the placeholder", async () => {
    const id = await createMovie("tt9900200");
    expect(await posterOf(id)).toBe(`https://${FAKE_POSTER_HOST}/tt9900200.jpg`);
    expect((await call(`/api/movies/${id}`, { method: "PATCH", json: { imdb_id: "tt9900202" } })).status).toBe(200);
    expect(await posterOf(id)).toBe(`https://${FAKE_POSTER_HOST}/tt9900202.jpg`);
    expect((await call(`/api/movies/${id}`, { method: "PATCH", json: { imdb_id: null, poster_path: "/edited.jpg" } })).status).toBe(200);
    expect(await posterOf(id)).toBe(`${TMDB}/edited.jpg`);
    expect((await call(`/api/movies/${id}`, { method: "DELETE" })).status).toBe(204);
    expect(await posterOf(id)).toBe("/no-poster.svg");
  });

  it("spend at most the OMDB lookup budget when a client walks every movie's poster", async () => {
    const started = Date.now();
    const before = omdb.total();
    // One year's catalog movies: most of their posters have not been looked up by this replica.
    const page = await (await call("/api/movies?limit=100&year=1999")).json();
    const ids: number[] = page.data.map((m: { id: number }) => m.id);
    expect(ids.length).toBeGreaterThan(40);
    for (const id of ids) expect(await posterOf(id)).toMatch(/^(https:\/\/(posters\.example|image\.tmdb\.org)\/|\/no-poster\.svg$)/);
    // Half of these have a poster at the fake OMDB: an unbounded walk asks it about every one of them.
    const refilled = Math.ceil(((Date.now() - started) / 60_000) * BUDGET_PER_MINUTE) + 1;
    expect(omdb.total()).toBeLessThanOrEqual(BUDGET_PER_MINUTE + refilled);
    expect(omdb.total() - before).toBeLessThan(ids.length);
  });
});
