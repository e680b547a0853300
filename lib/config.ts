import path from "node:path";

/** Environment configuration, read lazily so tests and scripts can set variables first. */
export { DEFAULT_DATABASE_URL, databaseUrl } from "../db/url";
export const DEFAULT_OMDB_BASE_URL = "https://www.omdbapi.com/";

export function artifactsDir(): string {
  return path.resolve(process.env.ARTIFACTS_DIR || "data/artifacts");
}

/** Writes are refused when no admin token is configured. */
export function adminToken(): string | undefined {
  const token = process.env.ADMIN_TOKEN?.trim();
  return token ? token : undefined;
}

export function omdbApiKey(): string | undefined {
  return process.env.OMDB_API_KEY?.trim() || undefined;
}

export function omdbBaseUrl(): string {
  return process.env.OMDB_BASE_URL || DEFAULT_OMDB_BASE_URL;
}

/** How often a running server polls MySQL for writes made by other replicas. */
export function catchUpIntervalMs(): number {
  const n = Number(process.env.CATCH_UP_INTERVAL_MS);
  return Number.isFinite(n) && n >= 100 ? n : 2000;
}
