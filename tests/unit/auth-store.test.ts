import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RateLimitedError, takeRead, takeWrite } from "@/lib/auth/rate-limit";
import { createSession, endSession, SESSION_TTL_MS, sessionIsValid } from "@/lib/auth/session";
import { adminTokenAccepted } from "@/lib/auth/token";
import { createTestDatabase } from "../support/db";

/** Sessions and the shared limiters against a real, per-run MariaDB database. */
const TOKEN = "a-test-admin-token-of-32-chars-ok";
type Globals = { __rateLimiters?: unknown; __moviesPool?: { end(): Promise<void> }; __moviesDb?: unknown };
const g = globalThis as Globals;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
const env = { ...process.env };

/** A fresh set of limiter objects, as another replica (another process) would have. */
const asAnotherReplica = () => (g.__rateLimiters = undefined);

beforeAll(async () => {
  db = await createTestDatabase("auth");
  Object.assign(process.env, { DATABASE_URL: db.url, ADMIN_TOKEN: TOKEN, SIGN_IN_ATTEMPTS: "3", WRITE_RATE_PER_SEC: "2", READ_RATE_PER_SEC: "2" });
});
afterAll(async () => {
  await g.__moviesPool?.end();
  g.__moviesPool = g.__moviesDb = g.__rateLimiters = undefined;
  process.env = env;
  await db.drop();
});
beforeEach(asAnotherReplica);

describe("admin sessions", () => {
  it("are valid until sign-out; a replayed cookie is refused after it", async () => {
    const a = await createSession();
    const b = await createSession();
    expect(a.value).not.toBe(b.value);
    expect(await sessionIsValid(a.value)).toBe(true);
    await endSession(a.value);
    expect(await sessionIsValid(a.value)).toBe(false);
    expect(await sessionIsValid(b.value)).toBe(true);
  });

  it("expire on the server after the TTL", async () => {
    const now = Date.now();
    const s = await createSession(now);
    expect(await sessionIsValid(s.value, now + SESSION_TTL_MS - 1)).toBe(true);
    expect(await sessionIsValid(s.value, now + SESSION_TTL_MS)).toBe(false);
  });

  it("end when the admin token is rotated", async () => {
    const s = await createSession();
    process.env.ADMIN_TOKEN = `${TOKEN}-rotated`;
    try {
      expect(await sessionIsValid(s.value)).toBe(false);
    } finally {
      process.env.ADMIN_TOKEN = TOKEN;
    }
  });
});

describe("sign-in throttle (MySQL, shared by replicas)", () => {
  it("refuses even the right token once an address used up its failures, on another replica too", async () => {
    const address = "198.51.100.20";
    for (let i = 0; i < 3; i++) expect(await adminTokenAccepted(`guess-${i}`, address)).toBe(false);
    await expect(adminTokenAccepted(TOKEN, address)).rejects.toBeInstanceOf(RateLimitedError);
    asAnotherReplica();
    const refused = await adminTokenAccepted(TOKEN, address).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).retryAfterSec).toBeGreaterThan(60);
    // Another address is unaffected, and a right token costs no attempt.
    for (let i = 0; i < 5; i++) expect(await adminTokenAccepted(TOKEN, "198.51.100.21")).toBe(true);
  });
});

describe("write and read limits", () => {
  it("writes: the budget is shared by replicas", async () => {
    const address = "198.51.100.30";
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      if (i % 2) asAnotherReplica();
      outcomes.push(await takeWrite(address).then(() => "ok", (e: unknown) => (e instanceof RateLimitedError ? "429" : String(e))));
    }
    // 2 a second across both "replicas": 6 quick writes cannot all pass.
    expect(outcomes).toContain("429");
    expect(outcomes.filter((o) => o === "ok").length).toBeLessThanOrEqual(4);
  });

  it("reads: over the per-second budget gives a RateLimitedError with Retry-After", async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => takeRead("198.51.100.40").then(() => 0, (e: unknown) => e)));
    const refused = results.filter((r) => r instanceof RateLimitedError) as RateLimitedError[];
    expect(refused.length).toBe(3);
    expect(refused[0].retryAfterSec).toBe(1);
  });
});
