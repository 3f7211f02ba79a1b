/**
 * Native enum types (PostgreSQL `create type ... as enum`), used by columns with `enumType`:
 * their place in the compile-time schema state, when they are created and dropped, and how a
 * type's values change: added in place (`alter type ... add value`), or, when values go or
 * change order, by swapping the type (rename the old one, create the new one, convert every
 * column using it through text, drop the old one), as PostgreSQL cannot drop an enum value.
 * A default taking a value being added swaps too: an added value is unusable until commit.
 *
 * Databases without such types (MySQL/MariaDB, SQLite) never reach this module: there a column
 * with `enumType` is the plain enum of its values.
 */
import { EnumType, Type } from "@mikro-orm/core";
import type { Column, DatabaseTable } from "@mikro-orm/sql";
import { MigrateError } from "../errors.ts";
import type { DialectContext } from "./context.ts";
import type { Draft } from "./schema-state.ts";

/** True where columns can be typed with a native enum type (PostgreSQL). */
export function hasNativeEnums(ctx: DialectContext): boolean {
  return ctx.platform.supportsNativeEnums();
}

/** The state's key of a type: its name, schema-qualified outside the default schema (as MikroORM keys it). */
export function enumKey(name: string, ctx: DialectContext): string {
  const schema = ctx.schemaName;
  return schema && schema !== ctx.platform.getDefaultSchemaName() && !name.includes(".") ? `${schema}.${name}` : name;
}

/** The type's name as a revision writes it: without the bind's own schema. */
export function enumName(key: string, ctx: DialectContext): string {
  return ctx.schemaName && key.startsWith(`${ctx.schemaName}.`) ? key.slice(ctx.schemaName.length + 1) : key;
}

/** A column typed with native enum type `key`, holding `items`. */
export function asNativeEnum(column: Column, key: string, items: readonly string[]): Column {
  return { ...column, type: key, mappedType: Type.getType(EnumType), nativeEnumName: key, enumItems: [...items] };
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Every column of the draft using type `key`. */
export function enumUsers(draft: Draft, key: string): { table: DatabaseTable; column: Column }[] {
  return draft.tables().flatMap((table) => table.getColumns().filter((c) => c.nativeEnumName === key).map((column) => ({ table, column })));
}

/**
 * Makes type `key` exist in the draft for a new column holding `items`: created when missing,
 * kept when it has these values; a type with other values is an error (one type has one list:
 * callers give an existing type the new column's values first).
 */
export function requireEnum(draft: Draft, key: string, items: readonly string[], ctx: DialectContext, what: string): void {
  const existing = draft.enums()[key];
  if (!existing) {
    draft.setEnum(key, { name: enumName(key, ctx).split(".").pop()!, schema: ctx.schemaName ?? "", items: [...items] });
    return;
  }
  if (!same(existing.items, items)) {
    throw new MigrateError(
      "WF_ERR_MIGRATE_INVALID_OPERATION",
      `${what}: native enum type ${key} already has the values ${existing.items.join(", ")}, not ${items.join(", ")}; give the same values, or change them with op.alterColumn(table, column, { enum: [...] }) on a column using the type`,
    );
  }
}

/** Drops type `key` from the draft when no column uses it any more; true if it did. */
export function dropUnusedEnum(draft: Draft, key: string): boolean {
  if (!(key in draft.enums()) || enumUsers(draft, key).length > 0) return false;
  draft.dropEnum(key);
  return true;
}

/** `drop type` of `key`. */
export function dropEnumSql(key: string, ctx: DialectContext): string {
  const type = ctx.platform.getSchemaHelper()!;
  const [schema, name] = key.includes(".") ? key.split(".") : [undefined, key];
  return type.getDropNativeEnumSQL(name!, schema);
}

function quoted(key: string, ctx: DialectContext): string {
  return key
    .split(".")
    .map((part) => ctx.platform.quoteIdentifier(part))
    .join(".");
}

/** True when `to` keeps every value of `from`, in the same order (values are only added). */
function onlyAdds(from: readonly string[], to: readonly string[]): boolean {
  let at = 0;
  for (const value of to) if (value === from[at]) at++;
  return at === from.length;
}

/**
 * The SQL giving type `key` the values `items`, and the draft change that goes with it (the
 * type and every column using it hold the new values).
 *
 * @param defaults - the server default to set on a column after a type swap, by
 *   `table.column` (an altered column's new default); others get their own back. Values
 *   only added keep every default as it is.
 */
export function changeEnumValues(draft: Draft, key: string, items: readonly string[], ctx: DialectContext, defaults: ReadonlyMap<string, string | null> = new Map()): { sql: string[]; apply: (draft: Draft) => void } {
  const type = draft.enums()[key]!;
  // a value added by `alter type` cannot be used before the transaction commits (PostgreSQL):
  // a default taking a new value needs the type swapped, as values of a new type can be used
  const added = items.filter((value) => !type.items.includes(value)).map((value) => ctx.platform.quoteValue(value));
  const usesAdded = [...defaults.values()].some((sql) => sql != null && added.some((value) => sql.includes(value)));
  const swap = !onlyAdds(type.items, items) || usesAdded;
  const apply = (d: Draft) => {
    d.setEnum(key, { ...type, items: [...items] });
    for (const { table, column } of enumUsers(d, key)) {
      const edited = d.edit(table.name, `native enum type ${key}`);
      const id = `${table.name}.${column.name}`;
      const next = { ...column, enumItems: [...items], ...(swap && defaults.has(id) ? { default: defaults.get(id) ?? null } : {}) };
      edited.addColumn(next);
    }
  };
  if (same(type.items, items)) return { sql: [], apply };
  const helper = ctx.platform.getSchemaHelper()!;
  const [schema, name] = key.includes(".") ? key.split(".") : [undefined, key];
  if (!swap) {
    // each value after its predecessor (added just before, if new), or before the first old one
    const values = items.filter((value) => !type.items.includes(value));
    return { sql: values.map((value) => helper.getAlterNativeEnumSQL(name!, schema, value, [...items], type.items)), apply };
  }
  // values go or move: PostgreSQL cannot drop an enum value, so the type is rebuilt
  const old = `${name}_old`;
  const oldKey = schema ? `${schema}.${old}` : old;
  const sql = [`alter type ${quoted(key, ctx)} rename to ${ctx.platform.quoteIdentifier(old)}`, helper.getCreateNativeEnumSQL(name!, [...items], schema)];
  for (const { table, column } of enumUsers(draft, key)) {
    const target = table.getQuotedName();
    const col = ctx.platform.quoteIdentifier(column.name);
    const id = `${table.name}.${column.name}`;
    const after = defaults.has(id) ? defaults.get(id) : column.default;
    // a default is an expression of the old type: it cannot be converted, only set again
    if (column.default != null) sql.push(`alter table ${target} alter column ${col} drop default`);
    sql.push(`alter table ${target} alter column ${col} type ${quoted(key, ctx)} using (${col}::text::${quoted(key, ctx)})`);
    if (after != null) sql.push(`alter table ${target} alter column ${col} set default ${after}`);
  }
  sql.push(`drop type ${quoted(oldKey, ctx)}`);
  return { sql, apply };
}
