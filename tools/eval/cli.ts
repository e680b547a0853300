/**
 * npm run eval -- --ratings DIR [--catalog FILE.csv] [--recipe NAME|all] [--diversity 0..1] [--out FILE.json]
 *
 * Scores each feature recipe's "movies like this" (exact cosine kNN over the catalog) against
 * MovieLens item-item co-rating neighbours, next to random and most-popular baselines. With
 * --diversity each recipe is also scored with the server's MMR re-ranking at that diversity.
 * See tools/eval/metrics.ts for the protocol and docs/RECOMMENDER.md for the figures.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadCleanMovies } from "@/etl/pipeline";
import { artifactsDir } from "@/lib/config";
import {
  buildTruth,
  DEFAULT_TRUTH,
  evaluateRecipe,
  type Metrics,
  parseLinksCsv,
  parseRatingsCsv,
  popularRankings,
  randomBaseline,
  rankByPopularity,
  type Rating,
  scoreRankings,
  type TruthOptions,
} from "./metrics";
import { DEFAULT_RECIPE, RECIPES, type RecipeName } from "@/lib/reco/features";

const DEFAULT_CATALOG = "../shared/data/tmdb_top3000.csv";
const K = 10;
const SEED = 42;

class UsageError extends Error {}

function usage(): string {
  return "usage: npm run eval -- --ratings DIR [--catalog FILE.csv] [--recipe NAME|all] [--diversity 0..1] [--out FILE.json]";
}

function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`eval: --${name} must be a positive integer, got "${value}"`);
  return n;
}

function parseCli(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        ratings: { type: "string" },
        catalog: { type: "string" },
        recipe: { type: "string" },
        out: { type: "string" },
        diversity: { type: "string" },
        "min-raters": { type: "string" },
        "min-support": { type: "string" },
        "truth-k": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError(`eval: ${(e as Error).message.split("\n")[0]}. ${usage()}`);
  }
  if (values.help) {
    console.log(usage());
    process.exit(0);
  }
  if (!values.ratings) throw new UsageError(`eval: --ratings DIR is required (a MovieLens folder with ratings.csv and links.csv). ${usage()}`);
  const ratingsDir = path.resolve(values.ratings);
  for (const f of ["ratings.csv", "links.csv"]) {
    if (!fs.existsSync(path.join(ratingsDir, f))) throw new UsageError(`eval: ${path.join(ratingsDir, f)} not found (--ratings must be a MovieLens folder with ratings.csv and links.csv)`);
  }
  const catalog = path.resolve(values.catalog ?? DEFAULT_CATALOG);
  if (!fs.existsSync(catalog) || !fs.statSync(catalog).isFile()) {
    throw new UsageError(
      values.catalog
        ? `eval: catalog file ${catalog} not found`
        : `eval: no --catalog given and the default ${catalog} does not exist (pass --catalog FILE.csv, a TMDB-format CSV)`,
    );
  }
  const recipeArg = values.recipe ?? "all";
  if (recipeArg !== "all" && !(RECIPES as readonly string[]).includes(recipeArg)) {
    throw new UsageError(`eval: unknown --recipe "${recipeArg}" (choose all or one of ${RECIPES.join(", ")})`);
  }
  const recipes: RecipeName[] = recipeArg === "all" ? [...RECIPES] : [recipeArg as RecipeName];
  const truthOptions: TruthOptions = {
    ...DEFAULT_TRUTH,
    minRaters: intOption(values["min-raters"], "min-raters", DEFAULT_TRUTH.minRaters),
    minSupport: intOption(values["min-support"], "min-support", DEFAULT_TRUTH.minSupport),
    k: intOption(values["truth-k"], "truth-k", DEFAULT_TRUTH.k),
  };
  const out = path.resolve(values.out ?? path.join(artifactsDir(), "eval.json"));
  const diversity = values.diversity === undefined ? 0 : Number(values.diversity);
  if (!(diversity >= 0 && diversity <= 1)) throw new UsageError(`eval: --diversity must be a number from 0 to 1, got "${values.diversity}"`);
  return { ratingsDir, catalog, recipes, truthOptions, out, diversity };
}

function fmt(m: Metrics): string[] {
  return [m.hit.toFixed(3), m.precision.toFixed(3), m.recall.toFixed(3), m.ndcg.toFixed(3)];
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ")).join("\n");
}

async function main(): Promise<void> {
  const opts = parseCli(process.argv.slice(2));
  const movies = await loadCleanMovies(opts.catalog);
  if (movies.length === 0) throw new UsageError(`eval: the catalog ${opts.catalog} holds no usable movie`);
  const catalogIds = movies.map((m) => m.id);

  const links = parseLinksCsv(fs.readFileSync(path.join(opts.ratingsDir, "links.csv"), "utf8"));
  const parsed = parseRatingsCsv(fs.readFileSync(path.join(opts.ratingsDir, "ratings.csv"), "utf8"));
  // MovieLens ids -> TMDB ids; ratings of unlinked movies still count for the user means.
  const ratings: Rating[] = parsed.ratings.map((r) => ({ ...r, movieId: links.get(r.movieId) ?? -r.movieId }));
  const { truth, raters, emptyTruth } = buildTruth(ratings, catalogIds, opts.truthOptions);
  if (truth.size === 0) throw new UsageError("eval: no catalog movie has enough ratings to be scored (check that links.csv maps to the catalog's TMDB ids)");

  const results = opts.recipes.map((r) => evaluateRecipe(movies, truth, r, K, opts.diversity));
  const random = randomBaseline(catalogIds, truth, K, SEED, 20);
  const popularMl = scoreRankings(popularRankings(rankByPopularity(raters), truth.keys(), K), truth, K);
  const popularTmdb = scoreRankings(
    popularRankings(rankByPopularity(new Map(movies.map((m) => [m.id, m.vote_count]))), truth.keys(), K),
    truth,
    K,
  );

  const t = opts.truthOptions;
  console.log(
    `catalog ${movies.length} movies; ${parsed.ratings.length} ratings (${parsed.skipped} skipped), ` +
      `${[...raters.values()].reduce((a, b) => a + b, 0)} on ${raters.size} catalog movies; ` +
      `${truth.size} query movies (>= ${t.minRaters} raters; truth = top ${t.k} adjusted-cosine neighbours with >= ${t.minSupport} co-raters; ${emptyTruth} with no truth skipped)`,
  );
  const rows = [["recipe", "dim", "hit@10", "P@10", "R@10", "nDCG@10", "fit ms", "vec ms"]];
  for (const r of results) {
    rows.push([r.recipe + (r.recipe === DEFAULT_RECIPE ? " (default)" : ""), String(r.dim), ...fmt(r.metrics), r.fitMs.toFixed(0), r.vectorizeMs.toFixed(0)]);
    if (r.diverse) rows.push([`${r.recipe}, diversity ${opts.diversity}`, String(r.dim), ...fmt(r.diverse), "-", "-"]);
  }
  rows.push(["random (20 seeded draws)", "-", ...fmt(random), "-", "-"]);
  rows.push(["most rated (MovieLens)", "-", ...fmt(popularMl), "-", "-"]);
  rows.push(["most voted (TMDB)", "-", ...fmt(popularTmdb), "-", "-"]);
  console.log(table(rows));

  const report = {
    generatedAt: new Date().toISOString(),
    catalog: opts.catalog,
    ratings: opts.ratingsDir,
    k: K,
    truth: { ...t, queries: truth.size, emptyTruth },
    defaultRecipe: DEFAULT_RECIPE,
    diversity: opts.diversity,
    recipes: results.map((r) => ({ recipe: r.recipe, dim: r.dim, ...r.metrics, diverse: r.diverse, fitMs: Math.round(r.fitMs), vectorizeMs: Math.round(r.vectorizeMs) })),
    baselines: {
      random: { seed: SEED, draws: 20, ...random },
      mostRatedMovieLens: popularMl,
      mostVotedTmdb: popularTmdb,
    },
  };
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  fs.writeFileSync(opts.out, JSON.stringify(report, null, 2) + "\n");
  console.log(`wrote ${path.relative(process.cwd(), opts.out) || opts.out}`);
}

main().catch((e: unknown) => {
  if (e instanceof UsageError) console.error(e.message);
  else console.error(`eval: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
