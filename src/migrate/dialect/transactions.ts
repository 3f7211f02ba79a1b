/**
 * The statements around a transaction of revisions on each database.
 *
 * SQLite rebuilds a table to alter it (create a copy, copy the rows, drop, rename). Dropping a
 * table that other tables reference fails while foreign keys are enforced, and
 * `pragma foreign_keys` cannot change inside a transaction (MikroORM's rebuild emits it, to no
 * effect there). So enforcement goes off before BEGIN, the keys are checked before COMMIT, and
 * enforcement comes back after the transaction ends. SQLite's BEGIN takes the write lock at
 * once (`begin immediate`), so concurrent migrators serialise there (it has no session lock).
 */
import type { Dialect } from "../vocabulary/index.ts";

/** Statements around one revision's transaction. */
export interface TransactionGuards {
  /** Run on the same connection before BEGIN. */
  readonly beforeBegin: readonly string[];
  /** Run before COMMIT; any row it returns is a broken foreign key: roll back and report. */
  readonly check?: string;
  /** Run after COMMIT or ROLLBACK. */
  readonly afterEnd: readonly string[];
}

const NONE: TransactionGuards = { beforeBegin: [], afterEnd: [] };

/**
 * The guards a database needs around a revision's transaction.
 *
 * @example
 * ```ts
 * const guards = transactionGuards(compiler.dialect);
 * for (const sql of guards.beforeBegin) await connection.execute(sql);
 * await connection.transactional(async (trx) => {
 *   ...run the revision...
 *   if (guards.check && (await connection.execute(guards.check, [], "all", trx)).length > 0) throw ...;
 * }).finally(() => ...run guards.afterEnd...);
 * ```
 */
export function transactionGuards(dialect: Dialect): TransactionGuards {
  if (dialect !== "sqlite") return NONE;
  return {
    beforeBegin: ["pragma foreign_keys = off"],
    check: "pragma foreign_key_check",
    afterEnd: ["pragma foreign_keys = on"],
  };
}

/** The statements of a transaction of revisions, from the first to the last. */
export interface TransactionFrame {
  /** Before the first statement (SQLite: foreign keys off, then `begin immediate`). */
  readonly begin: readonly string[];
  /** Run before COMMIT; any row it returns is a broken foreign key: roll back and report. */
  readonly check?: string;
  readonly commit: string;
  readonly rollback: string;
  /** After COMMIT or ROLLBACK (SQLite: foreign keys back on). */
  readonly end: readonly string[];
}

/**
 * The transaction revisions run in where DDL is transactional (SQLite, PostgreSQL);
 * `undefined` on MySQL/MariaDB, where each DDL statement commits by itself.
 *
 * @example
 * ```ts
 * transactionFrame("postgresql");
 * // { begin: ["begin"], check: undefined, commit: "commit", rollback: "rollback", end: [] }
 * ```
 */
export function transactionFrame(dialect: Dialect): TransactionFrame | undefined {
  if (dialect === "mysql") return undefined;
  const guards = transactionGuards(dialect);
  const begin = dialect === "sqlite" ? "begin immediate" : "begin";
  return { begin: [...guards.beforeBegin, begin], check: guards.check, commit: "commit", rollback: "rollback", end: guards.afterEnd };
}
