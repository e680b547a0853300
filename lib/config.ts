import path from "node:path";

/** Environment configuration, read lazily so tests and scripts can set variables first. */
export { DEFAULT_DATABASE_URL, databaseReadUrls, databaseUrl, readReplicaCheckMs, readReplicaMaxLagSec } from "../db/url";
export const DEFAULT_OMDB_BASE_URL = "https://www.omdbapi.com/";

export function artifactsDir(): string {
  return path.resolve(process.env.ARTIFACTS_DIR || "data/artifacts");
}

/** A shorter admin token is guessable offline from a leaked cookie or log line: writes stay off. */
export const MIN_SECRET_LENGTH = 32;

/** Why writes (API and /admin) are refused on this server, or undefined when they are enabled. */
export function writesDisabledReason(): string | undefined {
  const token = process.env.ADMIN_TOKEN?.trim();
  if (!token) return "writes are disabled: set ADMIN_TOKEN on the server";
  if (token.length < MIN_SECRET_LENGTH)
    return `writes are disabled: ADMIN_TOKEN must be at least ${MIN_SECRET_LENGTH} characters (it has ${token.length}); generate one with: openssl rand -hex 32`;
  const secret = process.env.SESSION_SECRET;
  if (secret !== undefined && secret !== "" && secret.length < MIN_SECRET_LENGTH)
    return `writes are disabled: SESSION_SECRET, when set, must be at least ${MIN_SECRET_LENGTH} characters`;
  return undefined;
}

/** The admin token, only when it is usable (see writesDisabledReason). */
export function adminToken(): string | undefined {
  return writesDisabledReason() ? undefined : process.env.ADMIN_TOKEN!.trim();
}

/** Optional extra key material for signing admin sessions (validated by writesDisabledReason). */
export function sessionSecret(): string | undefined {
  return process.env.SESSION_SECRET || undefined;
}

function nonNegativeInt(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

/** Variables that are set but unusable, for the startup log (each falls back to its default). */
export function invalidNumericSettings(): string[] {
  return ["TRUST_PROXY", "READ_RATE_PER_SEC", "WRITE_RATE_PER_SEC", "SIGN_IN_ATTEMPTS"].filter((name) => {
    const raw = process.env[name]?.trim();
    return raw && !(Number.isInteger(Number(raw)) && Number(raw) >= 0);
  });
}

/** How many reverse proxies in front of the server append to X-Forwarded-For; 0: the socket peer is the client. */
export function trustProxyHops(): number {
  return nonNegativeInt("TRUST_PROXY", 0);
}

/** API requests per second per client address, in-process; 0 turns the limit off (benchmarks). */
export function readRatePerSec(): number {
  return nonNegativeInt("READ_RATE_PER_SEC", 100);
}

/** Authorised writes per second per client address, across replicas. */
export function writeRatePerSec(): number {
  return nonNegativeInt("WRITE_RATE_PER_SEC", 50) || 50;
}

/** Failed admin-token attempts per client address per SIGN_IN_WINDOW_SEC, across replicas. */
export function signInAttempts(): number {
  return nonNegativeInt("SIGN_IN_ATTEMPTS", 10) || 10;
}
export const SIGN_IN_WINDOW_SEC = 15 * 60;

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
