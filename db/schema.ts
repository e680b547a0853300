import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  date,
  datetime,
  double,
  index,
  int,
  mysqlEnum,
  mysqlTable,
  primaryKey,
  smallint,
  text,
  tinyint,
  varchar,
} from "drizzle-orm/mysql-core";

/**
 * One row per TMDB movie. Column names follow the TMDB dataset so rows map to the API's JSON
 * without renaming. List columns are stored comma-separated (", ") as in the CSV; genres are
 * also exploded into `movie_genres` so a genre filter can use an index.
 */
export const movies = mysqlTable(
  "movies",
  {
    id: int("id").autoincrement().primaryKey(),
    title: varchar("title", { length: 500 }).notNull(),
    original_title: varchar("original_title", { length: 500 }).notNull(),
    overview: text("overview").notNull(),
    tagline: varchar("tagline", { length: 1000 }).notNull().default(""),
    release_date: date("release_date", { mode: "string" }).notNull(),
    release_year: smallint("release_year").notNull(),
    status: varchar("status", { length: 32 }).notNull().default("Released"),
    runtime: int("runtime").notNull().default(0),
    budget: bigint("budget", { mode: "number" }).notNull().default(0),
    revenue: bigint("revenue", { mode: "number" }).notNull().default(0),
    vote_average: double("vote_average").notNull().default(0),
    vote_count: int("vote_count").notNull().default(0),
    popularity: double("popularity").notNull().default(0),
    adult: boolean("adult").notNull().default(false),
    imdb_id: varchar("imdb_id", { length: 20 }),
    original_language: varchar("original_language", { length: 16 }).notNull().default(""),
    homepage: varchar("homepage", { length: 1000 }).notNull().default(""),
    poster_path: varchar("poster_path", { length: 255 }).notNull().default(""),
    backdrop_path: varchar("backdrop_path", { length: 255 }).notNull().default(""),
    genres: varchar("genres", { length: 1000 }).notNull().default(""),
    production_companies: text("production_companies").notNull(),
    production_countries: text("production_countries").notNull(),
    spoken_languages: text("spoken_languages").notNull(),
    keywords: text("keywords").notNull(),
    /** 'api' marks rows created or edited through the API: a catalog refresh keeps them. */
    origin: mysqlEnum("origin", ["catalog", "api"]).notNull().default("catalog"),
    created_at: datetime("created_at", { mode: "date", fsp: 3 })
      .notNull()
      .default(sql`CURRENT_TIMESTAMP(3)`),
    updated_at: datetime("updated_at", { mode: "date", fsp: 3 })
      .notNull()
      .default(sql`CURRENT_TIMESTAMP(3)`),
    deleted_at: datetime("deleted_at", { mode: "date", fsp: 3 }),
  },
  (t) => [
    // Catalog order is popularity, newest id first; each filter has its own keyset index.
    index("movies_popularity_idx").on(t.popularity, t.id),
    index("movies_lang_popularity_idx").on(t.original_language, t.popularity, t.id),
    index("movies_year_popularity_idx").on(t.release_year, t.popularity, t.id),
    // Replicas poll for API writes (origin = 'api') newer than what they have seen.
    index("movies_origin_updated_idx").on(t.origin, t.updated_at),
    index("movies_imdb_idx").on(t.imdb_id),
  ],
);

export const movieGenres = mysqlTable(
  "movie_genres",
  {
    movie_id: int("movie_id").notNull(),
    genre: varchar("genre", { length: 64 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.movie_id, t.genre] }), index("movie_genres_genre_idx").on(t.genre, t.movie_id)],
);

/** OMDB answers cached across restarts and replicas (the in-memory LRU sits in front). */
export const posterCache = mysqlTable("poster_cache", {
  imdb_id: varchar("imdb_id", { length: 20 }).primaryKey(),
  url: varchar("url", { length: 1000 }),
  fetched_at: datetime("fetched_at", { mode: "date", fsp: 3 })
    .notNull()
    .default(sql`CURRENT_TIMESTAMP(3)`),
});

/**
 * Counters of rate-limiter-flexible's RateLimiterMySQL (writes and sign-in attempts), shared by
 * every replica. Its queries insert positionally, so the column order is part of the contract.
 */
export const rateLimits = mysqlTable(
  "rate_limits",
  {
    key: varchar("key", { length: 255 }).primaryKey(),
    points: int("points").notNull().default(0),
    /** Window end, ms since the epoch; rows an hour past it are swept. */
    expire: bigint("expire", { mode: "number", unsigned: true }),
  },
  (t) => [index("rate_limits_expire_idx").on(t.expire)],
);

/** Admin sign-ins that are still valid: sign-out deletes the row, so a copied cookie dies with it. */
export const adminSessions = mysqlTable(
  "admin_sessions",
  {
    id: varchar("id", { length: 32 }).primaryKey(),
    /** ms since the epoch, as in the signed cookie (no time-zone conversion on the way). */
    issued_at: bigint("issued_at", { mode: "number" }).notNull(),
    expires_at: bigint("expires_at", { mode: "number" }).notNull(),
  },
  (t) => [index("admin_sessions_expires_idx").on(t.expires_at)],
);

/**
 * Hands out ids to movies created through the API, from a range no TMDB id reaches
 * (lib/movies/ids.ts). A refresh never renames this table, so the counter outlives every publish.
 */
export const apiIdCounter = mysqlTable("api_id_counter", {
  id: tinyint("id").primaryKey(),
  last_id: int("last_id").notNull(),
});

/**
 * One row. Every API write transaction holds a shared lock on it; a refresh holds it exclusively
 * from its last copy of API rows through the table swap, so no write falls between the two.
 */
export const publishGate = mysqlTable("publish_gate", {
  id: tinyint("id").primaryKey(),
});

/**
 * One row: the build whose catalog rows `movies` holds (its origin = 'catalog' rows), and how far
 * that build's publish got. An incremental refresh changes those rows in the transaction that
 * sets it to `committed`, and starts only from a `published` build that is also the live one
 * (etl/incremental/state.ts); a full refresh sets `publishing` before its swap.
 */
export const catalogBuild = mysqlTable("catalog_build", {
  id: tinyint("id").primaryKey(),
  build_id: varchar("build_id", { length: 64 }).notNull(),
  state: mysqlEnum("state", ["publishing", "committed", "published"]).notNull(),
  updated_at: datetime("updated_at", { mode: "date", fsp: 3 })
    .notNull()
    .default(sql`CURRENT_TIMESTAMP(3)`),
});

export type MovieRow = typeof movies.$inferSelect;
export type NewMovieRow = typeof movies.$inferInsert;

