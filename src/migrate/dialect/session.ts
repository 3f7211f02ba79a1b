/**
 * The two ways an operation compiles: through MikroORM's comparator (`diff`: apply the
 * operation to a draft of the touched tables, compare, render with `diffToSQL`) or as SQL the
 * implementation writes itself (`direct`: renames, data). Both advance the schema state.
 */
import { type DatabaseSchema, type SchemaDifference, type TableDifference } from "@mikro-orm/sql";
import type { SqlValue } from "../vocabulary/index.ts";
import type { DialectContext } from "./context.ts";
import { sortIndexes } from "./introspect.ts";
import { Draft, cloneTable, schemaWith } from "./schema-state.ts";
import { compileComparator } from "./sqlite-types.ts";
import { splitStatements } from "./statements.ts";

/** SQL an implementation yields: text, or text with parameters. */
export type SqlText = string | { readonly sql: string; readonly params?: readonly SqlValue[]; readonly returnsRows?: boolean };

/**
 * SQLite cannot drop a foreign key or change a primary key in place, and MikroORM's SQLite
 * helper only rebuilds a table for column, check and added-foreign-key changes. Marking one
 * column as changed makes it take the rebuild path (create copy, copy rows, swap), which
 * builds the new table from `toTable` and so carries every change.
 */
function forceSqliteRebuild(diff: TableDifference): void {
  const keyChanged = [diff.addedIndexes, diff.removedIndexes, diff.changedIndexes].some((indexes) =>
    Object.values(indexes).some((index) => index.primary),
  );
  const needsRebuild = keyChanged || Object.keys(diff.removedForeignKeys).length > 0;
  if (!needsRebuild || Object.keys(diff.changedColumns).length > 0) return;
  const column = diff.toTable.getColumns().find((c) => diff.fromTable.hasColumn(c.name));
  if (!column) return;
  diff.changedColumns[column.name] = {
    oldColumnName: column.name,
    column,
    fromColumn: diff.fromTable.getColumn(column.name)!,
    changedProperties: new Set(["rebuild"]),
  };
}

/**
 * A new column's check (an enum's values) is written inline by SQLite's `add column`; left
 * among the added checks, MikroORM would rebuild the table as well and lose it on the way.
 */
function inlineSqliteColumnChecks(diff: TableDifference): void {
  const added = new Set(Object.values(diff.addedColumns).map((c) => c.name));
  for (const [name, check] of Object.entries(diff.addedChecks)) {
    if (check.columnName && added.has(check.columnName)) delete diff.addedChecks[name];
  }
}

/** Compiles operations one at a time against an evolving schema state. */
export class CompileSession {
  readonly ctx: DialectContext;
  #state: DatabaseSchema;
  readonly #sql: boolean;

  /**
   * @param options.sql - false: only advance the state (what the schema would be after the
   *   operations), without comparing and rendering DDL; autogenerate's checks need no SQL.
   */
  constructor(ctx: DialectContext, state: DatabaseSchema, options: { readonly sql?: boolean } = {}) {
    this.ctx = ctx;
    this.#state = state;
    this.#sql = options.sql ?? true;
  }

  /** The schema as it is after the operations compiled so far. */
  get state(): DatabaseSchema {
    return this.#state;
  }

  /** Replaces the state (after re-reading the live database). */
  reset(state: DatabaseSchema): void {
    this.#state = state;
  }

  /** A draft of the current state, for reading and validating. */
  draft(): Draft {
    return new Draft(this.#state, this.ctx);
  }

  /**
   * Applies `change` to a draft, compares the touched tables before and after, commits, and
   * returns the DDL MikroORM renders for the difference.
   */
  diff(change: (draft: Draft) => void): string[] {
    const draft = this.draft();
    change(draft);
    const { from, to } = draft.touched();
    for (const table of to.getTables()) sortIndexes(table);
    if (!this.#sql) {
      this.#state = draft.commit();
      return [];
    }
    // on SQLite, a declared type change (`varchar(50)` -> `varchar(200)`) too: a rebuild
    // MikroORM's SQLite helper writes a column's check inline and takes it out of the table it
    // renders: render copies, so the state keeps its checks
    const splices = this.ctx.dialect === "sqlite" && to.getTables().some((t) => t.getChecks().length > 0);
    const rendered = splices ? schemaWith(to, to.getTables().map((t) => cloneTable(t, this.ctx)), this.ctx) : to;
    const diff: SchemaDifference = compileComparator(this.ctx).compare(from, rendered);
    if (this.ctx.dialect === "sqlite") {
      for (const table of Object.values(diff.changedTables)) {
        inlineSqliteColumnChecks(table);
        forceSqliteRebuild(table);
      }
    }
    const script = this.ctx.generator.diffToSQL(diff, { wrap: false, safe: false, dropTables: true });
    this.#state = draft.commit();
    return splitStatements(script, this.ctx.dialect === "mysql");
  }

  /** Applies `change` to the state and returns `sql` as the implementation. */
  direct(sql: readonly SqlText[], change?: (draft: Draft) => void): SqlText[] {
    if (change) {
      const draft = this.draft();
      change(draft);
      this.#state = draft.commit();
    }
    return [...sql];
  }
}
