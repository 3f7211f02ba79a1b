/**
 * The operation runner that makes `op.*` calls happen: compile each operation against the
 * current schema state, then run its statements through a statement runner the runtime
 * supplies (so they join its transaction and its error handling).
 */
import type { Transaction } from "@mikro-orm/core";
import { MigrateError } from "../errors.ts";
import { isSchemaOperation, type Dialect, type Operation, type OperationRunner } from "../vocabulary/index.ts";
import type { Compiler } from "./compiler.ts";
import type { SqlOrm } from "./context.ts";
import { formatStatement, type CompiledStatement } from "./statements.ts";

/** Runs one compiled statement; resolves to the rows for `returnsRows` statements. */
export type StatementRunner = (statement: CompiledStatement) => Promise<unknown>;

/** Options of {@link SqlOperationRunner}. */
export interface SqlOperationRunnerOptions {
  /** Called after each statement ran, with how long it took (progress, logs). */
  readonly onStatement?: (statement: CompiledStatement, milliseconds: number) => void;
  /** Passed to `compiler.refresh()` when raw SQL made the state stale. */
  readonly transaction?: Transaction;
}

function describe(op: Operation): string {
  if ("table" in op) return `${op.kind} ${op.table}`;
  return op.kind;
}

/**
 * Runs statements on the ORM's connection, inside `transaction` when given.
 *
 * @example
 * ```ts
 * const run = connectionRunner(orm, trx);
 * ```
 */
export function connectionRunner(orm: SqlOrm, transaction?: Transaction): StatementRunner {
  return (statement) => {
    const connection = orm.em.getDriver().getConnection();
    return connection.execute(statement.sql, [...(statement.params ?? [])], statement.returnsRows ? "all" : "run", transaction);
  };
}

/**
 * An {@link OperationRunner} that compiles and runs each operation as it is called.
 *
 * @example
 * ```ts
 * const compiler = await Compiler.online(orm, { transaction });
 * const op = new Operations(new SqlOperationRunner(compiler, connectionRunner(orm, transaction)));
 * await revision.upgrade(op);
 * await op.drain();
 * ```
 */
export class SqlOperationRunner implements OperationRunner {
  readonly #compiler: Compiler;
  readonly #run: StatementRunner;
  readonly #options: SqlOperationRunnerOptions;

  constructor(compiler: Compiler, run: StatementRunner, options: SqlOperationRunnerOptions = {}) {
    this.#compiler = compiler;
    this.#run = run;
    this.#options = options;
  }

  get dialect(): Dialect {
    return this.#compiler.dialect;
  }

  readonly offline = false;

  async run(op: Operation): Promise<unknown> {
    if (this.#compiler.stale && isSchemaOperation(op)) await this.#compiler.refresh(this.#options.transaction);
    const statements = this.#compiler.compile(op);
    let rows: unknown = op.kind === "query" ? [] : undefined;
    for (const statement of statements) {
      const started = performance.now();
      try {
        const result = await this.#run(statement);
        if (statement.returnsRows) rows = result;
      } catch (error) {
        const sql = formatStatement(statement, this.#compiler.context).slice(0, 300);
        const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
        throw new MigrateError("WF_ERR_MIGRATE_OPERATION_FAILED", `${describe(op)} failed: ${reason} (statement: ${sql})`, { cause: error });
      }
      this.#options.onStatement?.(statement, performance.now() - started);
    }
    return rows;
  }
}
