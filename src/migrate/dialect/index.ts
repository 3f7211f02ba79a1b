/**
 * Dialect SQL: compiling neutral operations for SQLite, PostgreSQL and MySQL/MariaDB through
 * MikroORM's schema comparator, online or offline; the operation runner that compiles and runs
 * them; and the SQL the runtime runs around them (transactions, locks, catalog questions).
 *
 * @example
 * ```ts
 * import { Compiler, SqlOperationRunner, connectionRunner } from "../dialect/index.ts";
 * const compiler = await Compiler.online(orm);
 * const op = new Operations(new SqlOperationRunner(compiler, connectionRunner(orm)));
 * ```
 */
export { Compiler, type OnlineOptions } from "./compiler.ts";
export { tableExistsSql } from "./catalog.ts";
export { transactionFrame, transactionGuards, type TransactionFrame, type TransactionGuards } from "./transactions.ts";
export { isWriteLockTimeout, migrationLockSql, sessionSetupSql, type LockSql, type LockStatement } from "./concurrency.ts";
export { SqlOperationRunner, connectionRunner, type SqlOperationRunnerOptions, type StatementRunner } from "./sql-operation-runner.ts";
export { formatStatement, splitStatements, toSqlScript, type CompiledStatement } from "./statements.ts";
export { dialectContext, dialectOf, type DialectContext, type SqlOrm } from "./context.ts";
export { introspect, isMariaDb, type IntrospectOptions } from "./introspect.ts";
export { isEnumCheck, neutralColumn, neutralDefault, neutralForeignKey, neutralTable, neutralTypeOf, unqualified, type NeutralColumn } from "./neutralize.ts";
export { columnType, defaultSql, syncEnumCheck, toColumn } from "./columns.ts";
export { canonicalDefault, normalizeDefaults } from "./defaults.ts";
export { declareModelTypes, declaredTypeChanged, modelComparator } from "./sqlite-types.ts";
export { IMPLEMENTATIONS, type Implementation } from "./implementations.ts";
export { cloneTable, findTable, schemaWith } from "./schema-state.ts";
export { isImplicitIndex, withoutImplicitIndexes } from "./conventions.ts";
export { CompileSession } from "./session.ts";
