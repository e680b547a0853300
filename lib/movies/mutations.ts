import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { apiIdCounter, movieGenres, movies, publishGate } from "@/db/schema";
import { fieldIssues, InvalidInputError, NotFoundError } from "@/lib/errors";
import { forgetPoster } from "@/lib/posters/resolve";
import { publishMovieChange } from "./changes";
import { API_ID_MIN } from "./ids";
import { oversizedFields } from "./limits";
import { LIST_SEPARATOR, rowToMovie } from "./row";
import { movieInputSchema, type MovieInput, type MoviePatch } from "./schema";
import { cleanListItem, cleanText, cleanTitle, distinctItems } from "./text";
import type { Movie } from "./types";

type Tx = Parameters<Parameters<ReturnType<typeof getDb>["transaction"]>[0]>[0];

/** Applies the catalog's text rules to API input, so an edited movie is stored like a loaded one. */
export function normalizeInput(input: MovieInput): Omit<Movie, "id"> {
  const title = cleanTitle(input.title);
  if (!title) throw new InvalidInputError([{ path: "title", message: "title has no usable characters" }]);
  const cleanList = (items: string[]) => distinctItems(items.map(cleanListItem));
  const movie = {
    ...input,
    title,
    original_title: cleanTitle(input.original_title ?? "") || title,
    overview: cleanText(input.overview),
    tagline: cleanText(input.tagline),
    release_year: Number(input.release_date.slice(0, 4)),
    genres: cleanList(input.genres),
    production_companies: cleanList(input.production_companies),
    production_countries: cleanList(input.production_countries),
    spoken_languages: cleanList(input.spoken_languages),
    keywords: cleanList(input.keywords),
  };
  // The schema bounds the input; cleaning (NFKC) can still lengthen it.
  const oversized = oversizedFields(movie);
  if (oversized.length)
    throw new InvalidInputError(oversized.map((path) => ({ path, message: "too long for the catalog once normalised" })));
  return movie;
}

function toColumns(m: Omit<Movie, "id">) {
  return {
    ...m,
    genres: m.genres.join(LIST_SEPARATOR),
    production_companies: m.production_companies.join(LIST_SEPARATOR),
    production_countries: m.production_countries.join(LIST_SEPARATOR),
    spoken_languages: m.spoken_languages.join(LIST_SEPARATOR),
    keywords: m.keywords.join(LIST_SEPARATOR),
    origin: "api" as const,
  };
}

/**
 * A row's versions must be strictly ordered: a refresh copies API rows by "newer updated_at wins",
 * and two writes in the same millisecond would otherwise tie.
 */
const NEXT_VERSION = sql`GREATEST(CURRENT_TIMESTAMP(3), ${movies.updated_at} + INTERVAL 1000 MICROSECOND)`;

async function replaceGenres(tx: Tx, id: number, genres: string[], fresh = false): Promise<void> {
  // A fresh id has no genre rows: skipping the DELETE avoids its gap locks under concurrent creates.
  if (!fresh) await tx.delete(movieGenres).where(eq(movieGenres.movie_id, id));
  // IGNORE: a pair the collation equates that collationKey does not still stores one row, not a 500.
  if (genres.length) await tx.insert(movieGenres).ignore().values(genres.map((genre) => ({ movie_id: id, genre })));
}

async function readBack(tx: Tx, id: number): Promise<Movie> {
  const [row] = await tx.select().from(movies).where(eq(movies.id, id)).limit(1);
  return rowToMovie(row);
}

const RETRYABLE = new Set(["ER_LOCK_DEADLOCK", "ER_LOCK_WAIT_TIMEOUT"]);

/**
 * Runs a write transaction, retrying the ones InnoDB chose as deadlock victims. Each first takes a
 * shared lock on the publish gate: a refresh swapping the catalog tables holds it exclusively, so a
 * write lands wholly before the swap (and is copied into the new tables) or wholly after it.
 */
async function writeTx<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await getDb().transaction(async (tx) => {
        await tx.execute(sql`SELECT id FROM ${publishGate} WHERE id = 1 LOCK IN SHARE MODE`);
        return work(tx);
      });
    } catch (err) {
      const code = (err as { code?: string; cause?: { code?: string } }).code ?? (err as { cause?: { code?: string } }).cause?.code;
      if (attempt >= 4 || !code || !RETRYABLE.has(code)) throw err;
      await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
    }
  }
}

/** Makes a stored change visible to search and recommendations in this process at once. */
function publishLocally(movie: Movie | { deletedId: number }): void {
  forgetPoster("deletedId" in movie ? movie.deletedId : movie.id);
  publishMovieChange("deletedId" in movie ? { kind: "delete", id: movie.deletedId } : { kind: "upsert", movie });
}

/**
 * The next id of the API's own range (see ids.ts), from a one-row counter that a refresh never
 * renames; the row lock serialises creates until commit, so a rolled-back create leaves no gap.
 * The first call on a database without the row seeds it.
 */
async function allocateApiId(tx: Tx): Promise<number> {
  await tx.execute(
    sql`INSERT INTO ${apiIdCounter} (id, last_id) VALUES (1, LAST_INSERT_ID(${API_ID_MIN}))
        ON DUPLICATE KEY UPDATE last_id = LAST_INSERT_ID(last_id + 1)`,
  );
  const [rows] = (await tx.execute(sql`SELECT LAST_INSERT_ID() AS id`)) as unknown as [{ id: number | string }[]];
  return Number(rows[0].id);
}

export async function createMovie(input: MovieInput): Promise<Movie> {
  const values = normalizeInput(input);
  const movie = await writeTx(async (tx) => {
    const id = await allocateApiId(tx);
    await tx.insert(movies).values({ ...toColumns(values), id, created_at: sql`CURRENT_TIMESTAMP(3)`, updated_at: sql`CURRENT_TIMESTAMP(3)` });
    await replaceGenres(tx, id, values.genres, true);
    return readBack(tx, id);
  });
  publishLocally(movie);
  return movie;
}

async function lockLive(tx: Tx, id: number) {
  const [row] = await tx
    .select()
    .from(movies)
    .where(and(eq(movies.id, id), isNull(movies.deleted_at)))
    .for("update");
  if (!row) throw new NotFoundError(`movie ${id}`);
  return row;
}

export async function replaceMovie(id: number, input: MovieInput): Promise<Movie> {
  const values = normalizeInput(input);
  const movie = await writeTx(async (tx) => {
    await lockLive(tx, id);
    await tx.update(movies).set({ ...toColumns(values), updated_at: NEXT_VERSION }).where(eq(movies.id, id));
    await replaceGenres(tx, id, values.genres);
    return readBack(tx, id);
  });
  publishLocally(movie);
  return movie;
}

/** PATCH: the stored movie merged with the given fields, validated as a whole, then saved. */
export async function patchMovie(id: number, patch: MoviePatch): Promise<Movie> {
  const movie = await writeTx(async (tx) => {
    const current = rowToMovie(await lockLive(tx, id));
    const { id: _id, release_year: _year, ...stored } = current;
    const merged = movieInputSchema.safeParse({ ...stored, ...patch });
    if (!merged.success) throw new InvalidInputError(fieldIssues(merged.error));
    const values = normalizeInput(merged.data);
    await tx.update(movies).set({ ...toColumns(values), updated_at: NEXT_VERSION }).where(eq(movies.id, id));
    if (patch.genres) await replaceGenres(tx, id, values.genres);
    return readBack(tx, id);
  });
  publishLocally(movie);
  return movie;
}

/** Soft delete: the row stays (and survives refreshes) so every replica learns it is gone. */
export async function deleteMovie(id: number): Promise<void> {
  const [res] = await writeTx((tx) =>
    tx
      .update(movies)
      .set({ deleted_at: sql`CURRENT_TIMESTAMP(3)`, updated_at: NEXT_VERSION, origin: "api" })
      .where(and(eq(movies.id, id), isNull(movies.deleted_at))),
  );
  if (res.affectedRows === 0) throw new NotFoundError(`movie ${id}`);
  publishLocally({ deletedId: id });
}
