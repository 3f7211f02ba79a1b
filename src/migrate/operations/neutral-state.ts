/**
 * The neutral schema a history of operations builds: every table as a `TableSpec`, with the
 * types the revisions declared. Databases forget some of that (SQLite keeps a string as
 * `text`, without its length); the revisions do not, so reversing a drop can recreate the
 * column exactly as the revisions made it, on any database.
 *
 * One entry per kind, as everywhere else. Operations on objects the history does not know
 * (made by raw SQL, or before the history starts) are skipped: this is a best-effort record.
 */
import type { SchemaLookup } from "./reverse.ts";
import type { ColumnChanges, ColumnSpec, Operation, OperationKind, OperationOf, TableSpec } from "../vocabulary/index.ts";

type Tables = Map<string, TableSpec>;
type Apply<K extends OperationKind> = (tables: Tables, op: OperationOf<K>) => void;

function edit(tables: Tables, name: string, change: (table: TableSpec) => TableSpec): void {
  const table = tables.get(name);
  if (table) tables.set(name, change(table));
}

function without<T extends { readonly name: string }>(items: readonly T[] | undefined, name: string): T[] {
  return (items ?? []).filter((i) => i.name !== name);
}

function renamed(columns: readonly string[], from: string, to: string): string[] {
  return columns.map((c) => (c === from ? to : c));
}

function altered(column: ColumnSpec, changes: ColumnChanges): ColumnSpec {
  const next: { -readonly [K in keyof ColumnSpec]: ColumnSpec[K] } = { ...column };
  if (changes.type !== undefined && changes.type !== column.type) {
    // a new type starts from its own defaults unless the change says otherwise
    delete next.length;
    delete next.precision;
    delete next.scale;
    delete next.nativeType;
    next.type = changes.type;
  }
  for (const key of ["length", "precision", "scale", "nativeType"] as const) {
    if (!(key in changes)) continue;
    const value = changes[key];
    if (value === null || value === undefined) delete next[key];
    else (next as Record<string, unknown>)[key] = value;
  }
  if (changes.nullable !== undefined) next.nullable = changes.nullable;
  if ("default" in changes) {
    if (changes.default === null || changes.default === undefined) delete next.default;
    else next.default = changes.default;
  }
  if ("comment" in changes) {
    if (changes.comment === null || changes.comment === undefined) delete next.comment;
    else next.comment = changes.comment;
  }
  if ("enum" in changes) {
    if (changes.enum === null || changes.enum === undefined) delete next.enum;
    else next.enum = changes.enum;
  }
  if (("enumType" in changes && !changes.enumType) || !next.enum) delete next.enumType;
  else if (changes.enumType) next.enumType = changes.enumType;
  return next;
}

const APPLY: { readonly [K in OperationKind]: Apply<K> } = {
  createTable: (tables, op) => {
    const { kind: _kind, table, ...spec } = op;
    tables.set(table, { name: table, ...spec });
  },
  dropTable: (tables, op) => void tables.delete(op.table),
  renameTable: (tables, op) => {
    const table = tables.get(op.table);
    if (!table) return;
    tables.delete(op.table);
    tables.set(op.to, { ...table, name: op.to });
    for (const [name, other] of tables) {
      const foreignKeys = other.foreignKeys?.map((fk) => (fk.referencedTable === op.table ? { ...fk, referencedTable: op.to } : fk));
      if (foreignKeys) tables.set(name, { ...other, foreignKeys });
    }
  },
  addColumn: (tables, op) => edit(tables, op.table, (t) => ({ ...t, columns: [...without(t.columns, op.column.name), op.column] })),
  dropColumn: (tables, op) =>
    edit(tables, op.table, (t) => ({
      ...t,
      columns: without(t.columns, op.column),
      indexes: t.indexes?.filter((i) => !i.columns.includes(op.column)),
      uniques: t.uniques?.filter((u) => !u.columns.includes(op.column)),
      foreignKeys: t.foreignKeys?.filter((fk) => !fk.columns.includes(op.column)),
    })),
  alterColumn: (tables, op) =>
    edit(tables, op.table, (t) => ({ ...t, columns: t.columns.map((c) => (c.name === op.column ? altered(c, op.changes) : c)) })),
  renameColumn: (tables, op) => {
    edit(tables, op.table, (t) => ({
      ...t,
      columns: t.columns.map((c) => (c.name === op.column ? { ...c, name: op.to } : c)),
      ...(t.primaryKey ? { primaryKey: renamed(t.primaryKey, op.column, op.to) } : {}),
      indexes: t.indexes?.map((i) => ({ ...i, columns: renamed(i.columns, op.column, op.to) })),
      uniques: t.uniques?.map((u) => ({ ...u, columns: renamed(u.columns, op.column, op.to) })),
      foreignKeys: t.foreignKeys?.map((fk) => ({ ...fk, columns: renamed(fk.columns, op.column, op.to) })),
    }));
    for (const [name, other] of tables) {
      const foreignKeys = other.foreignKeys?.map((fk) =>
        fk.referencedTable === op.table ? { ...fk, referencedColumns: renamed(fk.referencedColumns, op.column, op.to) } : fk,
      );
      if (foreignKeys) tables.set(name, { ...other, foreignKeys });
    }
  },
  createIndex: (tables, op) => {
    const { kind: _kind, table, ...index } = op;
    edit(tables, table, (t) => ({ ...t, indexes: [...without(t.indexes, index.name), index] }));
  },
  dropIndex: (tables, op) => edit(tables, op.table, (t) => ({ ...t, indexes: without(t.indexes, op.name), uniques: without(t.uniques, op.name) })),
  createUnique: (tables, op) => {
    const { kind: _kind, table, ...unique } = op;
    edit(tables, table, (t) => ({ ...t, uniques: [...without(t.uniques, unique.name), unique] }));
  },
  dropUnique: (tables, op) => edit(tables, op.table, (t) => ({ ...t, uniques: without(t.uniques, op.name), indexes: without(t.indexes, op.name) })),
  createPrimaryKey: (tables, op) =>
    edit(tables, op.table, (t) => {
      const single = op.columns.length === 1;
      const columns = t.columns.map((c) => (op.columns.includes(c.name) ? { ...c, nullable: false, primary: single || undefined } : c));
      const { primaryKey: _old, ...rest } = t;
      return single ? { ...rest, columns } : { ...rest, columns, primaryKey: [...op.columns] };
    }),
  dropPrimaryKey: (tables, op) =>
    edit(tables, op.table, (t) => {
      const { primaryKey: _old, ...rest } = t;
      return { ...rest, columns: t.columns.map(({ primary: _p, autoincrement: _a, ...c }) => c) };
    }),
  createForeignKey: (tables, op) => {
    const { kind: _kind, table, ...fk } = op;
    edit(tables, table, (t) => ({ ...t, foreignKeys: [...without(t.foreignKeys, fk.name), fk] }));
  },
  dropForeignKey: (tables, op) => edit(tables, op.table, (t) => ({ ...t, foreignKeys: without(t.foreignKeys, op.name) })),
  createCheckConstraint: (tables, op) =>
    edit(tables, op.table, (t) => ({ ...t, checks: [...without(t.checks, op.name), { name: op.name, condition: op.condition }] })),
  dropCheckConstraint: (tables, op) => edit(tables, op.table, (t) => ({ ...t, checks: without(t.checks, op.name) })),
  setTableComment: (tables, op) =>
    edit(tables, op.table, (t) => {
      const { comment: _old, ...rest } = t;
      return op.comment === null ? rest : { ...rest, comment: op.comment };
    }),
  execute: () => {},
  bulkInsert: () => {},
  query: () => {},
};

/**
 * Replays operations into neutral table specs.
 *
 * @example
 * ```ts
 * const state = neutralSchema(opsOfAppliedRevisions);
 * state.table("user")?.columns; // as the revisions declared them
 * ```
 */
export function neutralSchema(history: readonly Operation[]): SchemaLookup & { tables(): TableSpec[] } {
  const tables: Tables = new Map();
  for (const op of history) (APPLY[op.kind] as Apply<OperationKind>)(tables, op);
  return {
    table: (name) => tables.get(name),
    tables: () => [...tables.values()],
  };
}
