import type mysql from "mysql2/promise";
import { getPool } from "@/db/client";
import { Catalog } from "@/lib/catalog/catalog";
import { allApiChanges, apiChangesSince, applyChange } from "@/lib/catalog/sync";
import { artifactsDir, catchUpIntervalMs } from "@/lib/config";
import { logger } from "@/lib/log/logger";
import { onMovieChange, type MovieChange } from "@/lib/movies/changes";
import { loadServingCatalog } from "./catalog-load";
import { Recommender, type IndexHealth } from "./recommender";

export { FIX_INDEX_HINT } from "./recommender";

export interface RuntimeHealth {
  catalog: "loading" | "ready" | "unavailable";
  /** Where the live catalog was read from. */
  catalogSource?: "snapshot" | "mysql";
  index: IndexHealth;
  titles: number;
}

/**
 * The per-process serving state: the in-memory catalog (facts, cards, titles) and the
 * recommendation index, both fed by one change feed: this process's writes as they are stored,
 * other replicas' from a catch-up poll of MySQL. Also switches to a newly published build.
 */
export class RecoRuntime {
  catalog = new Catalog();
  readonly recommender: Recommender;
  private catalogState: RuntimeHealth["catalog"] = "loading";
  private catalogSource: RuntimeHealth["catalogSource"];
  /** DB time up to which API writes have been applied. */
  private since: string | undefined;
  /** Versions the poll already applied (id -> updated_at): it re-reads a few seconds back. */
  private polled = new Map<number, string>();
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private polling = false;
  /** Bumped by every change and catalog load: with the build and boot time it names what reads see. */
  private changes = 0;
  private readonly bootedAt = Date.now().toString(36);

  constructor(
    private readonly pool: mysql.Pool = getPool(),
    private readonly dir: string = artifactsDir(),
  ) {
    this.recommender = new Recommender(dir);
  }

  get engine() {
    return this.recommender.engine;
  }

  async start(intervalMs = catchUpIntervalMs()): Promise<void> {
    this.unsubscribe = onMovieChange((change) => this.apply(change));
    await Promise.all([this.recommender.load(this.catalog.facts), this.reloadCatalog()]);
    // The index may have finished loading over the empty catalog the runtime started with.
    this.recommender.useFacts(this.catalog.facts);
    await this.catchUpIndex();
    this.timer = setInterval(() => void this.poll(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.unsubscribe?.();
  }

  health(): RuntimeHealth {
    return { catalog: this.catalogState, catalogSource: this.catalogSource, index: this.recommender.health(), titles: this.catalog.titles.size };
  }

  /** What anonymous reads see now, for HTTP validators (ETag): changes with every write or build. */
  version(): string {
    return `${this.recommender.manifest?.buildId ?? "none"}.${this.bootedAt}.${this.changes}`;
  }

  /** Follows one stored change in the catalog and the index. */
  apply(change: MovieChange): void {
    this.changes++;
    applyChange(this.catalog, change);
    this.recommender.apply(change);
  }

  /**
   * Loads the catalog of the published build (its snapshot, else MySQL) with every API write on
   * top before it goes live: rows created, edited or deleted through the API outlive refreshes
   * (catalog rows change only with a new build).
   */
  private async reloadCatalog(): Promise<void> {
    try {
      const { catalog, since, source } = await loadServingCatalog(this.pool, this.dir, this.catalog.size);
      const changes = await allApiChanges(this.pool);
      for (const change of changes) applyChange(catalog, change);
      this.catalog = catalog;
      this.changes++;
      this.recommender.useFacts(catalog.facts);
      this.since = since;
      this.catalogState = "ready";
      this.catalogSource = source;
      logger().info({ movies: catalog.size, source, apiRows: changes.length }, "catalog loaded");
    } catch (err) {
      if (this.catalogState !== "ready") this.catalogState = "unavailable";
      logger().error({ err: (err as Error).message }, "catalog not loaded; will retry");
    }
  }

  /** Re-applies every API write to a freshly loaded build's index (the catalog has them already). */
  private async catchUpIndex(): Promise<void> {
    if (this.catalogState !== "ready" || !this.engine) return;
    const changes = await allApiChanges(this.pool);
    for (const change of changes) this.recommender.apply(change);
    this.changes++;
    if (changes.length) logger().info({ rows: changes.length }, "index caught up with API writes");
  }

  /** One polling round: retry what failed, switch to a newly published build, apply other replicas' writes. */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      if (this.catalogState !== "ready") {
        await this.reloadCatalog();
        await this.catchUpIndex();
      }
      if (await this.recommender.newBuildPublished()) {
        // A refresh was published: its catalog and its index go live together.
        await this.reloadCatalog();
        if (await this.recommender.load(this.catalog.facts)) await this.catchUpIndex();
      }
      if (this.since) {
        const { changes, since } = await apiChangesSince(this.pool, this.since);
        const seen = new Map<number, string>();
        for (const { change, updatedAt } of changes) {
          const id = change.kind === "delete" ? change.id : change.movie.id;
          seen.set(id, updatedAt);
          if (this.polled.get(id) !== updatedAt) this.apply(change);
        }
        this.polled = seen;
        this.since = since;
      }
      // Fold live edits into the search index between requests rather than inside one.
      if (this.catalog.titles.stats().delta > 1000) this.catalog.titles.build();
    } catch (err) {
      logger().warn({ err: (err as Error).message }, "poll failed");
    } finally {
      this.polling = false;
    }
  }
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
