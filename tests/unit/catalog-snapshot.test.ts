import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { browse } from "@/lib/catalog/browse";
import { Catalog } from "@/lib/catalog/catalog";
import { readCatalogSnapshot, writeCatalogSnapshot } from "@/lib/catalog/snapshot";
import { catalogRowOf } from "@/lib/catalog/sync";
import type { Movie } from "@/lib/movies/types";
import { catalogView, movieMaker } from "../support/catalog-view";

/**
 * A build's catalog snapshot against the same rows loaded one by one (what a MySQL load does):
 * the same search results, pages, facets and cards, before and after live writes on top.
 */
const work = fs.mkdtempSync(path.join(os.tmpdir(), "catalog-snapshot-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const { rand, movie } = movieMaker(11);

/** The catalog a MySQL load builds: rows in id order, one by one. */
function loadedOneByOne(movies: readonly Movie[]): Catalog {
  const c = new Catalog();
  for (const m of [...movies].sort((a, b) => a.id - b.id)) c.load(catalogRowOf(m));
  c.finishLoad();
  return c;
}

describe("catalog snapshot", () => {
  it("reads back the catalog a one-by-one load builds, and takes the same writes after", async () => {
    const movies = Array.from({ length: 3000 }, (_, i) => movie(10 + i * 3));
    const direct = loadedOneByOne(movies);
    const file = path.join(work, "catalog.snap");
    // rows in any order (a CSV's): the snapshot loads them by id, as MySQL hands them out
    const shuffled = [...movies].sort(() => rand() - 0.5);
    const written = await writeCatalogSnapshot(file, shuffled, { buildId: "b1", stamp: "2026-12-01 10:00:00.000" });
    expect(written).toEqual({ movies: 3000, bytes: fs.statSync(file).size });
    const snap = await readCatalogSnapshot(file);
    expect(snap).toMatchObject({ buildId: "b1", stamp: "2026-12-01 10:00:00.000" });
    const ids = movies.map((m) => m.id).concat([1, 2_000_000_001]);
    const before = catalogView(direct, ids);
    expect(before.search.flat().length).toBeGreaterThan(100);
    expect(before.cards.filter(Boolean)).toHaveLength(3000);
    expect(catalogView(snap.catalog, ids)).toEqual(before);

    // API writes on top: new movies, edits (title, genres, a new language), deletes
    for (const c of [direct, snap.catalog]) {
      const writes = movieMaker(99);
      for (let i = 0; i < 200; i++) c.upsert(catalogRowOf(writes.movie(2_000_000_001 + i, { genres: i % 7 ? ["Drama"] : ["Brand New Genre"] })));
      for (let i = 0; i < 300; i++) c.upsert(catalogRowOf(writes.movie(writes.pick(movies).id, { original_language: i % 50 ? "en" : "xx" })));
      for (let i = 0; i < 150; i++) c.remove(writes.pick(movies).id);
    }
    const more = ids.concat(Array.from({ length: 200 }, (_, i) => 2_000_000_001 + i));
    const after = catalogView(direct, more);
    expect(after.cards.filter((m) => m?.original_language === "xx").length).toBeGreaterThan(0);
    expect(catalogView(snap.catalog, more)).toEqual(after);
    // the same once the title index folds its delta in
    for (const c of [direct, snap.catalog]) c.titles.build();
    expect(catalogView(snap.catalog, more)).toEqual(catalogView(direct, more));
  });

  it("saves an empty catalog and one with writes since its load", async () => {
    const empty = path.join(work, "empty.snap");
    await writeCatalogSnapshot(empty, [], { buildId: "b0", stamp: "x" });
    const snap = await readCatalogSnapshot(empty);
    expect(snap.catalog.size).toBe(0);
    snap.catalog.upsert(catalogRowOf(movie(5, { title: "Alone" })));
    expect(snap.catalog.searchTitles("alone", 5).map((m) => m.id)).toEqual([5]);
    expect(browse(snap.catalog, { sort: "title", limit: 5, includeAdult: true }).cards.map((m) => m.id)).toEqual([5]);
  });

  it("refuses a file that is not a snapshot, a truncated one and one of another format", async () => {
    const good = path.join(work, "good.snap");
    await writeCatalogSnapshot(good, Array.from({ length: 50 }, (_, i) => movie(i + 1)), { buildId: "b2", stamp: "s" });
    const bytes = fs.readFileSync(good);
    const variant = (name: string, b: Buffer) => {
      const f = path.join(work, name);
      fs.writeFileSync(f, b);
      return f;
    };
    await expect(readCatalogSnapshot(variant("junk.snap", Buffer.from("not a snapshot at all")))).rejects.toThrow(/not a catalog snapshot/);
    await expect(readCatalogSnapshot(variant("short.snap", bytes.subarray(0, bytes.length - 1000)))).rejects.toThrow(/out of bounds/);
    const header = bytes.toString("latin1");
    const other = Buffer.from(header.replace('"format":1', '"format":9'), "latin1");
    await expect(readCatalogSnapshot(variant("format.snap", other))).rejects.toThrow(/format 9/);
    await expect(readCatalogSnapshot(path.join(work, "absent.snap"))).rejects.toThrow(/ENOENT/);
  });
});
