import { defineConfig } from "drizzle-kit";
import { databaseUrl } from "./lib/config";

export default defineConfig({
  dialect: "mysql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
  dbCredentials: { url: databaseUrl() },
});
