import { parseArgs } from "node:util";
import { DatabaseUnreachableError } from "@/db/admin";
import { RECIPES, type RecipeName } from "@/lib/reco/features";
import { EtlError, runEtl, type EtlReport } from "./run";
import { InputError } from "./read";
import { timingLines } from "./stages";

const USAGE = `usage: npm run etl -- --input FILE.csv|FILE.zip [--recipe NAME] [--full]   (FILE defaults to $DATA_CSV)
  --full   rebuild everything even when an incremental refresh would do`;

function printReport(r: EtlReport): void {
  const c = r.refresh.changes;
  const lines = [
    `ETL finished in ${(r.totalMs / 1000).toFixed(1)} s (build ${r.buildId}, recipe ${r.recipe}, ${r.dim} dims, ${r.indexNodes} index nodes for ${r.kept} movies)`,
    `${r.refresh.path} refresh: ${r.refresh.reason}`,
    ...(c ? [`movies added ${c.added}, changed ${c.changed}, removed ${c.removed}, unchanged ${c.unchanged}; ${c.linesParsed} lines parsed, the rest matched by hash`] : []),
    `rows read ${r.rowsRead}, kept ${r.kept}, API rows kept ${r.apiRowsKept} (${r.apiEditsOverCatalog} over a catalog movie)`,
    `index build: ${r.indexBuilder}`,
    `id collisions with API-made movies: ${r.idCollisions.length}${r.idCollisions.length ? ` (${r.idCollisions.slice(0, 10).join(", ")})` : ""}`,
    ...(r.recoveredApiRows ? [`API rows recovered from an interrupted publish: ${r.recoveredApiRows}`] : []),
    "dropped:",
    ...Object.entries(r.dropped)
      .filter(([, n]) => n > 0)
      .map(([reason, n]) => `  ${reason.padEnd(26)} ${n}`),
    ...(Object.keys(r.clipped).length ? ["shortened to fit the column:"] : []),
    ...Object.entries(r.clipped).map(([field, n]) => `  ${field.padEnd(26)} ${n}`),
    "stages:",
    ...timingLines(r.stages),
    `report saved to ARTIFACTS_DIR/etl-report.json`,
  ];
  console.log(lines.join("\n"));
}

async function main(): Promise<number> {
  let values: { input?: string; recipe?: string; full?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { input: { type: "string" }, recipe: { type: "string" }, full: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    console.error(`etl: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const input = values.input ?? process.env.DATA_CSV;
  if (!input) {
    console.error(`etl: --input is required\n${USAGE}`);
    return 2;
  }
  if (values.recipe && !RECIPES.includes(values.recipe as RecipeName)) {
    console.error(`etl: unknown --recipe ${values.recipe} (choose one of ${RECIPES.join(", ")})`);
    return 2;
  }
  try {
    printReport(await runEtl({ input, recipe: values.recipe as RecipeName | undefined, full: values.full }));
    return 0;
  } catch (err) {
    if (err instanceof InputError || err instanceof EtlError || err instanceof DatabaseUnreachableError) {
      console.error(`etl: ${err.message}`);
      return 1;
    }
    console.error(`etl: failed: ${(err as Error).stack ?? err}`);
    return 1;
  }
}

// Ctrl-C: exit at once; nothing is published until the final swap, so the live data stays intact.
process.on("SIGINT", () => {
  console.error("etl: interrupted; the live catalog and index are unchanged");
  process.exit(130);
});
main().then((code) => process.exit(code));
