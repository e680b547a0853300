/** Where the database is: DATABASE_URL, read lazily so tests and scripts can set it first. */
export const DEFAULT_DATABASE_URL = "mysql://root@127.0.0.1:3306/movies";

export function databaseUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

/** Read replicas for catalog and detail reads: DATABASE_READ_URL, comma-separated; none by default. */
export function databaseReadUrls(): string[] {
  return (process.env.DATABASE_READ_URL ?? "")
    .split(",")
    .map((u) => u.trim())
    .filter(Boolean);
}

function positiveNumber(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return process.env[name]?.trim() && Number.isFinite(n) && n > 0 ? n : fallback;
}

/** A replica further behind the primary than this (seconds) is not read from until it catches up. */
export function readReplicaMaxLagSec(): number {
  return positiveNumber("DATABASE_READ_MAX_LAG_SEC", 2);
}

/** How often (ms) each replica's state and lag are checked, in the background. */
export function readReplicaCheckMs(): number {
  return Math.max(100, positiveNumber("DATABASE_READ_CHECK_MS", 1000));
}
