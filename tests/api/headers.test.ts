import { describe, expect, inject, it } from "vitest";

/** Security headers of the built app (`next start`), pages and API alike. */
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${inject("baseUrl")}${path}`, { headers, redirect: "manual" });

function scriptSrc(res: Response): string {
  const csp = res.headers.get("content-security-policy") ?? "";
  return csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src")) ?? "";
}

describe("security headers", () => {
  it("every page gets a fresh nonce, script-src without 'unsafe-inline', and every script tag carries the nonce", async () => {
    const seen = new Set<string>();
    for (const path of ["/", "/docs", "/admin", "/recommend", "/movies/1726", "/no-such-page", "/", "/docs"]) {
      const res = await get(path);
      const src = scriptSrc(res);
      expect(src, path).not.toContain("unsafe-inline");
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(src)?.[1];
      expect(nonce, `${path}: ${src}`).toBeTruthy();
      seen.add(nonce!);
      const scripts = (await res.text()).match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
    }
    // /docs and the 404 page used to be prerendered: the same HTML (and no nonce) for everyone.
    expect(seen.size).toBe(8);
  });

  it("deny powerful browser features with Permissions-Policy, on pages and API", async () => {
    for (const path of ["/", "/api/health"]) {
      const policy = (await get(path)).headers.get("permissions-policy") ?? "";
      for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"]) expect(policy, path).toContain(`${feature}=()`);
    }
  });

  it("send HSTS when the request came over TLS (X-Forwarded-Proto https), not over plain http", async () => {
    for (const path of ["/", "/api/health", "/api/movies/1726/poster"]) {
      expect((await get(path, { "x-forwarded-proto": "https" })).headers.get("strict-transport-security"), path).toMatch(/^max-age=\d{7,}/);
      expect((await get(path)).headers.get("strict-transport-security"), path).toBeNull();
    }
  });

  it("keep the static headers", async () => {
    const res = await get("/api/health");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });
});
