import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import mysql from "mysql2/promise";
import { CATALOG_SNAPSHOT_FILE, writeCatalogSnapshot } from "@/lib/catalog/snapshot";
import { catalogStamp } from "@/lib/catalog/sync";
import { artifactsDir, databaseUrl } from "@/lib/config";
import { makeBuildId, MODEL_FILE, newBuildDir, publishBuild, readCurrentManifest, removeAbandonedBuilds } from "@/lib/reco/artifacts";
import { createFitter, DEFAULT_RECIPE, FeatureModel, RECIPES, type RecipeName } from "@/lib/reco/features";
import { rowToMovie } from "@/lib/movies/row";
import type { Movie } from "@/lib/movies/types";
import { DatabaseUnreachableError, redactUrl } from "@/db/admin";
import { buildIndexFile, type IndexBuildResult } from "./index-build";
import { acquireEtlLock, dbNow } from "./load";
import { writeManifest } from "./publish";
import { runStages, type Stage, timingLines } from "./stages";
import { recoverIncrementalPublish } from "./incremental/state";
import { recoverInterruptedPublish } from "./swap";

const USAGE = "usage: npm run index:rebuild [-- --refit] [--recipe NAME]";

async function* liveMovies(pool: mysql.Pool): AsyncGenerator<Movie> {
  const stream = pool.pool.query("SELECT * FROM movies WHERE deleted_at IS NULL").stream({ highWaterMark: 2000 });
  for await (const row of stream) yield rowToMovie(row as never);
}

/** The catalog's rows (servers apply the API rows on top), for the build's catalog snapshot. */
async function* catalogMovies(pool: mysql.Pool): AsyncGenerator<Movie> {
  const sql = "SELECT *, DATE_FORMAT(release_date, '%Y-%m-%d') AS release_date_text FROM movies WHERE deleted_at IS NULL";
  for await (const row of pool.pool.query(sql).stream({ highWaterMark: 2000 }) as AsyncIterable<Record<string, unknown>>)
    if (row.origin === "catalog") yield rowToMovie({ ...row, release_date: row.release_date_text } as never);
}

/** What the rebuild's stages hand on to each other. */
interface Rebuild {
  pool: mysql.Pool;
  dir: string;
  buildId: string;
  buildDir: string;
  watermark: string;
  /** Fit a new model with this recipe instead of reusing the published one. */
  refitWith?: RecipeName;
  model?: FeatureModel;
  index?: IndexBuildResult;
}

/** The published feature model, or a new one fitted on the live rows (--refit, --recipe, or none published). */
const fit: Stage<Rebuild> = {
  name: "fit",
  async run(r) {
    const current = r.refitWith ? undefined : await readCurrentManifest(r.dir).catch(() => undefined);
    let documents = 0;
    if (current) r.model = FeatureModel.fromJSON(JSON.parse(await fs.promises.readFile(path.join(current.buildDir, MODEL_FILE), "utf8")));
    else {
      const fitter = createFitter(r.refitWith ?? DEFAULT_RECIPE);
      for await (const m of liveMovies(r.pool)) {
        fitter.add(m);
        documents++;
      }
      r.model = fitter.finish();
    }
    await fs.promises.writeFile(path.join(r.buildDir, MODEL_FILE), JSON.stringify(r.model.toJSON()));
    return documents;
  },
};

const indexBuild: Stage<Rebuild> = {
  name: "index_build",
  async run(r) {
    const [[{ n }]] = (await r.pool.query<mysql.RowDataPacket[]>("SELECT COUNT(*) AS n FROM movies WHERE deleted_at IS NULL")) as unknown as [[{ n: number }]];
    r.index = await buildIndexFile(liveMovies(r.pool), r.model!, Math.ceil(Number(n) * 1.05) + 1000, r.buildDir, {
      onBuilder: (builder) => console.error(`index build: ${builder.summary}`),
    });
    return r.index.count;
  },
};

/** The catalog rows are the last load's: saved again for this build, so servers start from it. */
const catalogSnapshot: Stage<Rebuild> = {
  name: "catalog_snapshot",
  async run(r) {
    const { stamp } = await catalogStamp(r.pool);
    if (!stamp) return 0; // no catalog rows: servers read MySQL
    const snap = await writeCatalogSnapshot(path.join(r.buildDir, CATALOG_SNAPSHOT_FILE), catalogMovies(r.pool), { buildId: r.buildId, stamp });
    return snap.movies;
  },
};

const publish: Stage<Rebuild> = {
  name: "publish",
  async run(r) {
    const { model, index } = r as Required<Rebuild>;
    const manifest = await writeManifest({
      artifactsDir: r.dir, buildDir: r.buildDir, buildId: r.buildId, recipe: model.recipe, dim: model.dim, count: index.count, watermark: r.watermark, source: `mysql:${redactUrl(databaseUrl())}`,
    });
    await publishBuild(r.dir, r.buildDir, manifest);
    return index.count;
  },
};

/**
 * Rebuilds the HNSW index from MySQL alone (the source of truth), reusing the published feature
 * model unless --refit (or no model exists). Publishes atomically like the ETL.
 */
async function main(): Promise<number> {
  let values: { refit?: boolean; recipe?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { refit: { type: "boolean" }, recipe: { type: "string" }, help: { type: "boolean", short: "h" } } }));
  } catch (err) {
    console.error(`index:rebuild: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) return console.log(USAGE), 0;
  if (values.recipe && !RECIPES.includes(values.recipe as RecipeName)) {
    console.error(`index:rebuild: unknown --recipe ${values.recipe} (choose one of ${RECIPES.join(", ")})`);
    return 2;
  }
  const dir = artifactsDir();
  const pool = mysql.createPool({ uri: databaseUrl(), connectionLimit: 2, connectTimeout: 3000 });
  const buildId = makeBuildId();
  const buildDir = newBuildDir(dir, buildId);
  let published = false;
  try {
    const conn = await pool.getConnection().catch((err) => {
      throw new DatabaseUnreachableError(databaseUrl(), err);
    });
    if (!(await acquireEtlLock(conn))) throw new Error("an ETL or rebuild is already running on this database");
    const recovered = await recoverInterruptedPublish(conn, databaseUrl());
    if (recovered) console.error(`recovered ${recovered} API row(s) left by an interrupted publish`);
    // An incremental refresh killed after its commit is finished first: this build comes after it.
    for (const line of await recoverIncrementalPublish(conn, dir)) console.error(line);
    const watermark = await dbNow(conn);
    await removeAbandonedBuilds(dir, buildId);
    await fs.promises.mkdir(buildDir, { recursive: true });
    const rebuild: Rebuild = { pool, dir, buildId, buildDir, watermark, refitWith: values.refit || values.recipe ? ((values.recipe as RecipeName) ?? DEFAULT_RECIPE) : undefined };
    const timings = await runStages([fit, indexBuild, catalogSnapshot, publish], rebuild);
    published = true;
    const { model, index: result } = rebuild as Required<Rebuild>;
    console.log(`index rebuilt from MySQL: ${result.count} vectors in ${result.nodes} nodes, ${model.dim} dims, recipe ${model.recipe}, ${(result.ms / 1000).toFixed(1)} s (build ${buildId})`);
    console.log(["stages:", ...timingLines(timings)].join("\n"));
    conn.release();
    return 0;
  } catch (err) {
    console.error(`index:rebuild: ${(err as Error).message}`);
    return 1;
  } finally {
    if (!published) await fs.promises.rm(buildDir, { recursive: true, force: true }).catch(() => {});
    await pool.end().catch(() => {});
  }
}

main().then((code) => process.exit(code));
