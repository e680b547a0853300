/**
 * npm run synth -- --rows N --out FILE.csv [--seed S]
 * Writes a deterministic synthetic catalog in the exact TMDB CSV format (see tools/synth/).
 */
import fs from "node:fs";
import path from "node:path";
import cliProgress from "cli-progress";
import { DEFAULT_SEED, SYNTH_MAX_ROWS, tmpPathFor, writeSyntheticCsv } from "./generator";

const USAGE = "usage: npm run synth -- --rows N --out FILE.csv [--seed S]";

class UsageError extends Error {}

interface Args {
  rows: number;
  out: string;
  seed: number;
}

function parseArgs(argv: string[]): Args | "help" {
  const values: Record<string, string> = {};
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k];
    if (arg === "--help" || arg === "-h") return "help";
    const m = /^--(rows|out|seed)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UsageError(arg.startsWith("-") ? `unknown option ${arg}` : `unexpected argument ${arg}`);
    const value = m[2] ?? argv[++k];
    if (value === undefined || (m[2] === undefined && value.startsWith("--"))) throw new UsageError(`--${m[1]} needs a value`);
    values[m[1]] = value;
  }
  if (values.rows === undefined) throw new UsageError("missing --rows");
  if (!/^\d+$/.test(values.rows) || Number(values.rows) < 1 || Number(values.rows) > SYNTH_MAX_ROWS) {
    throw new UsageError(`--rows must be an integer from 1 to ${SYNTH_MAX_ROWS}, got "${values.rows}"`);
  }
  if (!values.out) throw new UsageError("missing --out");
  let seed = DEFAULT_SEED;
  if (values.seed !== undefined) {
    if (!/^-?\d+$/.test(values.seed) || !Number.isSafeInteger(Number(values.seed))) {
      throw new UsageError(`--seed must be an integer, got "${values.seed}"`);
    }
    seed = Number(values.seed);
  }
  return { rows: Number(values.rows), out: values.out, seed };
}

function checkOutput(file: string): void {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch {
    throw new UsageError(`output directory does not exist: ${dir}`);
  }
  if (!st.isDirectory()) throw new UsageError(`not a directory: ${dir}`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new UsageError(`output directory is not writable: ${dir}`);
  }
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) throw new UsageError(`--out is a directory: ${target}`);
}

async function main(): Promise<number> {
  let args: Args | "help";
  try {
    args = parseArgs(process.argv.slice(2));
    if (args !== "help") checkOutput(args.out);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`synth: ${e.message} (${USAGE})\n`);
      return 1;
    }
    throw e;
  }
  if (args === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { rows, out, seed } = args;
  const tmp = tmpPathFor(path.resolve(out));
  const onSignal = (sig: NodeJS.Signals) => {
    fs.rmSync(tmp, { force: true });
    process.stderr.write(`\nsynth: interrupted (${sig}), nothing written\n`);
    process.exit(sig === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const t0 = performance.now();
  const tty = process.stderr.isTTY === true;
  const bar = tty
    ? new cliProgress.SingleBar(
        { format: "synth [{bar}] {percentage}% | {value}/{total} rows | {eta_formatted} left", stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(rows, 0);
  const every = tty ? Math.max(1000, Math.floor(rows / 500)) : 100_000;
  let reported = 0;
  try {
    const res = await writeSyntheticCsv(out, rows, seed, {
      progressEvery: every,
      onProgress: (n) => {
        if (bar) bar.update(n);
        else if (n < rows && n - reported >= every) {
          reported = n;
          const s = (performance.now() - t0) / 1000;
          process.stderr.write(`synth: ${n}/${rows} rows (${((100 * n) / rows).toFixed(1)}%) ${s.toFixed(1)}s\n`);
        }
      },
    });
    bar?.stop();
    const s = (performance.now() - t0) / 1000;
    const d = res.stats.dirty;
    const dirty = Object.entries(d)
      .filter(([, v]) => v > 0)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ");
    process.stderr.write(
      `synth: wrote ${res.rows} rows, ${(res.bytes / 1e6).toFixed(1)} MB to ${out} in ${s.toFixed(1)}s ` +
        `(${Math.round(res.rows / s)} rows/s, seed ${seed}); ~${res.stats.expectedClean} rows survive cleaning\n` +
        `synth: dirty rows: ${dirty || "none"}\n`,
    );
    return 0;
  } catch (e) {
    bar?.stop();
    process.stderr.write(`synth: ${(e as Error).message}\n`);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`synth: ${(e as Error)?.stack ?? e}\n`);
    process.exit(1);
  },
);
