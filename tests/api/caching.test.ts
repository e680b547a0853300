import { describe, expect, it } from "vitest";
import { admin, api } from "../support/http";
import { hasRealData, MISSING_DATA } from "../support/paths";

const real = describe.skipIf(!hasRealData);
if (!hasRealData) console.warn(MISSING_DATA);

real("HTTP caching of anonymous reads", () => {
  const reads = ["/api/movies/1726/similar?limit=5", "/api/search?q=iron", "/api/movies?limit=5", "/api/movies/1726"];

  it("answers a read with a weak ETag and a short public Cache-Control, and a matching If-None-Match with 304", async () => {
    for (const path of reads) {
      const first = await api(path);
      expect(first.status, path).toBe(200);
      const etag = first.headers.get("etag");
      expect(etag, path).toMatch(/^W\/".+"$/);
      expect(first.headers.get("cache-control"), path).toBe("public, max-age=2, stale-while-revalidate=3");
      const again = await api(path, { headers: { "if-none-match": etag! } });
      expect(again.status, path).toBe(304);
      expect(again.body, path).toBeNull();
      const other = await api(path, { headers: { "if-none-match": 'W/"something-else"' } });
      expect(other.status, path).toBe(200);
    }
  });

  it("changes the ETag when a write changes what reads see, and never caches writes", async () => {
    const before = (await api(reads[0])).headers.get("etag")!;
    const created = await api("/api/movies", {
      method: "POST",
      token: admin(),
      json: { title: "Caching Probe", release_date: "2001-01-01", genres: ["Drama"] },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control") ?? "").not.toMatch(/public/);
    const after = await api(reads[0], { headers: { "if-none-match": before } });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(before);
    const del = await api(`/api/movies/${created.body.data.id}`, { method: "DELETE", token: admin() });
    expect(del.status).toBe(204);
  });
});
