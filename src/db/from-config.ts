/**
 * Configuring a `Database` from an app config: `DATABASE_URI` is the default bind,
 * `SQLALCHEMY_BINDS` (or the ini's `[binds]`) the named ones; models come from the app
 * package. Used by the extension at app start and by `wf migrate` without an app.
 */
import { join } from "node:path";
import type { Config } from "../config/index.ts";
import type { BindConfig, Database } from "./database.ts";
import { discoverModels } from "./discover.ts";
import { DbError, DbErrorCode } from "./errors.ts";

/** The binds an app config declares, with the key each URI came from. */
export function bindsFromConfig(config: Config): Record<string, BindConfig> {
  const binds: Record<string, BindConfig> = {};
  const uri = config.get("DATABASE_URI");
  if (uri) binds.default = { uri, key: "DATABASE_URI" };
  const named = config.get("SQLALCHEMY_BINDS") ?? {};
  if (typeof named !== "object" || Array.isArray(named)) {
    throw new DbError(
      DbErrorCode.BAD_URI,
      `SQLALCHEMY_BINDS (${config.entry("SQLALCHEMY_BINDS")?.source}) must map bind names to URIs, e.g. {"test": "sqlite:///test.db"}`,
    );
  }
  for (const [name, value] of Object.entries(named)) {
    binds[name] = { uri: String(value), key: `SQLALCHEMY_BINDS.${name}` };
  }
  return binds;
}

/** Points `database` at the app config's binds (URIs are checked here). */
export function configureDatabase(database: Database, config: Config): void {
  database.configure({ root: config.root, binds: bindsFromConfig(config), debug: config.get("SQLALCHEMY_ECHO") === true });
}

/** Imports the app package's models (`models.ts` or `models/*.ts`). */
export async function loadModels(config: Config): Promise<void> {
  await discoverModels(join(config.root, config.get("PACKAGE")));
}
