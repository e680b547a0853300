import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { requireAdmin } from "@/lib/api/http";
import { addressFromChain, addressKey, clientAddress } from "@/lib/auth/client-address";
import { readSignedSession, SESSION_TTL_MS, signSession, type SessionFields } from "@/lib/auth/session";
import { bearerToken, tokenMatches } from "@/lib/auth/token";
import { writesDisabledReason } from "@/lib/config";

const TOKEN = "a-test-admin-token-of-32-chars-ok";
const saved = { ADMIN_TOKEN: process.env.ADMIN_TOKEN, SESSION_SECRET: process.env.SESSION_SECRET };
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe("admin token", () => {
  it("matches only the configured token; nothing matches when none is set", () => {
    process.env.ADMIN_TOKEN = TOKEN;
    expect(tokenMatches(TOKEN)).toBe(true);
    expect(tokenMatches(`${TOKEN} `)).toBe(false);
    expect(tokenMatches(TOKEN.toUpperCase())).toBe(false);
    expect(tokenMatches("")).toBe(false);
    delete process.env.ADMIN_TOKEN;
    expect(tokenMatches(TOKEN)).toBe(false);
    expect(tokenMatches("")).toBe(false);
  });

  it("refuses a token shorter than 32 characters, saying so", async () => {
    process.env.ADMIN_TOKEN = "s3cret-but-short";
    expect(tokenMatches("s3cret-but-short")).toBe(false);
    expect(writesDisabledReason()).toMatch(/at least 32 characters/);
    const req = new NextRequest("http://127.0.0.1/api/movies", { method: "POST", headers: { authorization: "Bearer s3cret-but-short" } });
    await expect(requireAdmin(req)).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/ADMIN_TOKEN must be at least 32 characters/) });
    process.env.ADMIN_TOKEN = "x".repeat(31);
    expect(writesDisabledReason()).toMatch(/32/);
    process.env.ADMIN_TOKEN = "x".repeat(32);
    expect(writesDisabledReason()).toBeUndefined();
    process.env.SESSION_SECRET = "too-short";
    expect(writesDisabledReason()).toMatch(/SESSION_SECRET.*32/);
  });

  it("parses bearer headers strictly", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer abc")).toBe("abc");
    expect(bearerToken("Basic abc")).toBeUndefined();
    expect(bearerToken("Bearer a b")).toBeUndefined();
    expect(bearerToken(null)).toBeUndefined();
  });
});

describe("signed admin session cookie", () => {
  const now = 1_750_000_000_000;
  const fields: SessionFields = { id: "AAAAAAAAAAAAAAAAAAAAAA", issuedAt: now, expiresAt: now + SESSION_TTL_MS };

  it("differs per sign-in and holds neither the token nor its digest", () => {
    process.env.ADMIN_TOKEN = TOKEN;
    const a = signSession(fields);
    const b = signSession({ ...fields, id: "BBBBBBBBBBBBBBBBBBBBBB" });
    expect(a).not.toBe(b);
    expect(a).not.toContain(TOKEN);
    expect(readSignedSession(a, now + 1)).toEqual(fields);
  });

  it("rejects tampered, expired, over-long and re-keyed cookies", () => {
    process.env.ADMIN_TOKEN = TOKEN;
    const value = signSession(fields);
    const [id, iat, exp, mac] = value.split(".");
    const flip = (s: string) => (s[0] === "A" ? "B" : "A") + s.slice(1);
    for (const forged of [
      `${flip(id)}.${iat}.${exp}.${mac}`,
      `${id}.${iat}.${Number(exp) + 3_600_000}.${mac}`,
      `${id}.${Number(iat) - 1}.${exp}.${mac}`,
      `${id}.${iat}.${exp}.${flip(mac)}`,
      `${id}.${iat}.${exp}`,
      "",
    ])
      expect(readSignedSession(forged, now + 1), forged).toBeUndefined();
    expect(readSignedSession(value, fields.expiresAt)).toBeUndefined();
    expect(readSignedSession(value, now - 1)).toBeUndefined();
    expect(readSignedSession(signSession({ ...fields, expiresAt: now + SESSION_TTL_MS + 1 }), now + 1)).toBeUndefined();
    process.env.SESSION_SECRET = "another-session-secret-of-32-chars";
    expect(readSignedSession(value, now + 1)).toBeUndefined();
    delete process.env.SESSION_SECRET;
    process.env.ADMIN_TOKEN = `${TOKEN}-rotated`;
    expect(readSignedSession(value, now + 1)).toBeUndefined();
  });
});

describe("client address", () => {
  it("takes the socket peer (last entry) unless proxies are trusted, then the entry they appended", () => {
    expect(addressFromChain("203.0.113.9, 127.0.0.1", 0)).toBe("127.0.0.1");
    expect(addressFromChain("evil, 203.0.113.9, 10.0.0.2", 1)).toBe("203.0.113.9");
    expect(addressFromChain("203.0.113.9, 10.0.0.1, 10.0.0.2", 2)).toBe("203.0.113.9");
    expect(addressFromChain("10.0.0.2", 3)).toBe("10.0.0.2");
    expect(addressFromChain("::ffff:127.0.0.1", 0)).toBe("127.0.0.1");
    expect(addressFromChain("", 0)).toBe("unverified");
  });

  it("ignores X-Forwarded-For on requests the socket hook did not see", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "198.51.100.1" }))).toBe("unverified");
    expect(clientAddress(new Headers({ "x-forwarded-for": "198.51.100.2", "x-peer-proof": "guess" }))).toBe("unverified");
  });

  it("keys IPv6 clients by /64 and IPv4 by address", () => {
    expect(addressKey("2001:db8:1:2:aaaa::1")).toBe(addressKey("2001:db8:1:2:bbbb::2"));
    expect(addressKey("2001:db8:1:2:aaaa::1")).not.toBe(addressKey("2001:db8:1:3::1"));
    expect(addressKey("203.0.113.9")).toBe("203.0.113.9");
  });
});
