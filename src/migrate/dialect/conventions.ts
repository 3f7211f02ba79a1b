/**
 * MikroORM conventions that differ per database and must stay out of neutral revisions.
 *
 * On SQLite and MySQL (`platform.indexForeignKeys()`), a model's many-to-one column gets an
 * index named `<table>_<columns>_index`; PostgreSQL models have none. Revisions leave that
 * index implicit: creating a foreign key creates it where the convention applies (unless an
 * index over exactly those columns exists), dropping the key drops it. Autogenerate leaves it
 * out, so the same revision matches the models on every database.
 */
import type { DatabaseTable, IndexDef } from "@mikro-orm/sql";
import type { IndexSpec, TableSpec } from "../vocabulary/index.ts";
import type { DialectContext } from "./context.ts";

/** The name of the implicit index of a foreign key over `columns`, or undefined where there is none. */
export function implicitIndexName(ctx: DialectContext, table: string, columns: readonly string[]): string | undefined {
  return ctx.platform.indexForeignKeys() ? ctx.platform.getIndexName(table, [...columns], "index") : undefined;
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

/** The implicit foreign key index the table should get for `columns`, if any is missing. */
export function missingImplicitIndex(ctx: DialectContext, table: DatabaseTable, columns: readonly string[]): IndexDef | undefined {
  const name = implicitIndexName(ctx, table.name, columns);
  if (!name || table.getIndexes().some((i) => same(i.columnNames, columns))) return undefined;
  return { keyName: name, columnNames: [...columns], composite: columns.length > 1, constraint: false, primary: false, unique: false };
}

/** The implicit index of a foreign key over `columns` present in the table, if any. */
export function presentImplicitIndex(ctx: DialectContext, table: DatabaseTable, columns: readonly string[]): IndexDef | undefined {
  const name = implicitIndexName(ctx, table.name, columns);
  const index = name ? table.getIndex(name) : undefined;
  return index && !index.unique && !index.primary && same(index.columnNames, columns) ? index : undefined;
}

/**
 * True when `index` is the implicit index of a foreign key over the same columns and no other
 * index covers those columns (then it is the key's, not the model's).
 */
export function isImplicitIndex(
  ctx: DialectContext,
  table: string,
  index: IndexSpec | IndexDef,
  foreignKeyColumns: readonly (readonly string[])[],
  otherIndexes: readonly (IndexSpec | IndexDef)[],
): boolean {
  const columns = "columnNames" in index ? index.columnNames : index.columns;
  const name = "keyName" in index ? index.keyName : index.name;
  if (index.unique || name !== implicitIndexName(ctx, table, columns)) return false;
  if (!foreignKeyColumns.some((fk) => same(fk, columns))) return false;
  return !otherIndexes.some((o) => o !== index && same("columnNames" in o ? o.columnNames : o.columns, columns));
}

/** A table spec without the implicit indexes of its foreign keys. */
export function withoutImplicitIndexes(spec: TableSpec, ctx: DialectContext): TableSpec {
  if (!spec.indexes?.length || !spec.foreignKeys?.length) return spec;
  const fks = spec.foreignKeys.map((fk) => fk.columns);
  const others = [...spec.indexes, ...(spec.uniques ?? []).map((u) => ({ ...u, unique: true }))];
  const indexes = spec.indexes.filter((i) => !isImplicitIndex(ctx, spec.name, i, fks, others));
  const { indexes: _all, ...rest } = spec;
  return indexes.length > 0 ? { ...rest, indexes } : rest;
}
