/** Where the database is: DATABASE_URL, read lazily so tests and scripts can set it first. */
export const DEFAULT_DATABASE_URL = "mysql://root@127.0.0.1:3306/movies";

export function databaseUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}
