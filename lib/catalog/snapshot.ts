import fs from "node:fs";
import type { Movie } from "@/lib/movies/types";
import { Catalog, type CatalogRow, type CatalogState } from "./catalog";
import { decodeTree, encodeTree } from "./snapshot-format";
import { catalogRowOf } from "./sync";

/**
 * The catalog snapshot a build publishes beside its index: the in-memory catalog of the build's
 * rows as loaded (filter facts, sorted views, cards, title index), saved as typed arrays and packed
 * strings, so a server starts from it by reading one file instead of streaming and indexing a
 * million rows from MySQL. API rows are not in it: they are applied on top, as on a MySQL load.
 */
export const CATALOG_SNAPSHOT_FILE = "catalog.snap";
/** Bump when the saved state changes shape: a snapshot of another format is refused (MySQL is read instead). */
const FORMAT = 1;
const READ_CHUNK = 16 << 20;

interface SnapshotTree {
  format: number;
  buildId: string;
  stamp: string;
  movies: number;
  catalog: CatalogState;
}

interface CatalogSnapshot {
  catalog: Catalog;
  /** The build that wrote it. */
  buildId: string;
  /** The `updated_at` of the rows it holds, as MySQL has them (see writeCatalogSnapshot). */
  stamp: string;
}

/**
 * Writes the catalog snapshot of a build to `file`. `rows`: the catalog rows the build publishes
 * (origin 'catalog'; API rows are left out), in any order: they are loaded in id order, as a MySQL
 * load reads them, so both give the same catalog. `stamp`: the newest `updated_at` those rows carry
 * in MySQL; a server uses the snapshot only while the newest catalog row in MySQL has that stamp,
 * so a refresh that changes catalog rows must give them a newer one. Every refresh path (full,
 * incremental, index rebuild) calls this with its final rows.
 */
export async function writeCatalogSnapshot(
  file: string,
  rows: AsyncIterable<Movie> | Iterable<Movie>,
  info: { buildId: string; stamp: string },
): Promise<{ movies: number; bytes: number }> {
  const buffered: (CatalogRow | undefined)[] = [];
  for await (const movie of rows) buffered.push(catalogRowOf(movie));
  buffered.sort((a, b) => a!.id - b!.id);
  const catalog = new Catalog(buffered.length);
  for (let i = 0; i < buffered.length; i++) {
    catalog.load(buffered[i]!);
    buffered[i] = undefined; // the catalog holds what it needs: let the row go
  }
  catalog.finishLoad();
  return saveCatalog(file, catalog, info);
}

/**
 * An incremental refresh's snapshot: the live build's (`liveFile`), with the removed movies taken
 * out and the changed and added ones put in, then the catalog-wide parts rebuilt (rating mean,
 * sorted views, title index) as a full load builds them. It holds the same movies and answers as
 * one written from the final rows; only their slots differ (new movies last, removed ones left as
 * deleted slots until the next full build). `info` as for writeCatalogSnapshot.
 */
export async function patchCatalogSnapshot(
  liveFile: string,
  file: string,
  changes: { upserts: Iterable<Movie>; removed: Iterable<number> },
  info: { buildId: string; stamp: string },
): Promise<{ movies: number; bytes: number }> {
  const { catalog } = await readCatalogSnapshot(liveFile);
  // Keeping the sorted views in order costs ~0.3 ms a change at 1M; rebuilt once instead.
  catalog.facts.reopen();
  for (const id of changes.removed) catalog.remove(id);
  for (const movie of changes.upserts) catalog.upsert(catalogRowOf(movie));
  catalog.finishLoad();
  return saveCatalog(file, catalog, info);
}

async function saveCatalog(file: string, catalog: Catalog, info: { buildId: string; stamp: string }): Promise<{ movies: number; bytes: number }> {
  const tree: SnapshotTree = { format: FORMAT, ...info, movies: catalog.size, catalog: catalog.state() };
  const chunks = encodeTree(tree);
  const fh = await fs.promises.open(file, "w");
  let bytes = 0;
  try {
    for (const chunk of chunks)
      for (let done = 0; done < chunk.byteLength; ) {
        const { bytesWritten } = await fh.write(chunk, done, chunk.byteLength - done);
        done += bytesWritten;
        bytes += bytesWritten;
      }
  } finally {
    await fh.close();
  }
  return { movies: catalog.size, bytes };
}

/** Reads a whole file into one buffer of its own (the catalog's arrays become views onto it). */
async function readWhole(file: string): Promise<ArrayBuffer> {
  const fh = await fs.promises.open(file, "r");
  try {
    const { size } = await fh.stat();
    const buffer = new ArrayBuffer(size);
    for (let at = 0; at < size; ) {
      const { bytesRead } = await fh.read(new Uint8Array(buffer, at, Math.min(READ_CHUNK, size - at)), 0, Math.min(READ_CHUNK, size - at), at);
      if (bytesRead === 0) throw new RangeError("snapshot file ended early");
      at += bytesRead;
    }
    return buffer;
  } finally {
    await fh.close();
  }
}

/**
 * The catalog saved in `file`, with the build and stamp it was saved for (the caller checks them).
 * Throws on a file of another format or one whose parts do not fit together; a file altered
 * within its structure is for the caller's checksum to refuse.
 */
export async function readCatalogSnapshot(file: string): Promise<CatalogSnapshot> {
  const tree = decodeTree(await readWhole(file)) as Partial<SnapshotTree>;
  if (tree.format !== FORMAT) throw new RangeError(`snapshot format ${String(tree.format)}, this server reads format ${FORMAT}`);
  if (!tree.catalog) throw new RangeError("snapshot holds no catalog");
  const catalog = new Catalog(0, tree.catalog);
  if (catalog.size !== tree.movies) throw new RangeError(`snapshot holds ${catalog.size} movies, its header says ${tree.movies}`);
  return { catalog, buildId: String(tree.buildId), stamp: String(tree.stamp) };
}
