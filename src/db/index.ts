/**
 * `webfluid/db`: models over MikroORM `defineEntity`, one database per bind, and
 * disposable executors (`await using e = db.asyncExecutor({ model })`).
 *
 * @example
 * ```ts
 * import { db, p, select } from "webfluid/db";
 *
 * export class MyModel extends db.Model("my_model", {
 *   id: p.integer().primary(),
 *   value: p.string(),
 *   createdAt: p.datetime().defaultRaw("current_timestamp"),
 * }) {
 *   constructor(value: string) { super(); this.value = value; }
 * }
 *
 * await using e = db.asyncExecutor({ model: MyModel });
 * const row = (await e.exec(select(MyModel).where({ value: "hello" }))).first();
 * ```
 *
 * @packageDocumentation
 */
export { bindKey } from "../config/index.ts";
export { Database, type BindConfig, type DatabaseInit, type DatabaseOptions, type ExecutorTarget } from "./database.ts";
export { db, type ContextDatabase } from "./context-database.ts";
export {
  MODEL,
  isModelClass,
  type Columns,
  type ModelBase,
  type ModelClass,
  type ModelDefinition,
  type ModelInstance,
  type ModelOptions,
} from "./model.ts";
export { discoverModels, modelFiles } from "./discover.ts";
export { DatabaseExtension } from "./extension.ts";
export { databaseFromConfig, loadModels } from "./from-config.ts";
export { AsyncExecutor, type KyselyTables, type WriteOptions } from "./executor.ts";
export { select, Select, Count } from "./query.ts";
export { Result } from "./result.ts";
export { DbError, DbErrorCode } from "./errors.ts";
export {
  parseDatabaseUri,
  ACCEPTED_URI_FORMS,
  type ConnectionOptions,
  type DatabaseTarget,
  type Dialect,
  type ParseUriContext,
} from "./uri.ts";
export type { DriverOptions } from "./uri-params.ts";
export type { BindTarget, Orm } from "./connection.ts";
export { loadDriver } from "./drivers.ts";
export { SQLITE_NOW } from "./sqlite-platform.ts";

/** MikroORM's property builders, for model columns: `p.integer().primary()`, `p.manyToOne(Author)`, ... */
export { p } from "@mikro-orm/core";
/** MikroORM's errors for constraint violations, to catch around `flush()`. */
export {
  DriverException,
  ForeignKeyConstraintViolationException,
  NotNullConstraintViolationException,
  UniqueConstraintViolationException,
} from "@mikro-orm/core";
/** MikroORM types that appear in model and query signatures. */
export type { Collection, FilterQuery, Opt, QueryOrderMap, Ref } from "@mikro-orm/core";
