import type mysql from "mysql2/promise";
import { createDb, createPool, getDb, type Db } from "./client";
import { databaseReadUrls, readReplicaCheckMs, readReplicaMaxLagSec } from "./url";

/** unchecked: not yet checked (not used); used: read from; lagging: over the lag bound; down: unreachable or not replicating. */
type ReplicaState = "unchecked" | "used" | "lagging" | "down";

export interface ReplicaHealth {
  /** read-1, read-2, ...: the position in DATABASE_READ_URL. */
  name: string;
  state: ReplicaState;
  /** Seconds behind the primary at the last check; null when unknown (down or not checked yet). */
  lagSec: number | null;
  checkedAt: string | null;
  error?: string;
}

interface Replica {
  name: string;
  pool: mysql.Pool;
  db: Db;
  state: ReplicaState;
  lagSec: number | null;
  checkedAt: Date | null;
  error?: string;
}

/** Errors meaning the server cannot be used (as opposed to a bad query): the replica is set aside at once. */
function isConnectionError(err: unknown): boolean {
  const e = err as { fatal?: boolean; code?: string } | undefined;
  return e?.fatal === true || /^(ECONN|ETIMEDOUT|EHOSTUNREACH|EPIPE|PROTOCOL_|POOL_CLOSED|ER_CON_COUNT|ER_SERVER_SHUTDOWN|ER_CONNECTION_KILLED)/.test(e?.code ?? "");
}

/**
 * Seconds behind the primary from `SHOW REPLICA STATUS` (MariaDB names the column
 * Seconds_Behind_Master, MySQL 8 Seconds_Behind_Source): the worst channel; 0 when the server is
 * no replica (a distributed database's endpoint, say); null when replication is stopped or broken.
 */
export function replicationLag(rows: readonly Record<string, unknown>[]): number | null {
  let worst = 0;
  for (const row of rows) {
    const v = row.Seconds_Behind_Master ?? row.Seconds_Behind_Source;
    if (v === null || v === undefined) return null;
    worst = Math.max(worst, Number(v));
  }
  return worst;
}

/**
 * Catalog and detail reads spread over the read replicas (round robin over those in use), the
 * primary when there are none or none is usable. Each replica's lag is checked in the background
 * every check interval, never per request; a read that fails on a replica is retried on the
 * primary (reads are idempotent) and a replica that drops connections is set aside until a check
 * finds it healthy again.
 */
class ReadPools {
  private readonly replicas: Replica[];
  private next = 0;
  private timer: NodeJS.Timeout | undefined;
  private checking = false;

  constructor(
    urls: readonly string[],
    private readonly primary: () => Db,
    private readonly maxLagSec: number,
    private readonly checkMs: number,
  ) {
    // Named by position in DATABASE_READ_URL: health is public, so no host names or credentials.
    this.replicas = urls.map((url, i) => {
      const pool = createPool(url);
      return { name: `read-${i + 1}`, pool, db: createDb(pool), state: "unchecked", lagSec: null, checkedAt: null };
    });
  }

  get configured(): boolean {
    return this.replicas.length > 0;
  }

  start(): void {
    if (!this.configured || this.timer) return;
    void this.check();
    this.timer = setInterval(() => void this.check(), this.checkMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all(this.replicas.map((r) => r.pool.end().catch(() => {})));
  }

  /** Runs a read on a usable replica, or on the primary when `fromPrimary` or none is usable. */
  async read<T>(query: (db: Db) => Promise<T>, fromPrimary = false): Promise<T> {
    const replica = fromPrimary ? undefined : this.pick();
    if (!replica) return query(this.primary());
    try {
      return await query(replica.db);
    } catch (err) {
      if (isConnectionError(err)) this.setAside(replica, err);
      return query(this.primary());
    }
  }

  health(): ReplicaHealth[] {
    return this.replicas.map((r) => ({
      name: r.name,
      state: r.state,
      lagSec: r.lagSec,
      checkedAt: r.checkedAt?.toISOString() ?? null,
      ...(r.error ? { error: r.error } : {}),
    }));
  }

  /** One round of checks (also run by start); resolves when every replica has answered or failed. */
  async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      await Promise.all(this.replicas.map((r) => this.checkOne(r)));
    } finally {
      this.checking = false;
    }
  }

  private pick(): Replica | undefined {
    const n = this.replicas.length;
    for (let i = 0; i < n; i++) {
      const r = this.replicas[(this.next + i) % n];
      if (r.state === "used") {
        this.next = (this.next + i + 1) % n;
        return r;
      }
    }
    return undefined;
  }

  private async checkOne(r: Replica): Promise<void> {
    try {
      const [rows] = await r.pool.query<mysql.RowDataPacket[]>({ sql: "SHOW REPLICA STATUS", timeout: this.checkMs });
      const lag = replicationLag(rows);
      r.lagSec = lag;
      r.state = lag === null ? "down" : lag > this.maxLagSec ? "lagging" : "used";
      r.error = lag === null ? "replication is not running" : undefined;
    } catch (err) {
      this.setAside(r, err);
    }
    r.checkedAt = new Date();
  }

  private setAside(r: Replica, err: unknown): void {
    r.state = "down";
    r.lagSec = null;
    // The error code only (ECONNREFUSED, ER_ACCESS_DENIED_ERROR, ...): messages carry addresses.
    r.error = (err as { code?: string })?.code ?? "unreachable";
  }
}

type ReadPoolsGlobal = { __moviesReadPools?: ReadPools };
const g = globalThis as ReadPoolsGlobal;

/** The process's read pools (DATABASE_READ_URL), checking replicas in the background from first use. */
export function getReadPools(): ReadPools {
  g.__moviesReadPools ??= new ReadPools(databaseReadUrls(), getDb, readReplicaMaxLagSec(), readReplicaCheckMs());
  g.__moviesReadPools.start();
  return g.__moviesReadPools;
}
