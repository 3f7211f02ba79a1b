/**
 * Leaving objects out of autogenerate (the version table, tables another tool owns): they are
 * removed from both sides before comparing, so nothing about them is compared, created,
 * dropped or reversed.
 */
import type { DatabaseSchema, DatabaseTable } from "@mikro-orm/sql";
import { cloneTable, type DialectContext } from "../dialect/index.ts";

/** A schema object offered to `includeObject`. */
export interface SchemaObject {
  readonly type: "table" | "column" | "index" | "unique" | "foreignKey";
  readonly name: string;
  /** The table, for everything but tables. */
  readonly table?: string;
  /** True for objects read from the database, false for those from models. */
  readonly reflected: boolean;
}

/** Which objects autogenerate considers. */
export interface ObjectFilter {
  /** Table names (or patterns) to ignore entirely, e.g. the migration version table. */
  readonly exclude?: readonly (string | RegExp)[];
  /** Return false to leave an object out (Alembic's `include_object`). */
  readonly includeObject?: (object: SchemaObject) => boolean;
}

function excluded(name: string, patterns: readonly (string | RegExp)[]): boolean {
  return patterns.some((p) => (typeof p === "string" ? p === name : p.test(name)));
}

function filterTable(table: DatabaseTable, reflected: boolean, include: (o: SchemaObject) => boolean, ctx: DialectContext): DatabaseTable {
  const ask = (type: SchemaObject["type"], name: string) => include({ type, name, table: table.name, reflected });
  const columns = table.getColumns().filter((c) => !ask("column", c.name));
  const indexes = table.getIndexes().filter((i) => !i.primary && !ask(i.unique && i.constraint ? "unique" : "index", i.keyName));
  const fks = Object.values(table.getForeignKeys()).filter((fk) => !ask("foreignKey", fk.constraintName));
  if (columns.length === 0 && indexes.length === 0 && fks.length === 0) return table;
  const copy = cloneTable(table, ctx);
  const gone = new Set(columns.map((c) => c.name));
  for (const name of gone) copy.removeColumn(name);
  const droppedIndexes = new Set(indexes.map((i) => i.keyName));
  copy.setIndexes(copy.getIndexes().filter((i) => !droppedIndexes.has(i.keyName) && !i.columnNames.some((c) => gone.has(c))));
  const droppedFks = new Set(fks.map((fk) => fk.constraintName));
  const kept = Object.values(copy.getForeignKeys()).filter((fk) => !droppedFks.has(fk.constraintName) && !fk.columnNames.some((c) => gone.has(c)));
  copy.setForeignKeys(Object.fromEntries(kept.map((fk) => [fk.constraintName, fk])));
  return copy;
}

/** Applies the filter to a schema in place (tables are replaced by filtered copies). */
export function filterSchema(schema: DatabaseSchema, reflected: boolean, filter: ObjectFilter, ctx: DialectContext): void {
  const exclude = filter.exclude ?? [];
  const include = filter.includeObject;
  const tables = schema
    .getTables()
    .filter((t) => !excluded(t.name, exclude) && (!include || include({ type: "table", name: t.name, reflected })))
    .map((t) => (include ? filterTable(t, reflected, include, ctx) : t));
  schema.setTables(tables);
}
