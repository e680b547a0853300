/** Command-line options of `npm run bench`. */
import os from "node:os";
import { parseArgs } from "node:util";

const STEPS = ["etl", "boot", "query", "catalog", "http", "refresh", "tradeoff", "simd"] as const;
type Step = (typeof STEPS)[number];
/** `tradeoff` (HNSW M/efConstruction sweep on a sample) and `simd` (native vs portable addon) run only when asked for. */
const DEFAULT_STEPS: readonly Step[] = ["etl", "boot", "query", "catalog", "http", "refresh"];

export interface BenchOptions {
  rows: number;
  input?: string;
  only: Set<Step>;
  databaseUrl: string;
  keep: boolean;
  duration: number;
  connections: number;
  queries: number;
  exactQueries?: number;
  efs: number[];
  seed: number;
  port: number;
  artifactsDir: string;
  writeDocs: boolean;
  tradeoffSample: number;
  /** Re-render docs/BENCHMARKS.md from the figures stored in it; runs nothing. */
  renderDocs: boolean;
  tradeoffQueries: number;
  tradeoffConfigs?: [number, number][];
  /** Vectorise the input CSV for the sweep instead of reading the published index. */
  tradeoffFromCsv: boolean;
  /** simd step: clustered vectors indexed per run, and portable/native rounds. */
  simdVectors: number;
  simdRounds: number;
  /** Sample the simd step's vectors from the input CSV's real feature vectors. */
  simdFromCsv: boolean;
  /** simd step: thread counts the parallel index builder is measured with. */
  simdThreads: number[];
  /** Extra environment for the server (e.g. CATCH_UP_INTERVAL_MS=600000 to take polling out of the figures). */
  serverEnv: Record<string, string>;
}

export const USAGE = `usage: npm run bench -- [--rows N] [--input FILE.csv] [--only etl,boot,query,catalog,http,refresh]
  [--database-url URL] [--keep] [--duration S] [--connections C] [--queries Q]
  [--exact-queries E] [--ef 32,64,96,128] [--seed S] [--port P] [--no-docs]
  --rows N          synthetic catalog size (default 1290000), generated once into /tmp/bench-synth-N.csv
  --input FILE      use this CSV instead of a synthetic one (e.g. ../shared/data/tmdb_top3000.csv)
  --only LIST       steps to run (default all); without etl, reuses the database and artifacts of a --keep run
                    refresh (last): refreshes the loaded catalog with a copy of the input with 1% of its lines
                    changed, added or removed (seeded by --seed), and times it (incremental, or full and why)
  --database-url    MySQL URL of the bench database (default mysql://root@127.0.0.1:3306/movies_bench); dropped unless --keep
  --artifacts-dir   the bench's artifacts folder (default /tmp/bench-artifacts/<dataset>); removed unless --keep
  --keep            keep the bench database and artifacts for a later --only run
  --duration S      seconds of HTTP load per route (default 30), 32 connections (--connections)
  --queries Q       in-process ANN queries per ef (default 1000)
  --exact-queries E queries also answered by an exact scan, for recall and the side-by-side speedup
                    (default all Q: one exact scan of 1M vectors takes ~40 ms)
  --no-docs         do not rewrite docs/BENCHMARKS.md
  --render-docs     only re-render docs/BENCHMARKS.md from the figures stored in it (after editing its notes)
  --server-env K=V[,K=V]  extra environment for the server, e.g. CATCH_UP_INTERVAL_MS=600000
  --only tradeoff   (not in the default set) HNSW M/efConstruction sweep on --tradeoff-sample vectors (default 100000)
                    [--tradeoff-configs 16x100,16x200] [--tradeoff-queries 300] [--tradeoff-from-csv: vectorise the
                    input CSV itself, no ETL or published build needed]
  --only simd       (not in the default set) the -march=native hnswlib-node addon vs the portable one: build
                    vectors/s and query p50 at ef 96 on --simd-vectors clustered 394-d vectors (default 100000),
                    runs alternating portable/native for --simd-rounds rounds (default 3), --queries queries each
                    [--simd-from-csv: sample the vectors from the input CSV (--input or --rows) vectorised as the ETL does]
                    then the ETL's parallel builder (native/hnsw-build) on the same vectors with each of
                    --simd-threads thread counts (default 1 and every core, e.g. 1,2)`;

export function parseBenchArgs(argv: string[]): BenchOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: "string" },
      input: { type: "string" },
      only: { type: "string" },
      "database-url": { type: "string" },
      "artifacts-dir": { type: "string" },
      keep: { type: "boolean" },
      duration: { type: "string" },
      connections: { type: "string" },
      queries: { type: "string" },
      "exact-queries": { type: "string" },
      ef: { type: "string" },
      seed: { type: "string" },
      port: { type: "string" },
      "no-docs": { type: "boolean" },
      "tradeoff-sample": { type: "string" },
      "server-env": { type: "string" },
      "tradeoff-queries": { type: "string" },
      "tradeoff-configs": { type: "string" },
      "tradeoff-from-csv": { type: "boolean" },
      "render-docs": { type: "boolean" },
      "simd-vectors": { type: "string" },
      "simd-rounds": { type: "string" },
      "simd-from-csv": { type: "boolean" },
      "simd-threads": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return "help";
  const int = (name: string, v: string | undefined, def: number, min = 1) => {
    if (v === undefined) return def;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got "${v}"`);
    return n;
  };
  const only = new Set<Step>();
  for (const s of (values.only ?? DEFAULT_STEPS.join(",")).split(",").map((x) => x.trim()).filter(Boolean)) {
    if (!(STEPS as readonly string[]).includes(s)) throw new Error(`--only: unknown step "${s}" (choose from ${STEPS.join(", ")})`);
    only.add(s as Step);
  }
  const rows = int("rows", values.rows, 1_290_000);
  const efs = (values.ef ?? "32,64,96,128").split(",").map((x) => int("ef", x, 0));
  const tag = values.input ? values.input.replace(/.*\//, "").replace(/\.[^.]+$/, "").replace(/[^A-Za-z0-9_-]/g, "_") : `synth-${rows}`;
  return {
    rows,
    input: values.input,
    only,
    databaseUrl: values["database-url"] ?? "mysql://root@127.0.0.1:3306/movies_bench",
    keep: values.keep ?? false,
    duration: int("duration", values.duration, 30),
    connections: int("connections", values.connections, 32),
    queries: int("queries", values.queries, 1000),
    exactQueries: values["exact-queries"] === undefined ? undefined : int("exact-queries", values["exact-queries"], 0, 0),
    efs,
    seed: int("seed", values.seed, 42, 0),
    port: int("port", values.port, 3917),
    artifactsDir: values["artifacts-dir"] ?? `/tmp/bench-artifacts/${tag}`,
    writeDocs: !values["no-docs"],
    serverEnv: Object.fromEntries(
      (values["server-env"] ?? "")
        .split(",")
        .filter(Boolean)
        .map((kv) => {
          const i = kv.indexOf("=");
          if (i < 1) throw new Error(`--server-env: expected K=V, got "${kv}"`);
          return [kv.slice(0, i), kv.slice(i + 1)];
        }),
    ),
    tradeoffQueries: int("tradeoff-queries", values["tradeoff-queries"], 300),
    tradeoffConfigs: values["tradeoff-configs"]?.split(",").map((c) => {
      const m = /^(\d+)x(\d+)$/.exec(c.trim());
      if (!m) throw new Error(`--tradeoff-configs: expected MxEFC like 16x200, got "${c}"`);
      return [Number(m[1]), Number(m[2])] as [number, number];
    }),
    tradeoffFromCsv: values["tradeoff-from-csv"] ?? false,
    renderDocs: values["render-docs"] ?? false,
    tradeoffSample: int("tradeoff-sample", values["tradeoff-sample"], 100_000),
    simdVectors: int("simd-vectors", values["simd-vectors"], 100_000, 1000),
    simdRounds: int("simd-rounds", values["simd-rounds"], 3),
    simdFromCsv: values["simd-from-csv"] ?? false,
    simdThreads: [...new Set((values["simd-threads"] ?? `1,${os.availableParallelism()}`).split(",").map((t) => int("simd-threads", t.trim(), 1)))],
  };
}
