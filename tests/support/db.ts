import { dropDatabase, runMigrations } from "@/db/admin";

export const TEST_DB_HOST = process.env.TEST_DATABASE_HOST_URL ?? "mysql://root@127.0.0.1:3306";

/** A fresh, migrated database of its own for one test file; call drop() when done. */
export async function createTestDatabase(tag: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `movies_test_${tag}_${process.pid}_${Date.now().toString(36)}`.slice(0, 64);
  const url = `${TEST_DB_HOST}/${name}`;
  await runMigrations(url);
  return { url, drop: () => dropDatabase(url) };
}
