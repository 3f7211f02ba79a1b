/**
 * What every `wf migrate` command starts from: the app config (config.ts + ini), a
 * database of the command's own with the config's binds, the models imported when the
 * command compares them (main.ts is imported for its models only: no app is created,
 * nothing is served), and the script directory.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { mainFile } from "../../app/index.ts";
import { describeLoadError, loadConfig, type Config } from "../../config/index.ts";
import type { Database, Orm } from "../../db/index.ts";
import { databaseFromConfig, loadModels } from "../../db/from-config.ts";
import { MigrateError } from "../errors.ts";
import { ScriptDirectory } from "../script/script-directory.ts";

/** An app config opened for Migrate: what every command function takes first. Close it with {@link closeContext}. */
export interface MigrateContext {
  /** The app config name (`app` for `app_configs/app.ini`). */
  readonly app: string;
  /** The project root. */
  readonly root: string;
  /** The app config's effective config. */
  readonly config: Config;
  /** A database of the command's own, configured with the app config's binds. */
  readonly database: Database;
  /** Configured binds, `default` first. */
  readonly binds: readonly string[];
  /** Lines for the user (progress, notes). */
  readonly out: (line: string) => void;
}

/** Options of {@link loadContext}. */
export interface ContextOptions {
  /** Where to search for the project root from (default: the current folder). */
  readonly cwd?: string;
  /** The project root, instead of searching for it. */
  readonly root?: string;
  /** Receives the lines a command prints (default: stdout). */
  readonly out?: (line: string) => void;
  /** Extra config values (tests). */
  readonly overrides?: Readonly<Record<string, unknown>>;
  /**
   * Import the models (main.ts and models.ts), as autogenerate needs them (default true).
   * Commands that only read or apply revisions pass false and start faster: revisions
   * work with operations and SQL, never with model classes.
   */
  readonly models?: boolean;
}

/**
 * Reads app config `app` as `wf migrate` does (config.ts, the ini file, the environment) and
 * imports its models; nothing is served and no app is created.
 *
 * @throws MigrateError `WF_ERR_MIGRATE_NO_DATABASE` when the app config has no `DATABASE_URI`.
 */
export async function loadContext(app: string, options: ContextOptions = {}): Promise<MigrateContext> {
  const config = await loadConfig({ name: app, cwd: options.cwd, root: options.root, overrides: options.overrides });
  if (!config.get("DATABASE_URI")) {
    throw new MigrateError(
      "WF_ERR_MIGRATE_NO_DATABASE",
      `app config "${app}" has no DATABASE_URI; set it in app_configs/${app}.ini (e.g. DATABASE_URI = sqlite:///app.db) so wf migrate knows what to migrate`,
    );
  }
  const database = databaseFromConfig(config);
  if (options.models ?? true) {
    await importMain(config);
    await loadModels(config);
  }
  const binds = database.binds().sort((a, b) => (a === "default" ? -1 : b === "default" ? 1 : a.localeCompare(b)));
  return { app, root: config.root, config, database, binds, out: options.out ?? ((line) => process.stdout.write(`${line}\n`)) };
}

/** The script directory (`run init first` when missing). */
export function loadScript(ctx: MigrateContext): Promise<ScriptDirectory> {
  return ScriptDirectory.load(ctx.root, ctx.app);
}

/** Binds that have a revision folder but are not configured for the app config. */
export function unconfiguredBinds(ctx: MigrateContext, script: ScriptDirectory): string[] {
  return script.graph.binds().filter((bind) => !ctx.binds.includes(bind));
}

/** Each bind's MikroORM instance, opened lazily. */
export function ormOf(ctx: MigrateContext, bind: string): Promise<Orm> {
  return ctx.database.orm(bind);
}

/** Closes whatever the command opened. */
export async function closeContext(ctx: MigrateContext): Promise<void> {
  await ctx.database.close();
}

/** Models may be declared or registered in main.ts; import it (the factory is not called). */
async function importMain(config: Config): Promise<void> {
  let file: string;
  try {
    file = mainFile(config);
  } catch {
    return; // no main.ts: models come from models.ts alone
  }
  if (!existsSync(file)) return;
  try {
    await import(pathToFileURL(file).href);
  } catch (error) {
    throw new MigrateError(
      "WF_ERR_MIGRATE_MODELS_LOAD_FAILED",
      `could not load ${join(config.get("PACKAGE"), "main.ts")} (imported for its models): ${describeLoadError(error)}`,
      { cause: error },
    );
  }
}
