import path from "node:path";
import { fileURLToPath } from "node:url";
import mysql from "mysql2/promise";
import { migrate } from "drizzle-orm/mysql2/migrator";
import { databaseUrl } from "./url";
import { createDb } from "./client";

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export class DatabaseUnreachableError extends Error {
  constructor(url: string, cause: unknown) {
    const safe = redactUrl(url);
    super(
      `cannot reach MySQL at ${safe} (${(cause as Error)?.message ?? cause}). ` +
        "Start one (e.g. `docker compose up -d mysql`, or your local MySQL/MariaDB service) " +
        "or set DATABASE_URL.",
    );
    this.name = "DatabaseUnreachableError";
  }
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "<invalid DATABASE_URL>";
  }
}

function databaseName(url: string = databaseUrl()): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  if (!/^[A-Za-z0-9_$]+$/.test(name)) throw new Error(`DATABASE_URL must name a database (got "${name}")`);
  return name;
}

/** Opens one connection with a short timeout; wraps network errors in a readable message. */
export async function connect(url: string, withDatabase = true): Promise<mysql.Connection> {
  const u = new URL(url);
  if (!withDatabase) u.pathname = "/";
  try {
    return await mysql.createConnection({ uri: u.toString(), connectTimeout: 3000, multipleStatements: false });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ER_BAD_DB_ERROR") throw err;
    throw new DatabaseUnreachableError(url, err);
  }
}

export async function ensureDatabase(url: string = databaseUrl()): Promise<void> {
  const conn = await connect(url, false);
  try {
    await conn.query(
      `CREATE DATABASE IF NOT EXISTS \`${databaseName(url)}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await conn.end();
  }
}

export async function runMigrations(url: string = databaseUrl()): Promise<void> {
  await ensureDatabase(url);
  const pool = mysql.createPool({ uri: url, connectionLimit: 1, connectTimeout: 3000 });
  try {
    await migrate(createDb(pool), { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await pool.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const conn = await connect(url, false);
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${databaseName(url)}\``);
  } finally {
    await conn.end();
  }
}
