/**
 * `webfluid/migrate`: what revision files and `env.ts` import, and Migrate's commands for
 * programs that drive migrations themselves (the `wf migrate` CLI calls the same functions).
 *
 * @example
 * ```ts
 * // additives/migrations/app/default/versions/20261125_abc123_add_email.ts
 * import type { Operations } from "webfluid/migrate";
 * export async function upgrade(op: Operations) {
 *   op.addColumn("user", op.column("email", "string", { length: 255, nullable: true }));
 * }
 * ```
 */
export { Operations, type ColumnOptions, type ExecuteOptions, type ForeignKeyOptions } from "./operations/index.ts";
export type { ColumnSpec, Dialect, NeutralType } from "./vocabulary/index.ts";
export { defineMigrateEnv, type MigrateEnv } from "./script/env.ts";
export type { SchemaObject } from "./autogenerate/index.ts";
export * as commands from "./commands/index.ts";
export { MigrateError, MIGRATE_ERROR_CODES, type MigrateErrorCode } from "./errors.ts";
