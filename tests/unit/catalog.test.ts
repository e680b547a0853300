import { describe, expect, it } from "vitest";
import { Catalog, type CatalogRow } from "@/lib/catalog/catalog";

function row(id: number, popularity: number, over: Partial<CatalogRow> = {}): CatalogRow {
  return {
    id, title: `Film ${id}`, original_title: `Film ${id}`, release_date: "2001-02-03", release_year: 2001, vote_average: 6.5, vote_count: 10,
    popularity, genres: "Drama, Comedy", poster_path: "", original_language: "en", adult: 0, keywords: "", production_companies: "", ...over,
  };
}

/** The first page the SQL would give: live, non-adult, popularity desc then id desc. */
function expected(rows: Map<number, CatalogRow>, limit: number): number[] {
  return [...rows.values()]
    .filter((r) => !r.adult)
    .sort((a, b) => b.popularity - a.popularity || b.id - a.id)
    .slice(0, limit)
    .map((r) => r.id);
}

describe("Catalog", () => {
  it("serves cards with the list columns split", () => {
    const c = new Catalog();
    c.load(row(1, 5, { keywords: "heist, bank", production_companies: "A24" }));
    c.finishLoad();
    expect(c.card(1)).toMatchObject({ id: 1, title: "Film 1", genres: ["Drama", "Comedy"], keywords: ["heist", "bank"], production_companies: ["A24"], adult: false });
    expect(c.card(2)).toBeUndefined();
    expect([...c.cardsOf([1, 2]).keys()]).toEqual([1]);
  });

  it("keeps the first page equal to the SQL order through inserts, edits, deletes and adult flags", () => {
    const c = new Catalog();
    const rows = new Map<number, CatalogRow>();
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let id = 1; id <= 400; id++) {
      const r = row(id, Math.floor(rand() * 50), { adult: rand() < 0.1 ? 1 : 0 });
      rows.set(id, r);
      c.load(r);
    }
    c.finishLoad();
    expect(c.firstPage(100).cards.map((x) => x.id)).toEqual(expected(rows, 100));
    for (let step = 0; step < 600; step++) {
      const id = 1 + Math.floor(rand() * 450);
      if (rand() < 0.25) {
        rows.delete(id);
        c.remove(id);
      } else {
        const r = row(id, Math.floor(rand() * 60), { adult: rand() < 0.1 ? 1 : 0 });
        rows.set(id, r);
        c.upsert(r);
      }
      const page = c.firstPage(100);
      expect(page.cards.map((x) => x.id)).toEqual(expected(rows, 100));
      expect(page.more).toBe(expected(rows, 101).length > 100);
    }
  });
});
