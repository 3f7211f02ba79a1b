/**
 * How each operation kind compiles (Alembic's `toimpl`): one entry per kind, keyed by `kind`.
 *
 * Schema operations edit a draft of the tables they touch and let MikroORM's comparator and
 * `diffToSQL` write the DDL, so each database gets its own syntax and SQLite gets table
 * rebuilds. Renames and data operations write their SQL directly.
 */
import type { DatabaseTable, ForeignKey, IndexDef } from "@mikro-orm/sql";
import { MigrateError } from "../errors.ts";
import type { CheckSpec, ForeignKeySpec, OperationKind, OperationOf, SqlRow, SqlValue } from "../vocabulary/index.ts";
import { alteredColumn, primaryKeyColumns, replaceColumns, requireColumn } from "./column-edits.ts";
import { primaryIndex, qualifiedName, syncEnumCheck, toCheck, toColumn, toForeignKey, toIndex, toUnique } from "./columns.ts";
import type { DialectContext } from "./context.ts";
import { missingImplicitIndex, presentImplicitIndex } from "./conventions.ts";
import { alignNativeEnums, alterNativeEnumColumn, requireNativeEnum } from "./native-enum-columns.ts";
import { dropEnumSql, dropUnusedEnum, hasNativeEnums } from "./native-enums.ts";
import { unqualified } from "./neutralize.ts";
import type { Draft } from "./schema-state.ts";
import type { CompileSession, SqlText } from "./session.ts";

/** Compiles one operation kind within a session. */
export type Implementation<K extends OperationKind> = (op: OperationOf<K>, session: CompileSession) => SqlText[];

function unknownObject(what: string, message: string): never {
  throw new MigrateError("WF_ERR_MIGRATE_UNKNOWN_OBJECT", `${what}: ${message}`);
}

function duplicate(what: string, message: string): never {
  throw new MigrateError("WF_ERR_MIGRATE_DUPLICATE_OBJECT", `${what}: ${message}`);
}

function requireColumns(table: DatabaseTable, names: readonly string[], what: string): void {
  for (const name of names) requireColumn(table, name, what);
}

/**
 * MySQL rejects a foreign key from a signed to an unsigned integer. MikroORM makes integer
 * primary keys unsigned on MySQL and their referencing columns too; do the same so the
 * constraint can be created and the result matches the models.
 */
function alignUnsigned(draft: Draft, table: DatabaseTable, fk: ForeignKeySpec, ctx: DialectContext): void {
  if (!ctx.platform.supportsUnsigned()) return;
  const referenced = fk.referencedTable === table.name ? table : draft.get(fk.referencedTable);
  if (!referenced) return;
  fk.columns.forEach((name, i) => {
    const target = referenced.getColumn(fk.referencedColumns[i]!);
    const local = table.getColumn(name);
    if (target?.unsigned && local && !local.unsigned && ctx.platform.isNumericColumn(local.mappedType)) {
      table.addColumn({ ...local, unsigned: true });
    }
  });
}

/** The reverse of {@link alignUnsigned}: a plain integer column is signed in MikroORM models. */
function unalignUnsigned(table: DatabaseTable, fk: ForeignKey, ctx: DialectContext): void {
  if (!ctx.platform.supportsUnsigned()) return;
  const stillReferencing = new Set(Object.values(table.getForeignKeys()).flatMap((other) => other.columnNames));
  const keyColumns = new Set(primaryKeyColumns(table));
  for (const name of fk.columnNames) {
    const column = table.getColumn(name);
    if (column?.unsigned && !stillReferencing.has(name) && !keyColumns.has(name) && !column.autoincrement) {
      table.addColumn({ ...column, unsigned: false });
    }
  }
}

function checkReference(draft: Draft, table: DatabaseTable, fk: ForeignKeySpec, what: string): void {
  requireColumns(table, fk.columns, `${what} ${fk.name}`);
  const referenced = fk.referencedTable === table.name ? table : draft.get(fk.referencedTable);
  if (!referenced) unknownObject(`${what} ${fk.name}`, `referenced table ${fk.referencedTable} does not exist; create it first`);
  requireColumns(referenced, fk.referencedColumns, `${what} ${fk.name}`);
}

function addForeignKey(draft: Draft, table: DatabaseTable, spec: ForeignKeySpec, what: string, ctx: DialectContext): void {
  checkReference(draft, table, spec, what);
  if (spec.name in table.getForeignKeys()) duplicate(what, `table ${table.name} already has foreign key ${spec.name}`);
  alignUnsigned(draft, table, spec, ctx);
  table.setForeignKeys({ ...table.getForeignKeys(), [spec.name]: toForeignKey(table.name, spec, ctx) });
  const index = missingImplicitIndex(ctx, table, spec.columns);
  if (index) table.setIndexes([...table.getIndexes(), index]);
}

function addIndex(table: DatabaseTable, index: IndexDef, what: string): void {
  if (table.hasIndex(index.keyName)) duplicate(what, `table ${table.name} already has an index named ${index.keyName}`);
  requireColumns(table, index.columnNames, what);
  table.setIndexes([...table.getIndexes(), index]);
}

function removeIndex(table: DatabaseTable, name: string, what: string, unique: boolean): void {
  const index = table.getIndex(name);
  if (!index || index.primary) unknownObject(what, `table ${table.name} has no ${unique ? "unique constraint" : "index"} named ${name}`);
  table.setIndexes(table.getIndexes().filter((i) => i !== index));
}

function addCheck(table: DatabaseTable, spec: CheckSpec, what: string): void {
  if (table.hasCheck(spec.name)) duplicate(what, `table ${table.name} already has a check constraint named ${spec.name}`);
  table.addCheck(toCheck(spec));
}

function insertStatements(table: string, rows: readonly SqlRow[], ctx: DialectContext): SqlText[] {
  const statements: SqlText[] = [];
  const quote = (name: string) => ctx.platform.quoteIdentifier(name);
  const target = quote(table);
  let batch: SqlRow[] = [];
  let keys = "";
  const flush = () => {
    if (batch.length === 0) return;
    const columns = Object.keys(batch[0]!);
    const params: SqlValue[] = [];
    const tuples = batch.map((row) => {
      for (const column of columns) params.push(row[column] ?? null);
      return `(${columns.map(() => "?").join(", ")})`;
    });
    statements.push({ sql: `insert into ${target} (${columns.map(quote).join(", ")}) values ${tuples.join(", ")}`, params });
    batch = [];
  };
  for (const row of rows) {
    const signature = Object.keys(row).join("\u0000");
    // one statement per run of rows with the same columns, at most 500 rows each
    if (signature !== keys || batch.length >= 500) flush();
    keys = signature;
    batch.push(row);
  }
  flush();
  return statements;
}

/** The compiler of each operation kind. */
export const IMPLEMENTATIONS: { readonly [K in OperationKind]: Implementation<K> } = {
  createTable: (op, s) => [
    // (when the table is new: otherwise the diff below says so, and nothing has changed)
    ...(s.draft().get(op.table) ? [] : alignNativeEnums(op.columns, s, `createTable ${op.table}`)),
    ...s.diff((draft) => {
      const what = `createTable ${op.table}`;
      const table = draft.create(op.table, what);
      const pk = op.primaryKey ? [...op.primaryKey] : op.columns.filter((c) => c.primary).map((c) => c.name);
      for (const spec of op.columns) requireNativeEnum(draft, spec, `${what} column ${spec.name}`, s.ctx);
      for (const spec of op.columns) table.addColumn(toColumn(spec, s.ctx, pk));
      const indexes: IndexDef[] = pk.length > 0 ? [primaryIndex(table, pk, s.ctx)] : [];
      table.setIndexes(indexes);
      for (const spec of op.indexes ?? []) addIndex(table, toIndex(spec), `${what} index`);
      for (const spec of op.uniques ?? []) addIndex(table, toUnique(spec), `${what} unique`);
      for (const spec of op.foreignKeys ?? []) addForeignKey(draft, table, spec, `${what} foreign key`, s.ctx);
      for (const spec of op.columns) if (spec.enum) syncEnumCheck(table, spec.name, s.ctx);
      for (const spec of op.checks ?? []) addCheck(table, spec, `${what} check`);
      if (op.comment !== undefined && s.ctx.platform.supportsComments()) table.comment = op.comment;
    }),
  ],

  // written directly: MikroORM drops with `if exists ... cascade` on PostgreSQL, which would
  // silently take other tables' foreign keys along
  dropTable: (op, s) => {
    const what = `dropTable ${op.table}`;
    const table = s.draft().require(op.table, what);
    // a native enum type goes with the last column using it
    const after = s.draft();
    after.drop(op.table, what);
    const keys = [...new Set(table.getColumns().flatMap((c) => (c.nativeEnumName ? [c.nativeEnumName] : [])))];
    const unused = keys.filter((key) => dropUnusedEnum(after, key));
    const sql = [`drop table ${table.getQuotedName()}`, ...unused.map((key) => dropEnumSql(key, s.ctx))];
    return s.direct(sql, (draft) => {
      draft.drop(op.table, what);
      for (const key of unused) draft.dropEnum(key);
    });
  },

  renameTable: (op, s) => {
    const what = `renameTable ${op.table}`;
    const draft = s.draft();
    const table = draft.require(op.table, what);
    if (draft.get(op.to)) duplicate(what, `table ${op.to} already exists`);
    const sql = `alter table ${table.getQuotedName()} rename to ${s.ctx.platform.quoteIdentifier(op.to)}`;
    return s.direct([sql], (d) => {
      d.rename(op.table, op.to, what);
      const from = qualifiedName(op.table, s.ctx);
      // every database repoints foreign keys at the renamed table; the state does the same
      for (const other of d.tables()) {
        const fks = Object.values(other.getForeignKeys());
        if (!fks.some((fk) => fk.referencedTableName === from || unqualified(fk.referencedTableName, s.ctx) === op.table)) continue;
        const edited = d.edit(other.name, what);
        const renamed: Record<string, ForeignKey> = {};
        for (const fk of Object.values(edited.getForeignKeys())) {
          const points = unqualified(fk.referencedTableName, s.ctx) === op.table;
          renamed[fk.constraintName] = points ? { ...fk, referencedTableName: qualifiedName(op.to, s.ctx) } : fk;
        }
        edited.setForeignKeys(renamed);
      }
    });
  },

  addColumn: (op, s) => [
    ...(s.draft().get(op.table) && !s.draft().get(op.table)!.hasColumn(op.column.name) && !op.column.primary ? alignNativeEnums([op.column], s, `addColumn ${op.table}.${op.column.name}`) : []),
    ...s.diff((draft) => {
      const what = `addColumn ${op.table}.${op.column.name}`;
      const table = draft.edit(op.table, what);
      if (table.hasColumn(op.column.name)) duplicate(what, `table ${op.table} already has column ${op.column.name}`);
      if (op.column.primary) {
        throw new MigrateError(
          "WF_ERR_MIGRATE_INVALID_OPERATION",
          `${what}: addColumn cannot add a primary key column; add the column, then op.createPrimaryKey(...)`,
        );
      }
      requireNativeEnum(draft, op.column, what, s.ctx);
      table.addColumn(toColumn(op.column, s.ctx, []));
      if (op.column.enum) syncEnumCheck(table, op.column.name, s.ctx);
    }),
  ],

  dropColumn: (op, s) =>
    s.diff((draft) => {
      const what = `dropColumn ${op.table}.${op.column}`;
      const table = draft.edit(op.table, what);
      requireColumn(table, op.column, what);
      if (primaryKeyColumns(table).includes(op.column)) {
        throw new MigrateError(
          "WF_ERR_MIGRATE_INVALID_OPERATION",
          `${what}: the column is part of the primary key; op.dropPrimaryKey("${op.table}") first`,
        );
      }
      // the indexes and foreign keys over the column go with it, explicitly (SQLite and MySQL refuse otherwise)
      table.setIndexes(table.getIndexes().filter((i) => !i.columnNames.includes(op.column)));
      const fks = Object.values(table.getForeignKeys()).filter((fk) => !fk.columnNames.includes(op.column));
      table.setForeignKeys(Object.fromEntries(fks.map((fk) => [fk.constraintName, fk])));
      // so do its checks (an enum's first: PostgreSQL would drop it with the column, and then fail to)
      table.setChecks(table.getChecks().filter((c) => c.columnName !== op.column));
      const type = table.getColumn(op.column)?.nativeEnumName;
      table.removeColumn(op.column);
      // and a native enum type with the last column using it
      if (type) dropUnusedEnum(draft, type);
    }),

  alterColumn: (op, s) => {
    const what = `alterColumn ${op.table}.${op.column}`;
    const current = requireColumn(s.draft().require(op.table, what), op.column, what);
    const items = "enum" in op.changes ? op.changes.enum : current.enumItems;
    if (op.changes.enumType && !items?.length) {
      throw new MigrateError("WF_ERR_MIGRATE_INVALID_OPERATION", `${what}: column ${op.column} has no enum values for native enum type ${op.changes.enumType}; give them as enum too`);
    }
    if (hasNativeEnums(s.ctx) && (current.nativeEnumName || op.changes.enumType)) return alterNativeEnumColumn(op, current, s);
    return s.diff((draft) => {
      const table = draft.edit(op.table, what);
      const next = alteredColumn(current, op, s.ctx, primaryKeyColumns(table));
      replaceColumns(table, (c) => (c.name === op.column ? next : c));
      if ("enum" in op.changes) syncEnumCheck(table, op.column, s.ctx);
    });
  },

  renameColumn: (op, s) => {
    const what = `renameColumn ${op.table}.${op.column}`;
    const table = s.draft().require(op.table, what);
    const column = requireColumn(table, op.column, what);
    if (table.hasColumn(op.to)) duplicate(what, `table ${op.table} already has column ${op.to}`);
    const schema = table.schema === s.ctx.platform.getDefaultSchemaName() ? undefined : table.schema;
    const sql = s.ctx.platform.getSchemaHelper()!.getRenameColumnSQL(table.name, op.column, { ...column, name: op.to }, schema);
    return s.direct([sql], (d) => {
      const rename = (name: string) => (name === op.column ? op.to : name);
      const edited = d.edit(op.table, what);
      replaceColumns(edited, (c) => (c.name === op.column ? { ...c, name: op.to } : c));
      edited.setIndexes(edited.getIndexes().map((i) => ({ ...i, columnNames: i.columnNames.map(rename) })));
      const fks = Object.values(edited.getForeignKeys()).map((fk) => ({ ...fk, columnNames: fk.columnNames.map(rename) }));
      edited.setForeignKeys(Object.fromEntries(fks.map((fk) => [fk.constraintName, fk])));
      for (const other of d.tables()) {
        const refs = Object.values(other.getForeignKeys());
        const points = (fk: ForeignKey) => unqualified(fk.referencedTableName, s.ctx) === op.table && fk.referencedColumnNames.includes(op.column);
        if (!refs.some(points)) continue;
        const target = d.edit(other.name, what);
        const updated = Object.values(target.getForeignKeys()).map((fk) =>
          points(fk) ? { ...fk, referencedColumnNames: fk.referencedColumnNames.map(rename) } : fk,
        );
        target.setForeignKeys(Object.fromEntries(updated.map((fk) => [fk.constraintName, fk])));
      }
    });
  },

  createIndex: (op, s) => s.diff((draft) => addIndex(draft.edit(op.table, `createIndex ${op.name}`), toIndex(op), `createIndex ${op.name}`)),

  dropIndex: (op, s) => s.diff((draft) => removeIndex(draft.edit(op.table, `dropIndex ${op.name}`), op.name, `dropIndex ${op.name}`, false)),

  createUnique: (op, s) => s.diff((draft) => addIndex(draft.edit(op.table, `createUnique ${op.name}`), toUnique(op), `createUnique ${op.name}`)),

  dropUnique: (op, s) => s.diff((draft) => removeIndex(draft.edit(op.table, `dropUnique ${op.name}`), op.name, `dropUnique ${op.name}`, true)),

  createPrimaryKey: (op, s) => {
    const what = `createPrimaryKey ${op.table}`;
    const unsigned = s.ctx.platform.supportsUnsigned();
    const statements = s.diff((draft) => {
      const table = draft.edit(op.table, what);
      if (table.getPrimaryKey()) duplicate(what, `table ${op.table} already has a primary key; op.dropPrimaryKey("${op.table}") first`);
      requireColumns(table, op.columns, what);
      // a primary key implies NOT NULL; MikroORM makes integer keys unsigned where that exists
      replaceColumns(table, (c) =>
        op.columns.includes(c.name)
          ? { ...c, nullable: false, primary: op.columns.length === 1, unsigned: c.unsigned || (unsigned && s.ctx.platform.isNumericColumn(c.mappedType)) }
          : c,
      );
      table.setIndexes([...table.getIndexes(), primaryIndex(table, op.columns, s.ctx)]);
    });
    // SQLite rebuilds the table; MikroORM's other helpers add a primary key only with its table
    if (s.ctx.dialect === "sqlite") return statements;
    const table = s.state.getTables().find((t) => t.name === op.table)!;
    return [...statements, s.ctx.platform.getSchemaHelper()!.createIndex(table.getPrimaryKey()!, table, true)];
  },

  dropPrimaryKey: (op, s) =>
    s.diff((draft) => {
      const what = `dropPrimaryKey ${op.table}`;
      const table = draft.edit(op.table, what);
      const pk = table.getPrimaryKey();
      if (!pk) unknownObject(what, `table ${op.table} has no primary key`);
      const referenced = new Set(
        draft
          .tables()
          .flatMap((t) => Object.values(t.getForeignKeys()))
          .filter((fk) => unqualified(fk.referencedTableName, s.ctx) === op.table)
          .flatMap((fk) => fk.referencedColumnNames),
      );
      // an auto-increment column needs the key; a plain integer column is signed in MikroORM models
      replaceColumns(table, (c) =>
        pk.columnNames.includes(c.name) ? { ...c, primary: false, autoincrement: false, unsigned: c.unsigned && referenced.has(c.name) } : c,
      );
      table.setIndexes(table.getIndexes().filter((i) => !i.primary));
    }),

  createForeignKey: (op, s) =>
    s.diff((draft) => {
      const what = `createForeignKey ${op.name}`;
      addForeignKey(draft, draft.edit(op.table, what), op, what, s.ctx);
    }),

  dropForeignKey: (op, s) =>
    s.diff((draft) => {
      const what = `dropForeignKey ${op.name}`;
      const table = draft.edit(op.table, what);
      const fks = { ...table.getForeignKeys() };
      const fk = fks[op.name] ?? unknownObject(what, `table ${op.table} has no foreign key ${op.name}`);
      delete fks[op.name];
      table.setForeignKeys(fks);
      const index = presentImplicitIndex(s.ctx, table, fk.columnNames);
      if (index) table.setIndexes(table.getIndexes().filter((i) => i !== index));
      unalignUnsigned(table, fk, s.ctx);
    }),

  createCheckConstraint: (op, s) =>
    s.diff((draft) => {
      const what = `createCheckConstraint ${op.name}`;
      addCheck(draft.edit(op.table, what), op, what);
    }),

  dropCheckConstraint: (op, s) =>
    s.diff((draft) => {
      const what = `dropCheckConstraint ${op.name}`;
      const table = draft.edit(op.table, what);
      if (!table.hasCheck(op.name)) unknownObject(what, `table ${op.table} has no check constraint ${op.name}`);
      table.setChecks(table.getChecks().filter((c) => c.name !== op.name));
    }),

  // SQLite keeps no comments: nothing to run, nothing to remember
  setTableComment: (op, s) => {
    const what = `setTableComment ${op.table}`;
    s.draft().require(op.table, what);
    if (!s.ctx.platform.supportsComments()) return [];
    return s.diff((draft) => {
      const table = draft.edit(op.table, what);
      table.comment = op.comment ?? undefined;
    });
  },

  execute: (op, s) => {
    if (op.dialects && !op.dialects.includes(s.ctx.dialect)) return [];
    return [op.params ? { sql: op.sql, params: op.params } : op.sql];
  },

  bulkInsert: (op, s) => {
    s.draft().require(op.table, `bulkInsert ${op.table}`);
    return insertStatements(op.table, op.rows, s.ctx);
  },

  query: (op) => [{ sql: op.sql, ...(op.params ? { params: op.params } : {}), returnsRows: true }],
};
