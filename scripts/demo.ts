import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { DatabaseUnreachableError, ensureDatabase, redactUrl } from "@/db/admin";
import { artifactsDir, databaseUrl } from "@/lib/config";
import { readCurrentManifest } from "@/lib/reco/artifacts";
import { writeSyntheticCsv } from "@/tools/synth/generator";
import { runEtl } from "@/etl/run";

const REAL_FILE = "data/TMDB_movie_dataset_v11.csv";
const DEMO_FILE = "data/demo-catalog.csv";
const DEMO_ROWS = 20_000;
const USAGE = "usage: npm run demo [-- --input FILE.csv|FILE.zip] [--reload] [--port 3000]";

/** The catalog to serve: --input, $DATA_CSV, the real Kaggle file in data/, else a generated one. */
async function chooseCatalog(input: string | undefined): Promise<string> {
  const given = input ?? process.env.DATA_CSV;
  if (given) return given;
  if (fs.existsSync(REAL_FILE)) return REAL_FILE;
  if (!fs.existsSync(DEMO_FILE)) {
    console.log(`no catalog given and ${REAL_FILE} absent: generating a ${DEMO_ROWS}-movie demo catalog in ${DEMO_FILE}`);
    await fs.promises.mkdir(path.dirname(DEMO_FILE), { recursive: true });
    await writeSyntheticCsv(DEMO_FILE, DEMO_ROWS, 1);
  }
  return DEMO_FILE;
}

async function main(): Promise<number> {
  let values: { input?: string; reload?: boolean; port?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { input: { type: "string" }, reload: { type: "boolean" }, port: { type: "string" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (err) {
    console.error(`demo: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) return console.log(USAGE), 0;
  const port = values.port ?? process.env.PORT ?? "3000";
  if (!/^\d{2,5}$/.test(port)) {
    console.error(`demo: --port must be a port number\n${USAGE}`);
    return 2;
  }
  try {
    await ensureDatabase();
  } catch (err) {
    if (err instanceof DatabaseUnreachableError) {
      console.error(`demo: ${err.message}\nWith Docker: docker compose up -d mysql  (then run npm run demo again)`);
      return 1;
    }
    throw err;
  }
  const catalog = await chooseCatalog(values.input);
  const current = await readCurrentManifest(artifactsDir()).catch(() => undefined);
  if (values.reload || current?.manifest.source !== path.basename(catalog)) {
    console.log(`loading ${catalog} into ${redactUrl(databaseUrl())} ...`);
    const report = await runEtl({ input: catalog });
    console.log(`loaded ${report.kept} movies in ${(report.totalMs / 1000).toFixed(1)} s`);
  } else {
    console.log(`catalog ${catalog} already loaded (build ${current.manifest.buildId}); --reload to load it again`);
  }
  if (!fs.existsSync(".next/BUILD_ID")) {
    console.log("building the site (next build) ...");
    const build = spawnSync("npx", ["next", "build"], { stdio: "inherit" });
    if (build.status !== 0) return build.status ?? 1;
  }
  const env = { ...process.env };
  if (!env.ADMIN_TOKEN) {
    env.ADMIN_TOKEN = randomBytes(16).toString("hex");
    console.log(`ADMIN_TOKEN not set: using ${env.ADMIN_TOKEN} for this demo (sign in at /admin)`);
  }
  console.log(`starting on http://localhost:${port}`);
  // `npm start`, as in production: next start with huge pages for the graph (scripts/huge-pages.sh).
  const server = spawn("npm", ["start", "--", "-p", port], { stdio: "inherit", env });
  return new Promise((resolve) => server.on("exit", (code) => resolve(code ?? 0)));
}

main()
  .then((code) => process.exit(code))
  .catch((err: Error) => {
    console.error(`demo: ${err.message}`);
    process.exit(1);
  });
