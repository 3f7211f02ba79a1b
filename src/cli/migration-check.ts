/**
 * `wf run` and the migrations: at start, one warning per bind whose database is behind its
 * migrations (or was never migrated); and a request that fails on a missing table or column
 * logs the command that fixes it. Nothing is ever migrated here: `wf migrate upgrade` does.
 *
 * Migrate (and its revision files) load only when the app config has a migrations folder,
 * so a project without one starts as before.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Fluid } from "../app/index.ts";
import type { Config } from "../config/index.ts";

/** `additives/migrations/<app>/env.ts`: the app config's migrations are set up. */
function hasMigrations(config: Config): boolean {
  return existsSync(join(config.root, "additives", "migrations", config.name, "env.ts"));
}

/**
 * Warns (through `warn`) once per bind that has unapplied or interrupted revisions. Never
 * rejects: a check that cannot run is itself one warning, and the server goes on.
 */
export async function warnUnappliedMigrations(config: Config, warn: (line: string) => void): Promise<void> {
  if (!config.get("DATABASE_URI") || !hasMigrations(config)) return;
  try {
    const { commands } = await import("../migrate/index.ts");
    const ctx = await commands.loadContext(config.name, { root: config.root, models: false, out: () => undefined });
    try {
      for (const bind of await commands.unapplied(ctx)) warn(bind.warning);
    } finally {
      await commands.closeContext(ctx);
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    warn(`could not check the migrations of app config "${config.name}": ${reason}; wf migrate status ${config.name} shows the problem`);
  }
}

/**
 * Adds the hint to the log of every request that fails because a table or column is missing:
 * the usual cause is a database behind its migrations.
 */
export function hintMissingSchema(app: Fluid): void {
  const name = app.config.name;
  const hint = hasMigrations(app.config)
    ? `the database may be behind its migrations: run wf migrate upgrade ${name} (wf migrate status ${name} lists what is not applied)`
    : `no migrations for app config "${name}" create the tables: wf migrate init ${name}, wf migrate revision ${name} -a, wf migrate upgrade ${name}`;
  app.fastify.addHook("onError", async (request, _reply, error) => {
    const missing = missingSchemaObject(error);
    if (missing) request.log.warn(`${request.method} ${request.url} failed on a missing ${missing}; ${hint}`);
  });
}

const MISSING_TABLE_CODES = new Set(["42P01", "ER_NO_SUCH_TABLE"]);
const MISSING_COLUMN_CODES = new Set(["42703", "ER_BAD_FIELD_ERROR"]);

/** `table` or `column` when the error (or one of its causes) says one does not exist; SQLite, PostgreSQL and MySQL/MariaDB spellings. */
export function missingSchemaObject(error: unknown): "table" | "column" | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (e.name === "TableNotFoundException" || MISSING_TABLE_CODES.has(String(code))) return "table";
    if (e.name === "InvalidFieldNameException" || MISSING_COLUMN_CODES.has(String(code))) return "column";
    if (/no such table|relation "[^"]+" does not exist|Table '[^']+' doesn't exist/.test(e.message)) return "table";
    if (/no such column|column "[^"]+" (of relation "[^"]+" )?does not exist|Unknown column/.test(e.message)) return "column";
  }
  return undefined;
}
