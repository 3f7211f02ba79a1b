/**
 * SQLite's declared types. SQLite stores values by storage class, but it keeps each column's
 * type exactly as the `create table` declared it (`varchar(50)`, `numeric(10,2)`), and
 * `pragma table_info` reports it. MikroORM compares SQLite columns by storage class only, so a
 * length or precision change was invisible; Migrate declares strings as `varchar(n)` and
 * compares the declared arguments itself.
 *
 * What a declared type cannot tell (listed in docs/migrate.md, "Blind spots"): a column
 * declared `text` by MikroORM's own DDL or an older revision may be a string of any length, so
 * `text` -> `string(n)` is not reported; booleans, small integers and uuids are declared as
 * `integer`/`text` by MikroORM and cannot be told apart from their storage class.
 */
import { SchemaComparator, type Column, type DatabaseSchema, type DatabaseTable } from "@mikro-orm/sql";
import type { NeutralType } from "../vocabulary/index.ts";
import { columnType } from "./columns.ts";
import type { DialectContext } from "./context.ts";

/** A declared type split into its name and numeric arguments: `varchar(50)` -> `varchar`, `[50]`. */
interface Declared {
  readonly name: string;
  readonly args: readonly number[];
}

function parse(type: string): Declared {
  const match = /^\s*([a-z ]+?)\s*(?:\(\s*([\d\s,]+)\))?\s*$/i.exec(type);
  if (!match) return { name: type.trim().toLowerCase(), args: [] };
  return { name: match[1]!.toLowerCase(), args: match[2] ? match[2].split(",").map((a) => Number(a.trim())) : [] };
}

const VARCHAR = new Set(["varchar", "character varying", "nvarchar", "char", "character", "nchar", "varying character"]);

/** What a column's declared type says beyond its storage class, or undefined when nothing. */
function declared(column: Column): Declared | undefined {
  const own = parse(column.type);
  if (own.args.length > 0 || VARCHAR.has(own.name) || own.name === "text") return own;
  return undefined;
}

/**
 * Declares the models' string columns as Migrate creates them on SQLite (`varchar(n)`, where
 * MikroORM says `text`), so that they compare with the database's declarations. In place.
 *
 * @param hints - the models' neutral types by table and column: only they tell a string from
 *   a text once MikroORM has declared both `text`.
 */
export function declareModelTypes(models: DatabaseSchema, ctx: DialectContext, hints: ReadonlyMap<string, ReadonlyMap<string, NeutralType>>): void {
  if (ctx.dialect !== "sqlite") return;
  for (const table of models.getTables()) {
    for (const column of table.getColumns()) {
      if (hints.get(table.name)?.get(column.name) !== "string" || parse(column.type).name !== "text") continue;
      column.type = columnType({ type: "string", length: column.length }, ctx);
      column.mappedType = ctx.platform.getMappedType(column.type);
      column.length ??= 255;
    }
  }
}

/**
 * True when the database's column (`live`) is declared differently from the model's
 * (`model`) in a way SQLite keeps: a string length, string <-> text, decimal precision/scale.
 * A database column declared `text` against a model string is not a difference (see above).
 */
export function declaredTypeChanged(live: Column, model: Column): boolean {
  const from = declared(live);
  const to = declared(model);
  if (!from || !to) return false;
  const fromString = VARCHAR.has(from.name);
  const toString = VARCHAR.has(to.name);
  if (fromString && toString) return (from.args[0] ?? 255) !== (to.args[0] ?? 255);
  if (fromString && to.name === "text") return true;
  if (/^(numeric|decimal)$/.test(from.name) && /^(numeric|decimal)$/.test(to.name) && from.args.length > 0 && to.args.length > 0) {
    return from.args[0] !== to.args[0] || (from.args[1] ?? 0) !== (to.args[1] ?? 0);
  }
  return false;
}

/** True when two states of a column are declared with different types (compiling: both are ours). */
export function declarationChanged(from: Column, to: Column): boolean {
  const a = parse(from.type);
  const b = parse(to.type);
  return a.name !== b.name || a.args.join(",") !== b.args.join(",");
}

/** The length, precision and scale a SQLite column's declared type states, onto the column. */
export function readDeclaredArguments(column: Column): void {
  const { name, args } = parse(column.type);
  if (args.length === 0) return;
  if (VARCHAR.has(name)) column.length = args[0];
  else if (/^(numeric|decimal)$/.test(name)) {
    column.precision = args[0];
    column.scale = args[1] ?? 0;
  }
}

/** MikroORM's comparator, also reporting `type` where `changed(from, to)` says so. */
function comparatorWith(ctx: DialectContext, changed: (from: Column, to: Column) => boolean): SchemaComparator {
  return new (class extends SchemaComparator {
    override diffColumn(fromColumn: Column, toColumn: Column, fromTable: DatabaseTable, logging?: boolean): Set<string> {
      const found = super.diffColumn(fromColumn, toColumn, fromTable, logging);
      if (!found.has("type") && changed(fromColumn, toColumn)) found.add("type");
      return found;
    }
  })(ctx.platform);
}

/**
 * The comparator for a database against its models: on SQLite it also reports the declared
 * type changes MikroORM cannot see ({@link declaredTypeChanged}) as `type` changes.
 *
 * @example
 * ```ts
 * const diff = modelComparator(ctx).compare(live, models); // varchar(50) -> varchar(200) seen on SQLite
 * ```
 */
export function modelComparator(ctx: DialectContext): SchemaComparator {
  return ctx.dialect === "sqlite" ? comparatorWith(ctx, declaredTypeChanged) : new SchemaComparator(ctx.platform);
}

/**
 * The comparator for compiling an operation (both states are Migrate's): on SQLite any change
 * of declared type is a `type` change, which MikroORM's SQLite helper applies by rebuilding
 * the table with the new declaration.
 */
export function compileComparator(ctx: DialectContext): SchemaComparator {
  return ctx.dialect === "sqlite" ? comparatorWith(ctx, declarationChanged) : new SchemaComparator(ctx.platform);
}
