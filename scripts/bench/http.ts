/**
 * Step 4: HTTP load with autocannon against the running server: similar movies on random ids,
 * typo-ridden title search, the catalog's first and last page.
 */
import { createRequire } from "node:module";
import mysql from "mysql2/promise";
import { encodeCursor } from "@/lib/catalog/cursor";
import { SEARCH_LIMITS } from "@/lib/reco/engine";
import { CEILING_ROUTE } from "./ceiling";
import { log, randomFloats, round, sample, treeRssMb } from "./util";

const require = createRequire(import.meta.url);

interface Histogram {
  average: number;
  p50: number;
  p99: number;
  max: number;
}
interface AutocannonResult {
  requests: Histogram & { total: number; sent: number };
  latency: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
  duration: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = require("autocannon") as Autocannon;

export interface RouteFigures {
  name: string;
  example: string;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Requests sent but not answered when the run ended (a stalled server shows here, not in errors). */
  unanswered: number;
  statusCodes: Record<string, number>;
  /** req/s over the empty Next.js route's, measured in the same run (undefined for the empty route itself). */
  ratioToEmpty?: number;
  /** One connection, requests one after another (unloaded latency). */
  single: { p50Ms: number; p99Ms: number; requests: number; errors: number; non2xx: number };
}

export interface HttpFigures {
  connections: number;
  durationS: number;
  routes: RouteFigures[];
  serverPeakRssMb: number;
  serverEnv?: Record<string, string>;
  /** The empty route of a one-route Next.js app (same `next`), loaded before and after the project's routes. */
  ceiling?: { before: RouteFigures; after: RouteFigures; reqPerSec: number };
}

/** A title cut to a prefix (words or characters) and, usually, given one typo. */
function fragmentWithTypo(title: string, rand: () => number): string {
  const words = title.split(/\s+/).filter(Boolean);
  let q = rand() < 0.5 ? words.slice(0, 1 + Math.floor(rand() * Math.min(3, words.length))).join(" ") : title.slice(0, Math.max(3, Math.floor(title.length * (0.4 + 0.6 * rand()))));
  if (rand() < 0.7) {
    const chars = [...q];
    const candidates = chars.map((c, i) => i).filter((i) => i > 0 && /\p{L}/u.test(chars[i]));
    if (candidates.length) {
      const i = candidates[Math.floor(rand() * candidates.length)];
      const kind = Math.floor(rand() * 4);
      const letter = "abcdefghijklmnopqrstuvwxyz"[Math.floor(rand() * 26)];
      if (kind === 0) chars[i] = letter; // substitution
      else if (kind === 1) chars.splice(i, 1); // deletion
      else if (kind === 2) chars.splice(i, 0, letter); // insertion
      else if (i + 1 < chars.length) [chars[i], chars[i + 1]] = [chars[i + 1], chars[i]]; // transposition
      q = chars.join("");
    }
  }
  return q.trim() || title;
}

/** Spread wide enough that a result cache alone cannot carry a route (issue: serve at the framework's speed). */
const SIMILAR_TARGETS = 20_000;
const SEARCH_TARGETS = 5_000;

/** Ids, titles and the last catalog page's cursor, straight from the bench database. */
async function loadTargets(databaseUrl: string, seed: number) {
  const conn = await mysql.createConnection({ uri: databaseUrl });
  try {
    const [idRows] = await conn.query<mysql.RowDataPacket[]>("SELECT id FROM movies WHERE deleted_at IS NULL AND adult = 0");
    const rand = randomFloats(seed + 1);
    const ids = sample(
      idRows.map((r) => r.id as number),
      SIMILAR_TARGETS,
      rand,
    );
    const [titleRows] = await conn.query<mysql.RowDataPacket[]>("SELECT title FROM movies WHERE id IN (?)", [ids.slice(0, SEARCH_TARGETS)]);
    const queries = titleRows.map((r) => fragmentWithTypo(String(r.title), rand));
    // The row just before the last 50 in catalog order (popularity DESC, id DESC): its cursor opens the last page.
    const [before] = await conn.query<mysql.RowDataPacket[]>(
      "SELECT popularity, id FROM movies WHERE deleted_at IS NULL AND adult = 0 ORDER BY popularity ASC, id ASC LIMIT 1 OFFSET 50",
    );
    const lastCursor = before[0] ? encodeCursor("popularity", "desc", { key: Number(before[0].popularity), id: Number(before[0].id) }) : undefined;
    return { ids, queries, lastCursor, worstFilters: await worstFilters(conn) };
  } finally {
    await conn.end();
  }
}

/**
 * The most expensive filters one can send to similar: ones that admit nothing, and ones that
 * admit just under and just over the engine's exact-scan limit (SEARCH_LIMITS.exactMax), where an
 * exact scan is largest or a filtered graph search must look furthest.
 */
async function worstFilters(conn: mysql.Connection): Promise<string[]> {
  const around = SEARCH_LIMITS.exactMax;
  const nth = async (sql: string, n: number) => {
    const [rows] = await conn.query<mysql.RowDataPacket[]>(`${sql} LIMIT 1 OFFSET ${n}`);
    return rows[0] ? Object.values(rows[0])[0] : undefined;
  };
  const live = "FROM movies WHERE deleted_at IS NULL AND adult = 0";
  const votesUnder = await nth(`SELECT vote_count ${live} ORDER BY vote_count DESC`, around - 1);
  const votesOver = await nth(`SELECT vote_count ${live} ORDER BY vote_count DESC`, Math.round(around * 1.05));
  const yearUnder = await nth(`SELECT release_year ${live} ORDER BY release_year ASC`, around - 1);
  const yearOver = await nth(`SELECT release_year ${live} ORDER BY release_year ASC`, Math.round(around * 1.05));
  const [langs] = await conn.query<mysql.RowDataPacket[]>(`SELECT original_language AS l, COUNT(*) AS n ${live} GROUP BY 1 ORDER BY n DESC`);
  const rare = langs[langs.length - 1]?.l;
  const filters = ["minVotes=1000000000", "yearFrom=2200&yearTo=1870", `lang=${langs[0]?.l ?? "en"}&yearTo=1870`];
  if (votesUnder !== undefined) filters.push(`minVotes=${Number(votesUnder) + 1}`);
  if (votesOver !== undefined) filters.push(`minVotes=${votesOver}`);
  if (yearUnder !== undefined) filters.push(`yearTo=${Number(yearUnder) - 1}`);
  if (yearOver !== undefined) filters.push(`yearTo=${yearOver}`);
  if (rare) filters.push(`lang=${rare}`);
  for (const l of langs.slice(1, 4)) filters.push(`lang=${l.l}&genre=Documentary`);
  return filters.map((f) => `${f}&limit=50`);
}

/** One request before the load, so a broken route shows up as a clear message (it is still loaded). */
async function check(baseUrl: string, path: string): Promise<unknown> {
  const t0 = performance.now();
  try {
    const res = await fetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(60_000) });
    const body = await res.json().catch(() => undefined);
    const ms = Math.round(performance.now() - t0);
    if (res.status !== 200) log(`http: WARNING GET ${path} answered ${res.status} in ${ms} ms: ${JSON.stringify(body).slice(0, 300)}`);
    else if (ms > 1000) log(`http: WARNING GET ${path} took ${ms} ms`);
    return res.status === 200 ? body : undefined;
  } catch (err) {
    log(`http: WARNING GET ${path} failed after ${Math.round(performance.now() - t0)} ms: ${(err as Error).message} ${(err as { cause?: Error }).cause?.message ?? ""}`);
    return undefined;
  }
}

async function load(baseUrl: string, name: string, paths: () => string, connections: number, duration: number): Promise<RouteFigures> {
  const run = (c: number, d: number, amount?: number) =>
    autocannon({
      url: baseUrl,
      connections: c,
      ...(amount ? { amount } : { duration: d }),
      timeout: 10,
      requests: [{ method: "GET", setupRequest: (req: Record<string, unknown>) => ({ ...req, path: paths() }) }],
    });
  await run(8, 3); // warm-up: JIT, route modules, MySQL buffer pool
  const r = await run(connections, duration);
  const s = await run(1, Math.min(10, duration));
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, Number(v.count)]));
  const fig: RouteFigures = {
    name,
    example: paths(),
    reqPerSec: round(r.requests.average, 0),
    p50Ms: round(r.latency.p50, 1),
    p99Ms: round(r.latency.p99, 1),
    maxMs: round(r.latency.max, 1),
    requests: r.requests.total,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    unanswered: Math.max(0, (r.requests.sent ?? 0) - r.requests.total - r.errors),
    statusCodes,
    single: { p50Ms: round(s.latency.p50, 1), p99Ms: round(s.latency.p99, 1), requests: s.requests.total, errors: s.errors, non2xx: s.non2xx },
  };
  log(`http ${name}: ${fig.reqPerSec} req/s, p50 ${fig.p50Ms} ms, p99 ${fig.p99Ms} ms, errors ${fig.errors}, non-2xx ${fig.non2xx}, unanswered ${fig.unanswered}; 1 connection p50 ${fig.single.p50Ms} ms, p99 ${fig.single.p99Ms} ms`);
  return fig;
}

export async function runHttpStep(opts: {
  baseUrl: string;
  ceilingUrl?: string;
  serverPid: number;
  databaseUrl: string;
  connections: number;
  duration: number;
  seed: number;
}): Promise<HttpFigures> {
  const { ids, queries, lastCursor, worstFilters: worst } = await loadTargets(opts.databaseUrl, opts.seed);
  if (!ids.length) throw new Error("the bench database holds no movie");
  const rand = randomFloats(opts.seed + 2);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)];
  const similar = () => `/api/movies/${pick(ids)}/similar`;
  const search = () => `/api/search?q=${encodeURIComponent(pick(queries))}`;
  const worstFilter = () => `/api/movies/${pick(ids)}/similar?${pick(worst)}`;
  const first = () => "/api/movies?limit=50";
  const last = () => `/api/movies?limit=50&cursor=${lastCursor}`;

  // Each route answers once correctly before it is loaded; the last page really is the last.
  await check(opts.baseUrl, similar());
  await check(opts.baseUrl, search());
  for (const f of worst) await check(opts.baseUrl, `/api/movies/${ids[0]}/similar?${f}`);
  log(`http: worst filters ${worst.join(" | ")}`);
  await check(opts.baseUrl, first());
  const lastPage = (await check(opts.baseUrl, last())) as { data: unknown[]; nextCursor: string | null } | undefined;
  if (lastPage && (!lastPage.data.length || lastPage.nextCursor !== null)) throw new Error(`cursor ${lastCursor} did not open the last page`);

  let peak = treeRssMb(opts.serverPid);
  const sampler = setInterval(() => (peak = Math.max(peak, treeRssMb(opts.serverPid))), 1000);
  try {
    const empty = () => CEILING_ROUTE;
    const loadEmpty = (name: string) => (opts.ceilingUrl ? load(opts.ceilingUrl, name, empty, opts.connections, opts.duration) : undefined);
    const before = await loadEmpty("empty_route_before");
    const routes: RouteFigures[] = [];
    routes.push(await load(opts.baseUrl, "similar", similar, opts.connections, opts.duration));
    routes.push(await load(opts.baseUrl, "search", search, opts.connections, opts.duration));
    routes.push(await load(opts.baseUrl, "similar_worst_filters", worstFilter, opts.connections, opts.duration));
    routes.push(await load(opts.baseUrl, "catalog_first", first, opts.connections, opts.duration));
    routes.push(await load(opts.baseUrl, "catalog_last", last, opts.connections, opts.duration));
    const after = await loadEmpty("empty_route_after");
    let ceiling: HttpFigures["ceiling"];
    if (before && after) {
      const reqPerSec = round((before.reqPerSec + after.reqPerSec) / 2, 0);
      ceiling = { before, after, reqPerSec };
      for (const r of routes) r.ratioToEmpty = round(r.reqPerSec / reqPerSec, 2);
      log(`http: empty route ${reqPerSec} req/s; ratios ${routes.map((r) => `${r.name} ${r.ratioToEmpty}x`).join(", ")}`);
    }
    return { connections: opts.connections, durationS: opts.duration, routes, serverPeakRssMb: peak, ceiling };
  } finally {
    clearInterval(sampler);
  }
}
