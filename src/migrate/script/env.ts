/**
 * `env.ts` of a migrations folder: the hooks a project may change (Alembic's env.py,
 * reduced to settings). `wf migrate init` writes it; every command reads it.
 */
import type { SchemaObject } from "../autogenerate/index.ts";
import { MigrateError } from "../errors.ts";
import { TRANSACTION_MODES, type RuntimeSettings, type TransactionMode } from "../runtime/settings.ts";

/** What a migrations folder's `env.ts` exports as default. */
export interface MigrateEnv {
  /** `single-db` or `multi-db`: which template `init` enrolled (informational). */
  readonly template?: "single-db" | "multi-db";
  /** Table that records applied revisions, in every bind's database. */
  readonly versionTable?: string;
  /**
   * Where the database has transactional DDL (SQLite, PostgreSQL): `per-revision` (default),
   * each revision and its version row commit together; `per-run`, all the revisions one
   * `upgrade` or `downgrade` applies on a bind commit together, or none of them (Alembic's
   * default). `none`: statements run as they come. MySQL/MariaDB commit each DDL statement
   * by itself, whatever the mode.
   */
  readonly transactionMode?: TransactionMode;
  /**
   * Seconds `upgrade`, `downgrade` and `stamp` wait for another process's migration of the
   * same database (default 600) before giving up with `WF_ERR_MIGRATE_LOCKED`; 0 gives up at once.
   */
  readonly lockTimeout?: number;
  /** Return false to leave a table, column, index or key out of autogenerate. */
  readonly includeObject?: (object: SchemaObject, bind: string) => boolean;
}

/** The settings with their defaults filled in. */
export type ResolvedMigrateEnv = MigrateEnv & RuntimeSettings;

export const DEFAULT_VERSION_TABLE = "wf_migrate_version";
export const DEFAULT_LOCK_TIMEOUT_SECONDS = 600;

/**
 * Declares a migrations folder's settings (typed), in its `env.ts`.
 *
 * @example
 * ```ts
 * import { defineMigrateEnv } from "webfluid/migrate";
 * export default defineMigrateEnv({
 *   versionTable: "wf_migrate_version",
 *   includeObject: (object) => !object.name.startsWith("legacy_"),
 * });
 * ```
 */
export function defineMigrateEnv(env: MigrateEnv): MigrateEnv {
  return env;
}

/**
 * Fills in the defaults; an unknown `transactionMode` (not silently `none`) or a `lockTimeout`
 * that is not a number of seconds is `WF_ERR_MIGRATE_BAD_ENV`.
 */
export function resolveEnv(env: MigrateEnv): ResolvedMigrateEnv {
  const lockTimeout = env.lockTimeout ?? DEFAULT_LOCK_TIMEOUT_SECONDS;
  if (typeof lockTimeout !== "number" || !Number.isFinite(lockTimeout) || lockTimeout < 0) {
    throw new MigrateError(
      "WF_ERR_MIGRATE_BAD_ENV",
      `lockTimeout ${typeof lockTimeout === "string" ? JSON.stringify(lockTimeout) : String(lockTimeout)} in env.ts is not a number of seconds (0 or more, e.g. 600)`,
    );
  }
  const transactionMode = env.transactionMode ?? "per-revision";
  if (!TRANSACTION_MODES.includes(transactionMode)) {
    throw new MigrateError(
      "WF_ERR_MIGRATE_BAD_ENV",
      `transactionMode ${JSON.stringify(transactionMode)} in env.ts is not one of ${TRANSACTION_MODES.map((m) => `"${m}"`).join(", ")}`,
    );
  }
  return { ...env, versionTable: env.versionTable ?? DEFAULT_VERSION_TABLE, transactionMode, lockTimeout };
}
