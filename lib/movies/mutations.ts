import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { movieGenres, movies } from "@/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import { movieInputSchema, type MovieInput, type MoviePatch } from "@/lib/api/schemas";
import { forgetPoster } from "@/lib/posters/resolve";
import { publishMovieChange } from "./changes";
import { LIST_SEPARATOR, rowToMovie } from "./row";
import { cleanListItem, cleanText, cleanTitle } from "./text";
import type { Movie } from "./types";

type Tx = Parameters<Parameters<ReturnType<typeof getDb>["transaction"]>[0]>[0];

/** Applies the catalog's text rules to API input, so an edited movie is stored like a loaded one. */
export function normalizeInput(input: MovieInput): Omit<Movie, "id"> {
  const title = cleanTitle(input.title);
  if (!title) throw new ApiError("bad_request", "invalid request", [{ path: "title", message: "title has no usable characters" }]);
  const cleanList = (items: string[]) => [...new Set(items.map(cleanListItem).filter(Boolean))];
  return {
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
    updated_at: sql`CURRENT_TIMESTAMP(3)`,
  };
}

async function replaceGenres(tx: Tx, id: number, genres: string[], fresh = false): Promise<void> {
  // A fresh id has no genre rows: skipping the DELETE avoids its gap locks under concurrent creates.
  if (!fresh) await tx.delete(movieGenres).where(eq(movieGenres.movie_id, id));
  if (genres.length) await tx.insert(movieGenres).values(genres.map((genre) => ({ movie_id: id, genre: genre.slice(0, 64) })));
}

async function readBack(tx: Tx, id: number): Promise<Movie> {
  const [row] = await tx.select().from(movies).where(eq(movies.id, id)).limit(1);
  return rowToMovie(row);
}

const RETRYABLE = new Set(["ER_LOCK_DEADLOCK", "ER_LOCK_WAIT_TIMEOUT"]);

/** Runs a write transaction, retrying the ones InnoDB chose as deadlock victims. */
async function writeTx<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await getDb().transaction(work);
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

export async function createMovie(input: MovieInput): Promise<Movie> {
  const values = normalizeInput(input);
  const movie = await writeTx(async (tx) => {
    const [res] = await tx.insert(movies).values({ ...toColumns(values), created_at: sql`CURRENT_TIMESTAMP(3)` });
    const id = res.insertId;
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
  if (!row) throw notFound(`movie ${id}`);
  return row;
}

export async function replaceMovie(id: number, input: MovieInput): Promise<Movie> {
  const values = normalizeInput(input);
  const movie = await writeTx(async (tx) => {
    await lockLive(tx, id);
    await tx.update(movies).set(toColumns(values)).where(eq(movies.id, id));
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
    if (!merged.success)
      throw new ApiError(
        "bad_request",
        "invalid request",
        merged.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      );
    const values = normalizeInput(merged.data);
    await tx.update(movies).set(toColumns(values)).where(eq(movies.id, id));
    if (patch.genres) await replaceGenres(tx, id, values.genres);
    return readBack(tx, id);
  });
  publishLocally(movie);
  return movie;
}

/** Soft delete: the row stays (and survives refreshes) so every replica learns it is gone. */
export async function deleteMovie(id: number): Promise<void> {
  const [res] = await getDb()
    .update(movies)
    .set({ deleted_at: sql`CURRENT_TIMESTAMP(3)`, updated_at: sql`CURRENT_TIMESTAMP(3)`, origin: "api" })
    .where(and(eq(movies.id, id), isNull(movies.deleted_at)));
  if (res.affectedRows === 0) throw notFound(`movie ${id}`);
  publishLocally({ deletedId: id });
}
