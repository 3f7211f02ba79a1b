/**
 * Server defaults in one spelling per database, so that a default which round-trips is never
 * a difference. MikroORM's comparator compares defaults as text, and the same default reaches
 * it spelled several ways: a model's bigint default is the string `'0'` (bigints are strings
 * in JavaScript) while MariaDB reports `0`; PostgreSQL reports `'abc'::character varying`;
 * MariaDB escapes quotes differently from what a model writes. Reading each default back to
 * its neutral value and writing that value the way an operation would ({@link defaultSql})
 * gives both sides the spelling an `alterColumn` produces.
 */
import type { Column, DatabaseSchema } from "@mikro-orm/sql";
import type { NeutralType } from "../vocabulary/index.ts";
import { defaultSql } from "./columns.ts";
import type { DialectContext } from "./context.ts";
import { neutralDefault, neutralTypeOf } from "./neutralize.ts";

/**
 * The default of `column` as an operation would write it, or the column's own text where the
 * default is not a value Migrate understands (it is then kept verbatim).
 *
 * @param type - the column's neutral type when known better than its SQL type says (a model's
 *   boolean is an `integer` on SQLite).
 */
export function canonicalDefault(column: Column, ctx: DialectContext, type?: NeutralType): string | null | undefined {
  if (column.default === null || column.default === undefined) return column.default;
  const neutral = type ?? neutralTypeOf(column.mappedType) ?? "text";
  const value = neutralDefault(column.default, neutral, ctx);
  if (value === undefined) return null;
  return defaultSql(value, ctx, column.length) ?? null;
}

/**
 * Rewrites every column default of `schema` to its canonical spelling ({@link canonicalDefault}),
 * in place.
 *
 * @param hints - neutral types by table and column name (the models'), where they are known.
 *
 * @example
 * ```ts
 * normalizeDefaults(live, ctx, hints);
 * normalizeDefaults(models, ctx, hints);
 * new SchemaComparator(ctx.platform).compare(live, models); // `'0'` and `0` no longer differ
 * ```
 */
export function normalizeDefaults(
  schema: DatabaseSchema,
  ctx: DialectContext,
  hints: ReadonlyMap<string, ReadonlyMap<string, NeutralType>> = new Map(),
): void {
  for (const table of schema.getTables()) {
    for (const column of table.getColumns()) {
      if (column.default === null || column.default === undefined) continue;
      column.default = canonicalDefault(column, ctx, hints.get(table.name)?.get(column.name));
    }
  }
}
