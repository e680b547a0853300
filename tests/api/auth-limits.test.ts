import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { queryRows } from "../support/mysql";
import { startApp, type AppServer } from "../support/server";

/**
 * The limits at their defaults, on built servers of this file's own (the shared test server runs
 * with roomy ones): two replicas on the test database, and one behind a (pretend) proxy
 * (TRUST_PROXY=1) with a short ADMIN_TOKEN and a tiny read budget. Every request's socket peer is 127.0.0.1.
 */
const TOKEN = inject("adminToken");
const MISSING = "/api/movies/999999999"; // a DELETE here changes nothing: 404 once authorised
let replicaA: AppServer;
let replicaB: AppServer;
let shortToken: AppServer;

const clearLimits = () => queryRows(inject("databaseUrl"), "DELETE FROM rate_limits");

beforeAll(async () => {
  const env = { ...process.env, DATABASE_URL: inject("databaseUrl"), ARTIFACTS_DIR: inject("artifactsDir"), ADMIN_TOKEN: TOKEN, LOG_LEVEL: "warn" };
  // Earlier suites' wrong tokens from 127.0.0.1 are counted in the shared table too.
  await clearLimits();
  [replicaA, replicaB, shortToken] = await Promise.all([
    startApp({ ...env, READ_RATE_PER_SEC: "1000" }),
    startApp({ ...env, READ_RATE_PER_SEC: "1000" }),
    startApp({ ...env, ADMIN_TOKEN: "short-but-set", READ_RATE_PER_SEC: "2", TRUST_PROXY: "1" }),
  ]);
});
afterAll(async () => {
  for (const s of [replicaA, replicaB, shortToken]) s?.stop();
  await clearLimits();
});

async function call(server: AppServer, path: string, init: { method?: string; token?: string; forwardedFor?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.forwardedFor) headers["x-forwarded-for"] = init.forwardedFor;
  const res = await fetch(`${server.url}${path}`, { method: init.method ?? "GET", headers });
  const body = await res.json().catch(() => null);
  return { status: res.status, body, retryAfter: res.headers.get("retry-after") };
}

describe("sign-in throttle", () => {
  it("counts wrong tokens per socket address: a rotated X-Forwarded-For does not reset it", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await call(replicaA, MISSING, { method: "DELETE", token: `guess-${i}`, forwardedFor: `203.0.113.${i}` })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
    // keyed by the socket peer that the server itself saw
    const keys = (await queryRows(inject("databaseUrl"), "SELECT `key` FROM rate_limits")).map((r) => r.key);
    expect(keys).toEqual(["signin:127.0.0.1"]);
  });

  it("is consulted before the token: the right token is refused too, with Retry-After", async () => {
    const right = await call(replicaA, MISSING, { method: "DELETE", token: TOKEN, forwardedFor: "198.51.100.77" });
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe("rate_limited");
    expect(Number(right.retryAfter)).toBeGreaterThan(60);
  });

  it("holds across replicas (counted in MySQL)", async () => {
    expect((await call(replicaB, MISSING, { method: "DELETE", token: TOKEN })).status).toBe(429);
    await clearLimits();
    expect((await call(replicaB, MISSING, { method: "DELETE", token: TOKEN })).status).toBe(404);
  });
});

describe("a short ADMIN_TOKEN", () => {
  it("is refused at startup with a clear message, and writes with it answer 401 naming the rule", async () => {
    expect(shortToken.log()).toMatch(/ADMIN_TOKEN must be at least 32 characters/);
    const r = await call(shortToken, MISSING, { method: "DELETE", token: "short-but-set" });
    expect(r.status).toBe(401);
    expect(r.body.error.message).toMatch(/at least 32 characters/);
  });
});

describe("read limit behind TRUST_PROXY=1", () => {
  it("answers 429 with Retry-After past the budget of the address the proxy appended", async () => {
    const results = [];
    // what the client itself put in front of the proxy's entry is not trusted
    for (let i = 0; i < 20; i++) results.push(await call(shortToken, "/api/movies/1726", { forwardedFor: `10.9.9.${i}, 192.0.2.50` }));
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0].body.error.code).toBe("rate_limited");
    expect(Number(limited[0].retryAfter)).toBeGreaterThanOrEqual(1);
    expect(results.filter((r) => r.status === 200).length).toBeGreaterThan(0);
    // another client behind the same proxy has its own budget
    expect((await call(shortToken, "/api/movies/1726", { forwardedFor: "192.0.2.51" })).status).toBe(200);
  });
});
