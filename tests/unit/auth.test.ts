import { afterEach, describe, expect, it } from "vitest";
import { RateLimiter } from "@/lib/api/rate-limit";
import { bearerToken, sessionMatches, sessionValue, tokenMatches } from "@/lib/auth/token";
import { decodeCursor, encodeCursor } from "@/lib/movies/queries";

const saved = process.env.ADMIN_TOKEN;
afterEach(() => {
  process.env.ADMIN_TOKEN = saved;
});

describe("admin token", () => {
  it("matches only the configured token; nothing matches when none is set", () => {
    process.env.ADMIN_TOKEN = "s3cret";
    expect(tokenMatches("s3cret")).toBe(true);
    expect(tokenMatches("s3cret ")).toBe(false);
    expect(tokenMatches("S3cret")).toBe(false);
    expect(tokenMatches("")).toBe(false);
    delete process.env.ADMIN_TOKEN;
    expect(tokenMatches("s3cret")).toBe(false);
    expect(tokenMatches("")).toBe(false);
  });

  it("parses bearer headers strictly", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer abc")).toBe("abc");
    expect(bearerToken("Basic abc")).toBeUndefined();
    expect(bearerToken("Bearer a b")).toBeUndefined();
    expect(bearerToken(null)).toBeUndefined();
  });

  it("keeps a digest, not the token, in the session cookie", () => {
    process.env.ADMIN_TOKEN = "s3cret";
    const v = sessionValue("s3cret");
    expect(v).not.toContain("s3cret");
    expect(sessionMatches(v)).toBe(true);
    expect(sessionMatches(sessionValue("other"))).toBe(false);
    process.env.ADMIN_TOKEN = "rotated";
    expect(sessionMatches(v)).toBe(false);
  });
});

describe("rate limiter", () => {
  it("allows a burst of `capacity`, then refills at the given rate, per key", () => {
    const rl = new RateLimiter(3, 1);
    const t = 1_000_000;
    expect([rl.take("a", t), rl.take("a", t), rl.take("a", t), rl.take("a", t)]).toEqual([true, true, true, false]);
    expect(rl.take("b", t)).toBe(true);
    expect(rl.take("a", t + 999)).toBe(false);
    expect(rl.take("a", t + 2000)).toBe(true);
  });
});

describe("catalog cursor", () => {
  it("round-trips and rejects forgeries", () => {
    expect(decodeCursor(encodeCursor({ popularity: 12.5, id: 42 }))).toEqual({ popularity: 12.5, id: 42 });
    expect(decodeCursor(encodeCursor({ popularity: 0, id: 1 }))).toEqual({ popularity: 0, id: 1 });
    for (const bad of ["", "abc", Buffer.from("1:2; DROP TABLE movies").toString("base64url"), Buffer.from("x:1").toString("base64url")])
      expect(() => decodeCursor(bad)).toThrow(/invalid cursor/);
  });
});
