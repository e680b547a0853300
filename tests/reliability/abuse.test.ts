import { execSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, inject, it } from "vitest";
import { admin, api } from "../support/http";
import { catalogChecksum } from "../support/mysql";
import { ROOT } from "../support/paths";

const ROUTES = ["/api/movies", "/api/movies/1726", "/api/movies/1726/similar", "/api/search", "/api/recommend"];
const PARAMS = ["limit", "cursor", "q", "genre", "year", "lang", "yearFrom", "yearTo", "minVotes", "includeAdult", "title", "id", "evil"];
const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom("' OR 1=1 --", "<script>alert(1)</script>", "%00", "NaN", "-0", "1e400", "true", "[]", "{}", "../../etc/passwd", "🎬", "مرحبا"),
);

// Header values are byte strings: a token can only carry Latin-1.
const headerSafe = fc.stringMatching(/^[\x21-\x7e]{1,60}$/);

describe("fuzzed query strings never yield a 500", () => {
  it("random parameters on every read route", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), fc.dictionary(fc.constantFrom(...PARAMS), hostile, { maxKeys: 4 }), async (route, params) => {
        const qs = new URLSearchParams(params).toString();
        const r = await api(`${route}?${qs}`);
        expect(r.status, `${route}?${qs}`).toBeLessThan(500);
        if (r.status >= 400) expect(r.body.error.code).toEqual(expect.any(String));
      }),
      { numRuns: 150, seed: 42 },
    );
  });
});

describe("fuzzed bodies", () => {
  const body = fc.oneof(
    fc.anything(),
    fc.record(
      {
        title: hostile,
        release_date: fc.oneof(hostile, fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))),
        genres: fc.oneof(fc.array(hostile, { maxLength: 3 }), hostile),
        runtime: fc.oneof(fc.integer(), fc.double(), hostile),
        like: fc.array(fc.integer(), { maxLength: 3 }),
      },
      { requiredKeys: [] },
    ),
  );

  it("writes without a valid token change nothing and answer 401", async () => {
    const before = await catalogChecksum(inject("databaseUrl"));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("POST /api/movies", "PUT /api/movies/1726", "PATCH /api/movies/1726", "DELETE /api/movies/1726"), body, fc.option(headerSafe), async (line, json, token) => {
        const [method, path] = line.split(" ");
        const r = await api(path, { method, json, token: token ?? undefined });
        expect([401, 429]).toContain(r.status);
      }),
      { numRuns: 60, seed: 7 },
    );
    expect(await catalogChecksum(inject("databaseUrl"))).toBe(before);
  });

  it("invalid bodies with the token answer 400 and change nothing; recommend never 500s", async () => {
    const before = await catalogChecksum(inject("databaseUrl"));
    await fc.assert(
      fc.asyncProperty(body, async (json) => {
        const created = await api("/api/movies", { method: "POST", json: { ...((typeof json === "object" && json) || {}), evil: 1 }, token: admin() });
        expect(created.status).toBe(400);
        const rec = await api("/api/recommend", { method: "POST", json });
        expect(rec.status).toBeLessThan(500);
      }),
      { numRuns: 60, seed: 9 },
    );
    expect(await catalogChecksum(inject("databaseUrl"))).toBe(before);
  });
});

describe("security", () => {
  it("sends security headers on pages and API", async () => {
    for (const path of ["/", "/api/health"]) {
      const res = await fetch(`${inject("baseUrl")}${path}`);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("frame-ancestors 'none'");
      // Pages load their own scripts and styles; JSON loads nothing.
      expect(csp).toContain(path.startsWith("/api/") ? "default-src 'none'" : "default-src 'self'");
      expect(res.headers.get("x-powered-by")).toBeNull();
    }
  });

  it("stores HTML/JS in movie text and serves it inert", async () => {
    const payload = "<img src=x onerror=alert(1)><script>alert(2)</script>";
    const created = await api("/api/movies", {
      method: "POST",
      token: admin(),
      json: { title: "Inert Film", release_date: "2001-01-01", overview: `Plot ${payload}`, tagline: payload },
    });
    expect(created.status).toBe(201);
    expect(created.body.data.overview).not.toMatch(/<script|<img/);
    const html = await (await fetch(`${inject("baseUrl")}/movies/${created.body.data.id}`)).text();
    expect(html).not.toMatch(/<script>alert|<img src=x/);
    await api(`/api/movies/${created.body.data.id}`, { method: "DELETE", token: admin() });
  });

  it("keeps secrets out of the client bundles", () => {
    const hits = execSync(`grep -rlE "test-admin-token|test-omdb-key|OMDB_API_KEY|ADMIN_TOKEN|DATABASE_URL" .next/static || true`, {
      cwd: ROOT,
      encoding: "utf8",
    }).trim();
    expect(hits).toBe("");
  });
});
