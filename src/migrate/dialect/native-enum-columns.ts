/**
 * The operation compilers' side of native enum types (PostgreSQL): new columns creating or
 * joining a type, and `alterColumn` on a column that uses one or is to use one.
 */
import type { Column } from "@mikro-orm/sql";
import { MigrateError } from "../errors.ts";
import type { ColumnSpec, OperationOf } from "../vocabulary/index.ts";
import { alteredColumn, primaryKeyColumns, replaceColumns, requireColumn } from "./column-edits.ts";
import { defaultSql, syncEnumCheck, toColumn } from "./columns.ts";
import type { DialectContext } from "./context.ts";
import { asNativeEnum, changeEnumValues, dropUnusedEnum, enumKey, hasNativeEnums, requireEnum } from "./native-enums.ts";
import { neutralColumn } from "./neutralize.ts";
import type { Draft } from "./schema-state.ts";
import type { CompileSession, SqlText } from "./session.ts";

/** Creates (in the draft) the native enum type a new column uses, on PostgreSQL. */
export function requireNativeEnum(draft: Draft, spec: ColumnSpec, what: string, ctx: DialectContext): void {
  if (spec.enumType && spec.enum?.length && hasNativeEnums(ctx)) requireEnum(draft, enumKey(spec.enumType, ctx), spec.enum, ctx, what);
}

/**
 * New columns of a native enum type that exists with other values give it theirs first, as
 * `alterColumn` would (PostgreSQL): the values are the type's, for every column using it. So
 * a column can join a type whose values change in the same revision, in either order.
 */
export function alignNativeEnums(specs: readonly ColumnSpec[], s: CompileSession, what: string): SqlText[] {
  // one type has one list of values, on every database
  const lists = new Map<string, ColumnSpec>();
  for (const spec of specs) {
    if (!spec.enumType || !spec.enum) continue;
    const first = lists.get(spec.enumType);
    if (first && first.enum!.join("\u0000") !== spec.enum.join("\u0000")) {
      throw new MigrateError(
        "WF_ERR_MIGRATE_INVALID_OPERATION",
        `${what}: columns ${first.name} and ${spec.name} give native enum type ${spec.enumType} different values; a type has one list of values`,
      );
    }
    lists.set(spec.enumType, first ?? spec);
  }
  if (!hasNativeEnums(s.ctx)) return [];
  const statements: SqlText[] = [];
  for (const spec of specs) {
    if (!spec.enumType || !spec.enum?.length) continue;
    const key = enumKey(spec.enumType, s.ctx);
    if (!(key in s.draft().enums())) continue;
    const { sql, apply } = changeEnumValues(s.draft(), key, spec.enum, s.ctx);
    statements.push(...s.direct(sql, apply));
  }
  return statements;
}

/**
 * `alterColumn` of a column that uses, or is to use, a native enum type (PostgreSQL). The type
 * first gets the values asked for (created, extended, or swapped for every column using it);
 * then the column changes the rest of the way through the comparator; a type no column uses
 * any more goes last.
 */
export function alterNativeEnumColumn(op: OperationOf<"alterColumn">, current: Column, s: CompileSession): SqlText[] {
  const { changes } = op;
  const what = `alterColumn ${op.table}.${op.column}`;
  const fromKey = current.nativeEnumName;
  const items = "enum" in changes ? (changes.enum ?? undefined) : current.enumItems?.map(String);
  const toKey = changes.enumType === null || !items?.length ? undefined : changes.enumType ? enumKey(changes.enumType, s.ctx) : fromKey;
  const statements: SqlText[] = [];
  const id = `${op.table}.${op.column}`;
  if (toKey && toKey in s.draft().enums()) {
    // the type exists: its values change for every column using it
    const defaults = new Map<string, string | null>();
    if ("default" in changes && toKey === fromKey) defaults.set(id, defaultSql(changes.default, s.ctx) ?? null);
    const { sql, apply } = changeEnumValues(s.draft(), toKey, items!, s.ctx, defaults);
    statements.push(...s.direct(sql, apply));
  }
  const moving = toKey !== fromKey;
  if (moving && current.default != null) {
    // a default cannot be converted to or from an enum type: dropped here, set again by the change
    const table = s.draft().require(op.table, what);
    const sql = `alter table ${table.getQuotedName()} alter column ${s.ctx.platform.quoteIdentifier(op.column)} drop default`;
    statements.push(...s.direct([sql], (d) => replaceColumns(d.edit(op.table, what), (c) => (c.name === op.column ? { ...c, default: null } : c))));
  }
  const base = requireColumn(s.draft().require(op.table, what), op.column, what);
  const rest: { -readonly [K in keyof typeof changes]: (typeof changes)[K] } = { ...changes };
  delete rest.enumType;
  if (toKey === fromKey && toKey) {
    // the values are the type's, done above
    delete rest.enum;
    if (base.default === (defaultSql(changes.default, s.ctx) ?? null)) delete rest.default;
  }
  if (moving && current.default != null && !("default" in rest)) rest.default = neutralColumn(current, s.ctx).spec.default ?? null;
  if (Object.keys(rest).length > 0 || moving) {
    statements.push(
      ...s.diff((draft) => {
        const table = draft.edit(op.table, what);
        let next = alteredColumn(base, { ...op, changes: rest }, s.ctx, primaryKeyColumns(table));
        if (toKey && moving) {
          requireEnum(draft, toKey, items!, s.ctx, what);
          next = asNativeEnum(next, toKey, items!);
        } else if (!toKey && fromKey) {
          // a plain column of its neutral type again (text, with the enum's check if it keeps values)
          const spec = neutralColumn(base, s.ctx).spec;
          const { enumType: _t, ...plain } = { ...spec, ...(items ? { enum: items } : {}) };
          if (!items) delete (plain as { enum?: unknown }).enum;
          const built = toColumn(plain, s.ctx, primaryKeyColumns(table));
          next = { ...next, type: built.type, mappedType: built.mappedType, nativeEnumName: undefined, ...(items ? { enumItems: [...items] } : {}) };
          if (!items) delete next.enumItems;
        }
        replaceColumns(table, (c) => (c.name === op.column ? next : c));
        syncEnumCheck(table, op.column, s.ctx);
        if (fromKey && moving) dropUnusedEnum(draft, fromKey);
      }),
    );
  }
  return statements;
}
