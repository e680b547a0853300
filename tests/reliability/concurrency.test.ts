import { describe, expect, inject, it } from "vitest";
import { admin, api } from "../support/http";
import { queryRows } from "../support/mysql";

/**
 * 200 concurrent writes mixed with reads. Afterwards MySQL and what the server serves agree: every
 * surviving movie is found by its final title and is recommendable; every deleted one is gone.
 */
describe("writes under concurrency", () => {
  it("200 mixed POST/PATCH/DELETE with reads: no 500s, index and MySQL agree", async () => {
    const base = { release_date: "2011-05-05", genres: ["Drama", "Music"], keywords: ["band", "tour"], original_language: "en" };
    const created = await Promise.all(
      Array.from({ length: 40 }, (_, i) => api("/api/movies", { method: "POST", token: admin(), json: { ...base, title: `Storm Film ${i}` } })),
    );
    expect(created.filter((r) => r.status !== 201).map((r) => r.body)).toEqual([]);
    const ids: number[] = created.map((r) => r.body.data.id);

    const ops: Promise<{ status: number }>[] = [];
    for (let i = 0; i < 200; i++) {
      const id = ids[i % ids.length];
      const kind = i % 5;
      if (kind === 0) ops.push(api(`/api/movies/${id}`, { method: "PATCH", token: admin(), json: { title: `Storm Film ${i % ids.length} v${i}` } }));
      else if (kind === 1) ops.push(api(`/api/movies/${id}`, { method: "PATCH", token: admin(), json: { runtime: i } }));
      else if (kind === 2 && i % 4 === 0) ops.push(api(`/api/movies/${id}`, { method: "DELETE", token: admin() }));
      else if (kind === 3) ops.push(api(`/api/movies/${id}/similar?limit=5`));
      else ops.push(api(`/api/search?q=storm%20film`));
    }
    const results = await Promise.all(ops);
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.every((s) => [200, 204, 404].includes(s))).toBe(true);

    const rows = await queryRows(
      inject("databaseUrl"),
      `SELECT id, title, deleted_at IS NOT NULL AS deleted FROM movies WHERE id IN (${ids.join(",")})`,
    );
    expect(rows).toHaveLength(ids.length);
    const deleted = rows.filter((r) => r.deleted);
    expect(deleted.length).toBeGreaterThan(0);
    for (const row of rows) {
      const similar = await api(`/api/movies/${row.id}/similar?limit=3`);
      const search = await api(`/api/search?q=${encodeURIComponent(row.title)}&limit=50`);
      const found = search.body.data.map((m: any) => m.id);
      if (row.deleted) {
        expect(similar.status).toBe(404);
        expect(found).not.toContain(row.id);
      } else {
        expect(similar.status).toBe(200);
        expect(similar.body.data).toHaveLength(3);
        expect(found).toContain(row.id);
      }
    }
    const toy = await api("/api/movies/1726/similar?limit=50&genre=Music");
    for (const m of toy.body.data) expect(deleted.map((d) => d.id)).not.toContain(m.id);
    for (const row of rows.filter((r) => !r.deleted)) await api(`/api/movies/${row.id}`, { method: "DELETE", token: admin() });
  });
});
