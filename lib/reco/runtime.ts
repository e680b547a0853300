import fs from "node:fs";
import path from "node:path";
import type mysql from "mysql2/promise";
import { getPool } from "@/db/client";
import { withoutPaths } from "@/lib/api/without-paths";
import { artifactsDir, catchUpIntervalMs } from "@/lib/config";
import { logger } from "@/lib/log/logger";
import { LIST_SEPARATOR, rowToMovie } from "@/lib/movies/row";
import type { Movie } from "@/lib/movies/types";
import { TitleIndex, type TitleEntry } from "@/lib/search/title-index";
import { readAnnIndex } from "./ann";
import { INDEX_FILE, MODEL_FILE, readCurrentManifest, VECTORS_FILE, verifyBuild, type Manifest } from "./artifacts";
import { CatalogMeta } from "./catalog-meta";
import { RecoEngine } from "./engine";
import { FeatureModel } from "./features";
import { vectorStoreOf } from "./vector-store-load";

/** What the server knows about one movie for search, filters and live index updates. */
interface FactsRow extends TitleEntry {
  original_language: string;
  genres: string;
  adult: number;
  deleted: number;
}

const API_ROWS_SQL = `SELECT *, deleted_at IS NOT NULL AS deleted,
  DATE_FORMAT(updated_at, '%Y-%m-%d %H:%i:%s.%f') AS updated_at_text FROM movies`;
const FACTS_SQL = `SELECT id, title, original_title, popularity, vote_count, release_year, original_language,
  genres, adult, deleted_at IS NOT NULL AS deleted FROM movies`;
/** Re-read a little behind the newest change seen: a slow transaction may commit an older timestamp. */
const CATCH_UP_OVERLAP_MS = 5000;
export const FIX_INDEX_HINT = "run `npm run etl -- --input FILE` or `npm run index:rebuild`";

export type IndexState = "loading" | "ready" | "unavailable";

export interface RuntimeHealth {
  catalog: "loading" | "ready" | "unavailable";
  index: { state: IndexState; size: number; builtAt?: string; watermark?: string; buildId?: string; recipe?: string; reason?: string };
  titles: number;
}

function shiftTimestamp(ts: string, ms: number): string {
  const d = new Date(`${ts.replace(" ", "T")}Z`);
  return new Date(d.getTime() + ms).toISOString().replace("T", " ").slice(0, 23);
}

/**
 * The per-process serving state: title search, filter facts and the HNSW engine. Booted once per
 * process (see getRuntime), then kept fresh by polling MySQL for writes made through any replica
 * and the artifacts folder for a newly published index.
 */
export class RecoRuntime {
  titles = new TitleIndex();
  meta = new CatalogMeta();
  engine: RecoEngine | undefined;
  manifest: Manifest | undefined;
  private indexState: IndexState = "loading";
  private indexReason: string | undefined;
  private catalogState: RuntimeHealth["catalog"] = "loading";
  private since: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(
    private readonly pool: mysql.Pool = getPool(),
    private readonly dir: string = artifactsDir(),
  ) {}

  async start(intervalMs = catchUpIntervalMs()): Promise<void> {
    await Promise.all([this.loadIndex(), this.loadCatalog()]);
    await this.catchUpIndex();
    this.timer = setInterval(() => void this.poll(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  health(): RuntimeHealth {
    return {
      catalog: this.catalogState,
      index: {
        state: this.indexState,
        size: this.engine ? this.engine.index.getCurrentCount() - this.deletedCount : 0,
        builtAt: this.manifest?.builtAt,
        watermark: this.manifest?.watermark,
        buildId: this.manifest?.buildId,
        recipe: this.manifest?.recipe,
        reason: this.indexReason,
      },
      titles: this.titles.size,
    };
  }

  /** Live vectors: the index never forgets a label, deletes only mark it. */
  private deletedCount = 0;
  /** A build that failed to load is not retried (hashing a 1 GB file every poll) until another is published. */
  private failedBuildId: string | undefined;

  /** Loads the published build; a missing or corrupt one leaves recommendations unavailable. */
  async loadIndex(): Promise<boolean> {
    const log = logger();
    try {
      const current = await readCurrentManifest(this.dir);
      if (!current) throw new Error("no index published in ARTIFACTS_DIR");
      if (current.manifest.buildId === this.manifest?.buildId) return true;
      this.failedBuildId = current.manifest.buildId;
      await verifyBuild(current.buildDir, current.manifest);
      const model = FeatureModel.fromJSON(JSON.parse(await fs.promises.readFile(path.join(current.buildDir, MODEL_FILE), "utf8")));
      const index = await readAnnIndex(path.join(current.buildDir, INDEX_FILE), model.dim, current.manifest.params.efSearch);
      const vectorsFile = current.manifest.files.vectors ? path.join(current.buildDir, VECTORS_FILE) : undefined;
      const vectors = await vectorStoreOf(index, model.dim, vectorsFile);
      this.engine = new RecoEngine(model, index, vectors, this.meta, current.manifest.params.efSearch);
      this.manifest = current.manifest;
      this.deletedCount = 0;
      this.failedBuildId = undefined;
      this.indexState = "ready";
      this.indexReason = undefined;
      log.info({ buildId: current.manifest.buildId, count: current.manifest.count }, "index loaded");
      return true;
    } catch (err) {
      if (!this.engine) {
        this.indexState = "unavailable";
        this.indexReason = `${withoutPaths((err as Error).message)}; ${FIX_INDEX_HINT}`;
      }
      log.error({ err: (err as Error).message, dir: this.dir }, "index not loaded");
      return false;
    }
  }

  /** Streams every movie's search and filter facts from MySQL (a million rows in a few seconds). */
  async loadCatalog(): Promise<void> {
    const titles = new TitleIndex(this.titles.size);
    const meta = new CatalogMeta(1 << 16);
    let loadStart: string;
    try {
      // Writes after this instant are picked up by polling (the load itself sees the ones before).
      const [[now]] = (await this.pool.query("SELECT DATE_FORMAT(NOW(3), '%Y-%m-%d %H:%i:%s.%f') AS t")) as unknown as [[{ t: string }]];
      loadStart = now.t.slice(0, 23);
      const stream = this.pool.pool.query(FACTS_SQL).stream({ highWaterMark: 5000 });
      for await (const row of stream as AsyncIterable<FactsRow>) {
        if (row.deleted) continue;
        applyFacts(titles, meta, row);
      }
    } catch (err) {
      this.catalogState = this.catalogState === "ready" ? "ready" : "unavailable";
      logger().error({ err: (err as Error).message }, "catalog facts not loaded; will retry");
      return;
    }
    // Build the search structures now, not on the first search request.
    titles.build();
    this.titles = titles;
    this.meta = meta;
    if (this.engine) this.engine = new RecoEngine(this.engine.model, this.engine.index, this.engine.vectors, meta, this.engine.efSearch, this.engine.limits);
    this.since = loadStart;
    this.catalogState = "ready";
    logger().info({ movies: meta.size }, "catalog facts loaded");
  }

  /**
   * Brings the index up to date with MySQL: rows created, edited or deleted through the API are
   * kept across refreshes, so they are re-applied on top of every build (catalog rows only change
   * with a new build, which brings its own index).
   */
  async catchUpIndex(): Promise<void> {
    if (!this.engine || this.catalogState !== "ready") return;
    const [rows] = await this.pool.query<mysql.RowDataPacket[]>(
      `${API_ROWS_SQL} WHERE origin = 'api' ORDER BY updated_at`,
    );
    for (const row of rows) this.applyRow(row);
    if (rows.length) logger().info({ rows: rows.length }, "index caught up with API writes");
  }

  /** Applies one stored row (after a local write, or one seen by polling) everywhere at once. */
  applyRow(row: mysql.RowDataPacket): void {
    if (row.deleted || row.deleted_at) {
      this.remove(row.id);
      return;
    }
    this.applyMovie(rowToMovie(row as never));
  }

  applyMovie(movie: Movie): void {
    applyFacts(this.titles, this.meta, {
      ...movie,
      genres: movie.genres.join(LIST_SEPARATOR),
      adult: movie.adult ? 1 : 0,
    });
    this.engine?.upsert(movie);
  }

  remove(id: number): void {
    if (this.meta.has(id)) this.deletedCount++;
    this.titles.remove(id);
    this.meta.remove(id);
    this.engine?.remove(id);
  }

  /** One polling round: retry what failed, switch to a newly published index, apply other replicas' writes. */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      if (this.catalogState !== "ready") {
        await this.loadCatalog();
        await this.catchUpIndex();
      }
      const current = await readCurrentManifest(this.dir).catch(() => undefined);
      const id = current?.manifest.buildId;
      if (id && id !== this.manifest?.buildId && id !== this.failedBuildId) {
        // A new refresh was published: its catalog and its index go live together.
        await this.loadCatalog();
        if (await this.loadIndex()) await this.catchUpIndex();
      }
      await this.pollChanges();
      // Fold live edits into the search index between requests rather than inside one.
      if (this.titles.stats().delta > 1000) this.titles.build();
    } catch (err) {
      logger().warn({ err: (err as Error).message }, "poll failed");
    } finally {
      this.polling = false;
    }
  }

  /** API writes made through any replica since the last round (re-reading a few seconds back). */
  private async pollChanges(): Promise<void> {
    if (!this.since) return;
    const [rows] = await this.pool.query<mysql.RowDataPacket[]>(
      `${API_ROWS_SQL} WHERE origin = 'api' AND updated_at > ? ORDER BY updated_at LIMIT 5000`,
      [shiftTimestamp(this.since, -CATCH_UP_OVERLAP_MS)],
    );
    for (const row of rows) {
      this.applyRow(row);
      const ts = String(row.updated_at_text).slice(0, 23);
      if (ts > this.since) this.since = ts;
    }
  }
}

function applyFacts(titles: TitleIndex, meta: CatalogMeta, row: Omit<FactsRow, "deleted">): void {
  titles.add(row);
  meta.upsert({
    id: row.id,
    release_year: row.release_year,
    vote_count: row.vote_count,
    popularity: row.popularity,
    original_language: row.original_language,
    genres: row.genres,
    adult: Boolean(row.adult),
  });
}

type RuntimeGlobal = { __recoRuntime?: Promise<RecoRuntime> };
const g = globalThis as RuntimeGlobal;

/**
 * The process-wide runtime, created once behind a promise on globalThis: instrumentation's
 * register() and every route handler module instance share it.
 */
export function getRuntime(): Promise<RecoRuntime> {
  g.__recoRuntime ??= (async () => {
    const runtime = new RecoRuntime();
    await runtime.start();
    return runtime;
  })();
  return g.__recoRuntime;
}
