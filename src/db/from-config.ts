/**
 * A `Database` from an app config: `DATABASE_URI` is the default bind, `SQLALCHEMY_BINDS`
 * (or the ini's `[binds]`) the named ones; models come from the app package. Used by the
 * extension when the app is prepared, and by `wf migrate`, which needs no app.
 */
import { join } from "node:path";
import { configuredBinds, type Config } from "../config/index.ts";
import { db } from "./context-database.ts";
import { Database } from "./database.ts";
import { discoverModels } from "./discover.ts";

/** Points `database` at the app config's binds (URIs are checked here). */
export function configureDatabase(database: Database, config: Config): void {
  database.configure({ root: config.root, binds: configuredBinds(config), debug: config.get("SQLALCHEMY_ECHO") === true });
}

/**
 * A database of its own over db's models, configured from `config`, for work on an app
 * config without its app (`wf migrate`). The caller closes it.
 */
export function databaseFromConfig(config: Config): Database {
  const database = new Database({ models: db });
  configureDatabase(database, config);
  return database;
}

/** Imports the app package's models (`models.ts` or `models/*.ts`). */
export async function loadModels(config: Config): Promise<void> {
  await discoverModels(join(config.root, config.get("PACKAGE")));
}
