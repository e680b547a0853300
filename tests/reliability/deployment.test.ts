/**
 * The production layout with the real parts, all started here on private ports and data dirs: a
 * MariaDB primary and a MariaDB replica with binlog replication, the ETL loading the catalog into
 * the primary, two `next start` replicas reading from the replica (DATABASE_READ_URL), and nginx
 * with the documented config (deploy/nginx.conf.template) balancing between them, under a steady
 * load. Prints the figures docs/RELIABILITY.md quotes.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ADMIN_TOKEN } from "../support/global-setup";
import { ScratchMariaDb } from "../support/mariadb";
import { queryRows } from "../support/mysql";
import { NGINX, startNginx } from "../support/nginx";
import { freePort, runOrThrow, startApp, type AppServer } from "../support/server";

const hasNginx = fs.existsSync(NGINX);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "movies-deploy-"));
const primary = new ScratchMariaDb(path.join(work, "primary"), ["--server-id=1", `--log-bin=${path.join(work, "primary", "binlog")}`, "--binlog-format=ROW"]);
const replica = new ScratchMariaDb(path.join(work, "replica"), ["--server-id=2", "--skip-log-bin", `--relay-log=${path.join(work, "replica", "relay")}`]);
const apps: AppServer[] = [];
let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
let lb = "";
const figures: Record<string, unknown> = {};
let appEnv: NodeJS.ProcessEnv = { ...process.env };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const auth = { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" };

async function onReplica(sql: string): Promise<void> {
  const c = await mysql.createConnection(replica.hostUrl);
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** Sets the replica's apply delay (0: none) and waits until it replicates again. */
async function replicationDelay(sec: number): Promise<void> {
  await onReplica("STOP SLAVE");
  await onReplica(`CHANGE MASTER TO MASTER_DELAY=${sec}`);
  await onReplica("START SLAVE");
}

async function health(app: AppServer): Promise<{ replicas?: { state: string; lagSec: number | null }[] }> {
  return (await fetch(`${app.url}/api/health`)).json();
}

/** Milliseconds until check() holds, polling every 50 ms; throws after `ms`. */
async function until(what: string, check: () => Promise<boolean>, ms: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check().catch(() => false)) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(50);
  }
}

const replicaUsedBy = (app: AppServer) => async () => (await health(app)).replicas?.[0]?.state === "used";

/**
 * The steady load: a bounded loop of reads through the balancer (detail pages read MySQL, the
 * rest the in-memory catalog) by a few workers, every failure (5xx or no answer) timestamped.
 */
class Load {
  private running = true;
  readonly failures: { at: number; status: number; path: string }[] = [];
  ok = 0;
  private readonly workers: Promise<void>[];

  constructor(ids: number[], workers = 3, maxRequests = 20_000) {
    const paths = ids.flatMap((id) => [`/api/movies/${id}`, `/api/movies/${id}/similar?limit=5`, "/api/search?q=star", `/movies/${id}`]);
    let sent = 0;
    this.workers = Array.from({ length: workers }, async (_, w) => {
      for (let i = w; this.running && sent++ < maxRequests; i += workers) {
        const p = paths[i % paths.length];
        // A replica killed mid-answer makes nginx cut the body off: that request failed too.
        const status = await fetch(`${lb}${p}`)
          .then(async (r) => (await r.arrayBuffer(), r.status))
          .catch(() => 0);
        if (status === 0 || status >= 500) this.failures.push({ at: Date.now(), status, path: p });
        else this.ok++;
        await sleep(10);
      }
    });
  }

  failedSince(t: number): number {
    return this.failures.filter((f) => f.at >= t).length;
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }
}

let seq = 0;
/** Creates a movie through the balancer: its id when acknowledged (201), else undefined. */
async function write(): Promise<{ id?: number; title: string; status: number; cookie: string }> {
  const word = `deployprobe${(++seq).toString(36)}${String.fromCharCode(97 + (seq % 26))}`;
  const title = `Zephyrine ${word}`;
  const res = await fetch(`${lb}/api/movies`, {
    method: "POST",
    headers: auth,
    body: JSON.stringify({ title, release_date: "1999-03-31", genres: ["Action", "Science Fiction"], keywords: ["hacker", "simulation", word] }),
  }).catch(() => undefined);
  // An answer cut off mid-body was never read as acknowledged: it counts as a failed write.
  const body = res?.status === 201 ? await res.json().catch(() => undefined) : undefined;
  return { id: body?.data?.id, title, status: res?.status ?? 0, cookie: res?.headers.get("set-cookie")?.split(";")[0] ?? "" };
}

/** ms until the movie is found by search, recommended from and read (detail, via the read replica) on `app`. */
async function visibleOn(app: AppServer, id: number, title: string): Promise<number> {
  return until(
    `movie ${id} on ${app.url}`,
    async () => {
      const search = await (await fetch(`${app.url}/api/search?q=${encodeURIComponent(title)}`)).json();
      if (!search.data?.some((m: { id: number }) => m.id === id)) return false;
      const similar = await fetch(`${app.url}/api/movies/${id}/similar?limit=5`);
      if (similar.status !== 200 || (await similar.json()).data.length !== 5) return false;
      return (await fetch(`${app.url}/api/movies/${id}`)).status === 200;
    },
    5000,
  );
}

beforeAll(async () => {
  if (!hasNginx) return;
  await Promise.all([primary.init(), replica.init()]);
  await Promise.all([primary.start(), replica.start()]);
  await onReplica(
    `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${primary.port}, MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1`,
  );
  await onReplica("START SLAVE");

  const env = {
    ...process.env,
    DATABASE_URL: `${primary.hostUrl}/movies`,
    ARTIFACTS_DIR: path.join(work, "artifacts"),
    ADMIN_TOKEN,
    LOG_LEVEL: "warn",
  };
  const etlStarted = Date.now();
  runOrThrow("npx", ["tsx", "etl/cli.ts", "--input", inject("catalogFile")], env, "etl");
  figures.etlMs = Date.now() - etlStarted;

  appEnv = {
    ...env,
    DATABASE_READ_URL: `${replica.hostUrl}/movies`,
    DATABASE_READ_MAX_LAG_SEC: "5",
    DATABASE_READ_CHECK_MS: "500",
    CATCH_UP_INTERVAL_MS: "500",
    TRUST_PROXY: "1",
    READ_RATE_PER_SEC: "5000",
    WRITE_RATE_PER_SEC: "1000",
    SIGN_IN_ATTEMPTS: "4",
  };
  apps.push(...(await Promise.all([startApp(appEnv), startApp(appEnv)])));
  const port = await freePort();
  nginx = await startNginx(path.join(work, "nginx"), {
    LISTEN_PORT: `127.0.0.1:${port}`,
    APP_SERVER_1: new URL(apps[0].url).host,
    APP_SERVER_2: new URL(apps[1].url).host,
  });
  lb = `http://127.0.0.1:${port}`;
  for (const app of apps) await until("replica used", replicaUsedBy(app), 10_000);
}, 240_000);

afterAll(async () => {
  console.log(`deployment figures: ${JSON.stringify(figures)}`);
  await nginx?.stop();
  for (const app of apps) app.stop();
  await Promise.all([primary.destroy(), replica.destroy()]);
  fs.rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!hasNginx)("deployment: nginx, two app replicas, a MariaDB primary and read replica", () => {
  it("health reports the read replica in use with its lag, and the catalog came through replication", async () => {
    for (const app of apps) {
      const h = await health(app);
      expect(h.replicas).toEqual([expect.objectContaining({ name: "read-1", state: "used", lagSec: expect.any(Number) })]);
      expect(h.replicas![0].lagSec).toBeLessThanOrEqual(5);
    }
    const [[p]] = [await queryRows(`${primary.hostUrl}/movies`, "SELECT COUNT(*) AS n FROM movies")];
    const [[r]] = [await queryRows(`${replica.hostUrl}/movies`, "SELECT COUNT(*) AS n FROM movies")];
    expect(Number(p.n)).toBeGreaterThan(1000);
    expect(Number(r.n)).toBe(Number(p.n));
  });

  it("a client reads its own write at once even while the replica lags; others see it once the replica has it", async () => {
    await replicationDelay(2);
    for (const app of apps) await until("replica used again", replicaUsedBy(app), 5000);
    const w = await write();
    expect(w.status).toBe(201);
    expect(w.cookie).toMatch(/^movies_wrote=\d+$/);
    // Without the marker, the lagging replica answers: the movie is not there yet (the test can fail).
    const unmarked = await fetch(`${lb}/api/movies/${w.id}`);
    expect(unmarked.status).toBe(404);
    expect(unmarked.headers.get("set-cookie")).toBeNull(); // only writes mark a client
    for (const app of apps) {
      expect((await fetch(`${app.url}/api/movies/${w.id}`, { headers: { cookie: w.cookie } })).status).toBe(200);
      const page = await fetch(`${app.url}/movies/${w.id}`, { headers: { cookie: w.cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(w.title);
    }
    await until("replica caught up", async () => (await fetch(`${lb}/api/movies/${w.id}`)).status === 200, 5000);
    await replicationDelay(0);
    for (const app of apps) await until("replica used again", replicaUsedBy(app), 5000);
  });

  it("failed sign-ins are counted across both app replicas (shared limit in MySQL)", async () => {
    const attempt = (app: AppServer, token: string) =>
      fetch(`${app.url}/api/movies`, {
        method: "POST",
        headers: { ...auth, authorization: `Bearer ${token}`, "x-forwarded-for": "198.51.100.7" },
        body: "{}",
      }).then((r) => r.status);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await attempt(apps[i % 2], `wrong-token-${i}-0123456789abcdef0123456789`));
    expect(statuses).toEqual([401, 401, 401, 401]);
    // The budget of 4 is used up on the two replicas together: even the right token is refused now.
    expect(await attempt(apps[0], ADMIN_TOKEN)).toBe(429);
    expect(await attempt(apps[1], ADMIN_TOKEN)).toBe(429);
  });

  it("under load: writes reach both replicas in 5 s; killing an app replica or stopping the DB replica loses nothing", async () => {
    const page = await (await fetch(`${lb}/api/movies?limit=8`)).json();
    const load = new Load(page.data.map((m: { id: number }) => m.id));
    const acked: { id: number; title: string }[] = [];
    const writeFailures: number[] = [];
    const writeSome = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const w = await write();
        if (w.id) acked.push({ id: w.id, title: w.title });
        else writeFailures.push(w.status);
        await sleep(100);
      }
    };
    try {
      // 1. Writes through the balancer show in search, similar and detail on both replicas in 5 s.
      await writeSome(5);
      let slowest = 0;
      for (const { id, title } of acked) for (const app of apps) slowest = Math.max(slowest, await visibleOn(app, id, title));
      figures.writeVisibleOnBothMaxMs = slowest;
      expect(slowest).toBeLessThan(5000);
      expect(load.failures).toEqual([]);

      // 2. SIGKILL one app replica while reads and writes keep coming through the balancer.
      const killedAt = Date.now();
      const writing = writeSome(10);
      await sleep(150);
      apps[0].stop();
      await writing;
      await sleep(1000);
      figures.appKill = { readsFailed: load.failedSince(killedAt), writesFailed: writeFailures.length, writesAcked: acked.length };
      // At most what was in flight on the killed replica: one request per load worker and the writer.
      expect(load.failedSince(killedAt)).toBeLessThanOrEqual(3);
      expect(writeFailures.length).toBeLessThanOrEqual(1);
      const survivor = apps[1];
      const stored = await queryRows(`${primary.hostUrl}/movies`, `SELECT id FROM movies WHERE deleted_at IS NULL AND id IN (${acked.map((a) => a.id).join(",")})`);
      figures.writesLost = acked.length - stored.length;
      expect(stored.length).toBe(acked.length);
      for (const { id, title } of acked) await visibleOn(survivor, id, title);

      // 2b. Restart it on its port: nginx sends it requests again (after fail_timeout), none fail.
      const restartedAt = Date.now();
      apps[0] = await startApp({ ...appEnv, LOG_LEVEL: "info" }, undefined, Number(new URL(apps[0].url).port));
      const bootMs = Date.now() - restartedAt;
      const proxied = /"route":"GET \/api\/(movies|search)/;
      const inRotationMs = await until("nginx sends it requests", async () => proxied.test(apps[0].log()), 10_000);
      figures.appRestart = { bootMs, backInRotationMs: bootMs + inRotationMs, readsFailed: load.failedSince(restartedAt) };
      expect(load.failedSince(restartedAt)).toBe(0);

      // 3. Stop the MariaDB read replica: reads on both app replicas move to the primary within 2 s, with no 5xx after.
      const stoppedAt = Date.now();
      await replica.stop();
      const allApps = async (state: string) => (await Promise.all(apps.map(health))).every((h) => h.replicas?.[0]?.state === state);
      const fallbackMs = await until("replica set aside", () => allApps("down"), 2000);
      const settledAt = Date.now();
      await writeSome(3);
      await sleep(1500);
      figures.replicaStop = { fallbackMs, readsFailedBeforeFallback: load.failures.filter((f) => f.at >= stoppedAt && f.at < settledAt).length, readsFailedAfter: load.failedSince(settledAt) };
      expect(fallbackMs).toBeLessThan(2000);
      expect(load.failedSince(settledAt)).toBe(0);
      for (const { id } of acked) for (const app of apps) expect((await fetch(`${app.url}/api/movies/${id}`)).status).toBe(200);

      // 4. Restart it: it catches up on the writes it missed and is read from again.
      const replicaRestartedAt = Date.now();
      await replica.start();
      figures.replicaBackInUseMs = await until("replica used again", () => allApps("used"), 10_000);
      const replicated = async () =>
        Number((await queryRows(`${replica.hostUrl}/movies`, `SELECT COUNT(*) AS n FROM movies WHERE id IN (${acked.map((a) => a.id).join(",")})`))[0].n);
      await until("replica caught up", async () => (await replicated()) === acked.length, 5000);
      await sleep(1000);
      expect(load.failedSince(replicaRestartedAt)).toBe(0);
    } finally {
      await load.stop();
      figures.load = { ok: load.ok, failed: load.failures.length, failures: load.failures.slice(0, 10) };
    }
    expect(load.ok).toBeGreaterThan(100);
  });
});
