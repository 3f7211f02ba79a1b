/**
 * Column edits shared by the operation compilers: finding a column, replacing one in place, and
 * the column an `alterColumn` leaves.
 */
import type { Column, DatabaseTable } from "@mikro-orm/sql";
import { MigrateError } from "../errors.ts";
import type { ColumnSpec, NeutralType, OperationOf } from "../vocabulary/index.ts";
import { columnType, defaultSql, toColumn } from "./columns.ts";
import type { DialectContext } from "./context.ts";
import { neutralColumn } from "./neutralize.ts";

/** The column, or a `WF_ERR_MIGRATE_UNKNOWN_OBJECT` naming what needed it. */
export function requireColumn(table: DatabaseTable, name: string, what: string): Column {
  const column = table.getColumn(name);
  if (!column) throw new MigrateError("WF_ERR_MIGRATE_UNKNOWN_OBJECT", `${what}: table ${table.name} has no column ${name}; check the column name`);
  return column;
}

/** Replaces columns in place, keeping their order (a SQLite rebuild recreates them in it). */
export function replaceColumns(table: DatabaseTable, replace: (column: Column) => Column): void {
  const columns = table.getColumns();
  for (const column of columns) table.removeColumn(column.name);
  for (const column of columns) table.addColumn(replace(column));
}

/** The table's primary key columns, in key order. */
export function primaryKeyColumns(table: DatabaseTable): string[] {
  return table.getPrimaryKey()?.columnNames ?? [];
}

/** The column an `alterColumn` leaves, built from the current one so unexpressed details survive. */
export function alteredColumn(current: Column, op: OperationOf<"alterColumn">, ctx: DialectContext, primaryKey: readonly string[]): Column {
  const { changes } = op;
  const next: Column = { ...current };
  // MySQL's enum values are its type; elsewhere they are a check next to the type
  const enumIsType = !ctx.platform.usesEnumCheckConstraints();
  const typeChanged = ["type", "length", "precision", "scale", "nativeType", ...(enumIsType ? ["enum"] : [])].some((key) => key in changes);
  const items = "enum" in changes ? (changes.enum ?? undefined) : current.enumItems?.length ? current.enumItems : undefined;
  if ("enum" in changes) {
    if (items) next.enumItems = [...items];
    else delete next.enumItems;
  }
  if (typeChanged) {
    const was = neutralColumn(current, ctx).spec;
    const type: NeutralType = changes.type ?? was.type;
    // a new type starts from its own defaults; the old length or precision rarely fits it
    const keep = type === was.type;
    const spec: ColumnSpec = {
      name: current.name,
      type,
      length: "length" in changes ? (changes.length ?? undefined) : keep ? current.length : undefined,
      precision: "precision" in changes ? (changes.precision ?? undefined) : keep ? current.precision : undefined,
      scale: "scale" in changes ? (changes.scale ?? undefined) : keep ? current.scale : undefined,
      nativeType: "nativeType" in changes ? (changes.nativeType ?? undefined) : changes.type ? undefined : was.nativeType,
      ...(items ? { enum: items } : {}),
    };
    const built = toColumn(spec, ctx, primaryKey);
    Object.assign(next, {
      type: columnType(spec, ctx),
      mappedType: built.mappedType,
      length: built.length,
      precision: built.precision,
      scale: built.scale,
    });
  }
  if (changes.nullable !== undefined) next.nullable = changes.nullable;
  if ("default" in changes) next.default = defaultSql(changes.default, ctx, next.length) ?? null;
  if ("comment" in changes && ctx.platform.supportsComments()) {
    if (changes.comment === null || changes.comment === undefined) delete next.comment;
    else next.comment = changes.comment;
  }
  return next;
}
