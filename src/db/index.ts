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
export { Database, type BindConfig, type DatabaseInit, type DatabaseOptions, type ExecutorTarget } from "./database.ts";
export { db, type ContextDatabase } from "./context-database.ts";
export type { Columns, ModelBase, ModelClass, ModelInstance, ModelOptions } from "./model.ts";
export { discoverModels } from "./discover.ts";
export { sessionModel } from "./session-store.ts";
export { AsyncExecutor, type KyselyTables, type WriteOptions } from "./executor.ts";
export { select, Select, Count } from "./query.ts";
export { Result } from "./result.ts";
export { DbError, DbErrorCode } from "./errors.ts";
export type { BindTarget, Orm } from "./connection.ts";

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
