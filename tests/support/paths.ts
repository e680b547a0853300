import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
/** The shared real data (never committed): ../shared/data beside the project, or SHARED_DATA_DIR. */
export const SHARED_DATA = path.resolve(process.env.SHARED_DATA_DIR ?? path.join(ROOT, "../shared/data"));
export const TOP3000 = path.join(SHARED_DATA, "tmdb_top3000.csv");
export const RANDOM113 = path.join(SHARED_DATA, "tmdb_random113.csv");
export const MOVIELENS_DEV = path.join(SHARED_DATA, "movielens-dev");
export const hasRealData = fs.existsSync(TOP3000) && fs.existsSync(RANDOM113);
export const MISSING_DATA = `real data not found in ${SHARED_DATA} (set SHARED_DATA_DIR); skipping`;
