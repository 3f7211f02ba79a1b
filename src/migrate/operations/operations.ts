/**
 * `op`: what a revision's `upgrade(op)` / `downgrade(op)` calls. Each method validates its
 * arguments, turns them into an operation (plain data) and hands it to the operation runner.
 *
 * Operations run strictly in call order: each call is queued behind the previous one, so a
 * revision may `await` every call or none (the runtime awaits `op.drain()` afterwards). A
 * failure stops the queue: later operations reject with the same error and never run.
 */
import type {
  CheckSpec,
  ColumnChanges,
  ColumnSpec,
  Dialect,
  ForeignKeySpec,
  IndexSpec,
  NeutralType,
  Operation,
  OperationRunner,
  RawSql,
  ReferentialAction,
  SqlRow,
  SqlValue,
  TableOptions,
  UniqueSpec,
} from "../vocabulary/index.ts";
import { OperationRecorder } from "./recorder.ts";
import { validateOperation } from "./validate.ts";

/** A row returned by `op.query()`. */
export type QueryRow = Record<string, unknown>;

/** Options of `op.column(name, type, options)`: everything in a column but its name and type. */
export type ColumnOptions = Omit<ColumnSpec, "name" | "type">;

/** Options of `op.createForeignKey(...)` and `op.foreignKey(...)`. */
export interface ForeignKeyOptions {
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
}

/** Options of `op.execute(sql, options)`. */
export interface ExecuteOptions {
  /** Positional `?` parameters. */
  readonly params?: readonly SqlValue[];
  /** Run only on these databases; skipped on the others. */
  readonly dialect?: Dialect | readonly Dialect[];
  /** Why this is raw SQL rather than a neutral operation (shown as a comment when rendered). */
  readonly reason?: string;
}

const noop = (): void => {};

/**
 * The operations API of revision files.
 *
 * @example
 * ```ts
 * export async function upgrade(op: Operations) {
 *   op.createTable("author", [
 *     op.column("id", "integer", { primary: true, autoincrement: true }),
 *     op.column("name", "string", { length: 100 }),
 *   ]);
 *   op.addColumn("book", op.column("author_id", "integer", { nullable: true }));
 *   op.createForeignKey("book", "book_author_id_foreign", ["author_id"], "author", ["id"]);
 *   op.execute("update book set author_id = 1", { dialect: "postgresql" });
 * }
 * ```
 */
export class Operations {
  readonly #runner: OperationRunner;
  #tail: Promise<unknown> = Promise.resolve();
  #failure: { error: unknown } | undefined;

  /** @param runner - runs or records each operation; records by default. */
  constructor(runner: OperationRunner = new OperationRecorder()) {
    this.#runner = runner;
  }

  /** The database being migrated, when the runner knows it (undefined while recording neutrally). */
  get dialect(): Dialect | undefined {
    return this.#runner.dialect;
  }

  /** True under `--sql`: nothing reaches a database and `op.query()` cannot read. */
  get offline(): boolean {
    return this.#runner.offline ?? false;
  }

  /** Builds a column definition for `createTable` / `addColumn`. Columns are NOT NULL unless `nullable: true`. */
  column(name: string, type: NeutralType, options: ColumnOptions = {}): ColumnSpec {
    return { name, type, ...options };
  }

  /** A raw SQL expression for a server default: `op.raw("current_timestamp")`. */
  raw(sql: string): RawSql {
    return { raw: sql };
  }

  /** Builds an index for `createTable({ indexes })`. */
  index(name: string, columns: readonly string[], options: { unique?: boolean } = {}): IndexSpec {
    return options.unique ? { name, columns, unique: true } : { name, columns };
  }

  /** Builds a unique constraint for `createTable({ uniques })`. */
  unique(name: string, columns: readonly string[]): UniqueSpec {
    return { name, columns };
  }

  /** Builds a foreign key for `createTable({ foreignKeys })`. */
  foreignKey(
    name: string,
    columns: readonly string[],
    referencedTable: string,
    referencedColumns: readonly string[],
    options: ForeignKeyOptions = {},
  ): ForeignKeySpec {
    return { name, columns, referencedTable, referencedColumns, ...options };
  }

  /** Builds a CHECK constraint for `createTable({ checks })`; `condition` is SQL every target database accepts. */
  check(name: string, condition: string): CheckSpec {
    return { name, condition };
  }

  /** Creates a table with its columns and, optionally, primary key, indexes, uniques, foreign keys, checks and comment. */
  createTable(table: string, columns: readonly ColumnSpec[], options: TableOptions = {}): Promise<void> {
    return this.#run({ kind: "createTable", table, columns, ...options });
  }

  /** Drops a table. */
  dropTable(table: string): Promise<void> {
    return this.#run({ kind: "dropTable", table });
  }

  /** Renames a table (indexes and constraints keep their names). */
  renameTable(table: string, to: string): Promise<void> {
    return this.#run({ kind: "renameTable", table, to });
  }

  /** Adds a column to an existing table. */
  addColumn(table: string, column: ColumnSpec): Promise<void> {
    return this.#run({ kind: "addColumn", table, column });
  }

  /** Drops a column, and the indexes and foreign keys that use it. */
  dropColumn(table: string, column: string): Promise<void> {
    return this.#run({ kind: "dropColumn", table, column });
  }

  /**
   * Changes a column's type, length, precision/scale, nullability, server default, comment or
   * enum values. `existingComment` records the comment before, for the downgrade.
   */
  alterColumn(table: string, column: string, changes: ColumnChanges): Promise<void> {
    return this.#run({ kind: "alterColumn", table, column, changes });
  }

  /** Renames a column. */
  renameColumn(table: string, column: string, to: string): Promise<void> {
    return this.#run({ kind: "renameColumn", table, column, to });
  }

  /** Creates an index; `{ unique: true }` makes it a unique index. */
  createIndex(table: string, name: string, columns: readonly string[], options: { unique?: boolean } = {}): Promise<void> {
    return this.#run({ kind: "createIndex", table, ...this.index(name, columns, options) });
  }

  /** Drops an index. */
  dropIndex(table: string, name: string): Promise<void> {
    return this.#run({ kind: "dropIndex", table, name });
  }

  /** Adds a unique constraint. */
  createUnique(table: string, name: string, columns: readonly string[]): Promise<void> {
    return this.#run({ kind: "createUnique", table, name, columns });
  }

  /** Drops a unique constraint. */
  dropUnique(table: string, name: string): Promise<void> {
    return this.#run({ kind: "dropUnique", table, name });
  }

  /** Adds a primary key over existing columns. */
  createPrimaryKey(table: string, columns: readonly string[]): Promise<void> {
    return this.#run({ kind: "createPrimaryKey", table, columns });
  }

  /** Drops the table's primary key. */
  dropPrimaryKey(table: string): Promise<void> {
    return this.#run({ kind: "dropPrimaryKey", table });
  }

  /** Adds a foreign key constraint. */
  createForeignKey(
    table: string,
    name: string,
    columns: readonly string[],
    referencedTable: string,
    referencedColumns: readonly string[],
    options: ForeignKeyOptions = {},
  ): Promise<void> {
    return this.#run({ kind: "createForeignKey", table, ...this.foreignKey(name, columns, referencedTable, referencedColumns, options) });
  }

  /** Drops a foreign key constraint. */
  dropForeignKey(table: string, name: string): Promise<void> {
    return this.#run({ kind: "dropForeignKey", table, name });
  }

  /**
   * Adds a CHECK constraint. SQLite cannot add one in place: there the table is rebuilt (new
   * table, rows copied, swapped), so the same revision runs on every database.
   *
   * @example
   * ```ts
   * op.createCheckConstraint("product_price_positive", "product", "price > 0");
   * ```
   */
  createCheckConstraint(name: string, table: string, condition: string): Promise<void> {
    return this.#run({ kind: "createCheckConstraint", table, name, condition });
  }

  /** Drops a CHECK constraint (a table rebuild on SQLite). */
  dropCheckConstraint(name: string, table: string): Promise<void> {
    return this.#run({ kind: "dropCheckConstraint", table, name });
  }

  /** Sets a table's comment (ignored on SQLite, which keeps no comments). */
  setTableComment(table: string, comment: string, options: { existingComment?: string | null } = {}): Promise<void> {
    return this.#run({ kind: "setTableComment", table, comment, ...options });
  }

  /** Removes a table's comment. */
  dropTableComment(table: string, options: { existingComment?: string | null } = {}): Promise<void> {
    return this.#run({ kind: "setTableComment", table, comment: null, ...options });
  }

  /**
   * Runs raw SQL, optionally only on some databases.
   *
   * @example
   * ```ts
   * op.execute("create extension if not exists citext", { dialect: "postgresql" });
   * op.execute("update user set active = ? where id = ?", { params: [true, 1] });
   * ```
   */
  execute(sql: string, options: ExecuteOptions = {}): Promise<void> {
    const dialects = options.dialect === undefined ? undefined : typeof options.dialect === "string" ? [options.dialect] : options.dialect;
    return this.#run({
      kind: "execute",
      sql,
      ...(options.params ? { params: options.params } : {}),
      ...(dialects ? { dialects } : {}),
      ...(options.reason ? { reason: options.reason } : {}),
    });
  }

  /** Inserts rows (values are parameterised online and quoted for `--sql`). */
  bulkInsert(table: string, rows: readonly SqlRow[]): Promise<void> {
    return this.#run({ kind: "bulkInsert", table, rows });
  }

  /**
   * Reads rows, for data migrations that depend on existing data. Fails under `--sql`
   * (check `op.offline` first).
   */
  query<Row extends QueryRow = QueryRow>(sql: string, params?: readonly SqlValue[]): Promise<Row[]> {
    return this.#enqueue({ kind: "query", sql, ...(params ? { params } : {}) }) as Promise<Row[]>;
  }

  /** Resolves once every queued operation ran; rejects with the first failure. */
  async drain(): Promise<void> {
    await this.#tail;
    if (this.#failure) throw this.#failure.error;
  }

  #run(op: Operation): Promise<void> {
    const done = this.#enqueue(op).then(noop);
    done.catch(noop);
    return done;
  }

  #enqueue(op: Operation): Promise<unknown> {
    validateOperation(op);
    const result = this.#tail.then(() => {
      if (this.#failure) throw this.#failure.error;
      return this.#runner.run(op);
    });
    this.#tail = result.catch((error: unknown) => {
      this.#failure ??= { error };
    });
    // A revision need not await its calls: the failure surfaces through drain(), not as an
    // unhandled rejection. Awaiting the returned promise still throws.
    result.catch(noop);
    return result;
  }
}
