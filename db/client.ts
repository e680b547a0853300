import { drizzle, type MySql2Database } from "drizzle-orm/mysql2";
import mysql from "mysql2/promise";
import { databaseUrl } from "./url";
import * as schema from "./schema";

export type Db = MySql2Database<typeof schema>;

/** Pool options that make a dead database fail fast (503 within 2 s) instead of hanging. */
function poolOptions(url: string = databaseUrl()): mysql.PoolOptions {
  return {
    uri: url,
    connectionLimit: Number(process.env.DB_POOL_SIZE) || 10,
    connectTimeout: 2000,
    waitForConnections: true,
    queueLimit: 500,
    enableKeepAlive: true,
    dateStrings: ["DATE"],
    supportBigNumbers: true,
    charset: "utf8mb4",
  };
}

export function createPool(url: string = databaseUrl()): mysql.Pool {
  return mysql.createPool(poolOptions(url));
}

export function createDb(pool: mysql.Pool): Db {
  return drizzle(pool, { schema, mode: "default" });
}

type DbGlobal = { __moviesPool?: mysql.Pool; __moviesDb?: Db };
const g = globalThis as DbGlobal;

/** One pool per process, shared by every route handler module instance. */
export function getPool(): mysql.Pool {
  g.__moviesPool ??= createPool();
  return g.__moviesPool;
}

export function getDb(): Db {
  g.__moviesDb ??= createDb(getPool());
  return g.__moviesDb;
}
