import { databaseUrl } from "./url";
import { redactUrl, runMigrations } from "./admin";

runMigrations()
  .then(() => console.log(`migrated ${redactUrl(databaseUrl())}`))
  .catch((err: Error) => {
    console.error(`db:migrate failed: ${err.message}`);
    process.exit(1);
  });
