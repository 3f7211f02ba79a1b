/**
 * Dialect SQL: compiling neutral operations for SQLite, PostgreSQL and MySQL/MariaDB through
 * MikroORM's schema comparator, online or offline, and the executor that runs them.
 *
 * @example
 * ```ts
 * import { Compiler, SqlExecutor, connectionRunner, toSqlScript } from "webfluid/migrate/dialect";
 * const compiler = await Compiler.online(orm);
 * const op = new Operations(new SqlExecutor(compiler, connectionRunner(orm)));
 * ```
 */
export { Compiler, type OnlineOptions } from "./compiler.ts";
export { tableExistsSql } from "./catalog.ts";
export { DATA_KINDS, isSchemaOperation } from "./kinds.ts";
export { transactionGuards, type TransactionGuards } from "./transactions.ts";
export { SqlExecutor, connectionRunner, type SqlExecutorOptions, type StatementRunner } from "./sql-executor.ts";
export { formatStatement, splitStatements, toSqlScript, type CompiledStatement } from "./statements.ts";
export { dialectContext, dialectOf, type DialectContext, type SqlOrm } from "./context.ts";
export { introspect, isMariaDb, type IntrospectOptions } from "./introspect.ts";
export { neutralColumn, neutralDefault, neutralForeignKey, neutralTable, neutralTypeOf, unqualified, type NeutralColumn } from "./neutralize.ts";
export { columnType, defaultSql, toColumn } from "./columns.ts";
export { IMPLEMENTATIONS, type Implementation } from "./implementations.ts";
export { findTable } from "./schema-state.ts";
