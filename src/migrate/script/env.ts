/**
 * `env.ts` of a migrations folder: the hooks a project may change (Alembic's env.py,
 * reduced to settings). `wf migrate init` writes it; every command reads it.
 */
import type { SchemaObject } from "../autogenerate/index.ts";

/** What a migrations folder's `env.ts` exports as default. */
export interface MigrateEnv {
  /** `single-db` or `multi-db`: which template `init` enrolled (informational). */
  readonly template?: "single-db" | "multi-db";
  /** Table that records applied revisions, in every bind's database. */
  readonly versionTable?: string;
  /**
   * `per-revision` (default): each revision and its version row commit together where the
   * database has transactional DDL (SQLite, PostgreSQL). `none`: statements run as they come.
   */
  readonly transactionMode?: "per-revision" | "none";
  /** Return false to leave a table, column, index or key out of autogenerate. */
  readonly includeObject?: (object: SchemaObject, bind: string) => boolean;
}

/** The settings with their defaults filled in. */
export interface ResolvedMigrateEnv extends MigrateEnv {
  readonly versionTable: string;
  readonly transactionMode: "per-revision" | "none";
}

export const DEFAULT_VERSION_TABLE = "wf_migrate_version";

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

export function resolveEnv(env: MigrateEnv): ResolvedMigrateEnv {
  return { ...env, versionTable: env.versionTable ?? DEFAULT_VERSION_TABLE, transactionMode: env.transactionMode ?? "per-revision" };
}
