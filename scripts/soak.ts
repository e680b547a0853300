import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import mysql from "mysql2/promise";
import { artifactsDir, databaseUrl } from "@/lib/config";
import { BENCH_ADMIN_TOKEN, startServer } from "./bench/server";
import { log, randomFloats, procRssMb, sample, sleep } from "./bench/util";

const require = createRequire(import.meta.url);
const autocannon = require("autocannon") as (opts: Record<string, unknown>) => Promise<{
  requests: { total: number };
  latency: { p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}>;

const USAGE = "usage: npm run soak -- [--duration 300] [--connections 32] [--port 3400]   (uses DATABASE_URL / ARTIFACTS_DIR, a loaded catalog)";

/**
 * A bounded loopback soak: the built server under a read/write mix for --duration seconds, RSS
 * sampled every 5 s. Fails (exit 1) on any error, any 5xx, or RSS growing > 10% after warm-up.
 */
async function main(): Promise<number> {
  let values: { duration?: string; connections?: string; port?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { duration: { type: "string" }, connections: { type: "string" }, port: { type: "string" }, help: { type: "boolean" } } }));
  } catch (err) {
    console.error(`soak: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) return console.log(USAGE), 0;
  const duration = Number(values.duration ?? 300);
  const connections = Number(values.connections ?? 32);
  const port = Number(values.port ?? 3400);
  if (![duration, connections, port].every((n) => Number.isInteger(n) && n > 0) || duration > 3600 || connections > 256) {
    console.error(`soak: --duration (1..3600), --connections (1..256) and --port must be positive integers\n${USAGE}`);
    return 2;
  }

  const db = await mysql.createConnection(databaseUrl());
  const [rows] = await db.query<mysql.RowDataPacket[]>("SELECT id, title FROM movies WHERE deleted_at IS NULL ORDER BY popularity DESC LIMIT 5000");
  await db.end();
  const rand = randomFloats(11);
  const picks = sample(rows, 500, rand);
  const server = await startServer({ cwd: process.cwd(), port, databaseUrl: databaseUrl(), artifactsDir: artifactsDir(), env: { WRITE_RATE_PER_SEC: "100000" } });
  const base = server.baseUrl;
  const auth = { authorization: `Bearer ${BENCH_ADMIN_TOKEN}`, "content-type": "application/json" };
  const created = await fetch(`${base}/api/movies`, {
    method: "POST",
    headers: auth,
    body: JSON.stringify({ title: "Soak Film", release_date: "2000-01-01", genres: ["Drama"] }),
  }).then((r) => r.json());
  const soakId = created.data.id as number;

  let i = 0;
  const next = () => {
    const m = picks[i++ % picks.length];
    switch (i % 10) {
      case 0:
        return { method: "PATCH", path: `/api/movies/${soakId}`, headers: auth, body: JSON.stringify({ runtime: i % 300, keywords: [`k${i % 50}`] }) };
      case 1:
      case 2:
        return { method: "GET", path: `/api/search?q=${encodeURIComponent(String(m.title).slice(0, 6))}` };
      case 3:
        return { method: "GET", path: "/api/movies?limit=50" };
      case 4:
        return { method: "GET", path: `/api/movies/${m.id}` };
      default:
        return { method: "GET", path: `/api/movies/${m.id}/similar?limit=10` };
    }
  };

  const rss: { t: number; mb: number }[] = [];
  const sampler = setInterval(() => rss.push({ t: rss.length * 5, mb: procRssMb(server.pid) ?? 0 }), 5000);
  log(`soak: ${connections} connections for ${duration} s against ${base}`);
  const result = await autocannon({ url: base, connections, duration, requests: [{ setupRequest: (req: object) => ({ ...req, ...next() }) }] });
  clearInterval(sampler);
  await fetch(`${base}/api/movies/${soakId}`, { method: "DELETE", headers: auth });
  await server.stop();
  await sleep(100);

  const warm = rss.filter((s) => s.t >= 60);
  const after = warm[0]?.mb ?? rss[0]?.mb ?? 0;
  const end = rss[rss.length - 1]?.mb ?? 0;
  const growth = after ? (end - after) / after : 0;
  const fiveHundreds = Object.entries(result.statusCodeStats).filter(([c]) => c.startsWith("5")).reduce((n, [, s]) => n + s.count, 0);
  const summary = {
    durationS: duration,
    connections,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    status5xx: fiveHundreds,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    rssMb: { afterWarmup: after, end, peak: Math.max(...rss.map((s) => s.mb)), growthPct: Math.round(growth * 1000) / 10 },
  };
  console.log(JSON.stringify(summary, null, 2));
  return summary.errors === 0 && fiveHundreds === 0 && growth <= 0.1 ? 0 : 1;
}

main().then((code) => process.exit(code)).catch((err: Error) => {
  console.error(`soak: ${err.message}`);
  process.exit(1);
});
