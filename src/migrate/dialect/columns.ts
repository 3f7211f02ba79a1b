/**
 * Neutral specs to MikroORM schema objects (`Column`, `IndexDef`, `ForeignKey`) for one
 * platform, built the way MikroORM builds them from entity metadata
 * (`DatabaseTable.addColumnFromProperty`), so that the comparator sees a column created by an
 * operation and the same column declared in a model as equal.
 */
import { DecimalType, type EntityProperty, type Type } from "@mikro-orm/core";
import type { Column, DatabaseTable, ForeignKey, IndexDef } from "@mikro-orm/sql";
import type { CheckSpec, ColumnDefault, ColumnSpec, ForeignKeySpec, IndexSpec, UniqueSpec } from "../vocabulary/index.ts";
import type { DialectContext } from "./context.ts";
import { asNativeEnum, enumKey, hasNativeEnums } from "./native-enums.ts";

/** The SQL text of a server default on this platform (`undefined` for none). */
export function defaultSql(value: ColumnDefault | null | undefined, ctx: DialectContext, length?: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  let sql: string;
  if (typeof value === "object") sql = value.raw;
  else if (typeof value === "boolean") sql = value ? "true" : "false";
  else if (typeof value === "number") sql = String(value);
  else sql = ctx.platform.quoteValue(value);
  // same normalisation MikroORM applies to a model's `defaultRaw` (e.g. `now()` forms per dialect)
  return String(ctx.platform.getSchemaHelper()!.normalizeDefaultValue(sql, length));
}

/** The SQL type of a neutral column on this platform, e.g. `varchar(100)` or `timestamptz`. */
export function columnType(spec: Pick<ColumnSpec, "type" | "length" | "precision" | "scale" | "nativeType" | "enum" | "enumType">, ctx: DialectContext): string {
  if (spec.nativeType) return spec.nativeType;
  // PostgreSQL types the column with the native enum type; elsewhere it is a plain enum
  if (spec.enumType && spec.enum?.length && hasNativeEnums(ctx)) return enumKey(spec.enumType, ctx);
  // MySQL/MariaDB have an enum type; the others keep the column's type and add a check
  if (spec.enum?.length && !ctx.platform.usesEnumCheckConstraints()) {
    return ctx.platform.getEnumTypeDeclarationSQL({ items: [...spec.enum], fieldNames: [] });
  }
  // SQLite keeps the declared type: declaring the length makes a length change visible there
  // (MikroORM declares `text`, which stores the same)
  if (ctx.dialect === "sqlite" && spec.type === "string") return `varchar(${spec.length ?? 255})`;
  const mapped = ctx.platform.getMappedType(spec.type);
  // types read only these fields of the property they are declared on
  const prop = { length: spec.length, precision: spec.precision, scale: spec.scale } as EntityProperty;
  return mapped.getColumnType(prop, ctx.platform);
}

function numeric(ctx: DialectContext, type: Type<unknown>): boolean {
  return ctx.platform.isNumericColumn(type);
}

/**
 * Builds the MikroORM column for a neutral spec.
 *
 * @param primaryKey - the table's primary key columns (a composite key flags no single column).
 */
export function toColumn(spec: ColumnSpec, ctx: DialectContext, primaryKey: readonly string[] = spec.primary ? [spec.name] : []): Column {
  const { platform } = ctx;
  const type = columnType(spec, ctx);
  const mappedType = platform.getMappedType(type);
  let { length, precision, scale } = spec;
  if (mappedType instanceof DecimalType) {
    const match = /\w+\((\d+), ?(\d+)\)/.exec(type);
    if (match) {
      precision ??= Number(match[1]);
      scale ??= Number(match[2]);
      length = undefined;
    }
  }
  if (length === undefined) {
    length = platform.getSchemaHelper()!.inferLengthFromColumnType(type);
    if (length === undefined && typeof mappedType.getDefaultLength === "function") length = mappedType.getDefaultLength(platform);
  }
  const inKey = primaryKey.includes(spec.name);
  const autoincrement = spec.autoincrement ?? false;
  const column: Column = {
    name: spec.name,
    type,
    mappedType,
    // MikroORM makes integer primary keys unsigned where the database has unsigned (MySQL)
    unsigned: platform.supportsUnsigned() && (autoincrement || inKey) && numeric(ctx, mappedType),
    autoincrement,
    primary: inKey && primaryKey.length === 1,
    nullable: spec.nullable ?? false,
    length,
    precision,
    scale,
    default: defaultSql(spec.default, ctx, length),
    ...(spec.comment !== undefined && ctx.platform.supportsComments() ? { comment: spec.comment } : {}),
    ...(spec.enum?.length ? { enumItems: [...spec.enum] } : {}),
  };
  return spec.enumType && spec.enum?.length && hasNativeEnums(ctx) ? asNativeEnum(column, enumKey(spec.enumType, ctx), spec.enum) : column;
}

/** The name MikroORM gives the CHECK holding an enum column's values. */
export function enumCheckName(table: string, column: string, ctx: DialectContext): string {
  return ctx.platform.getIndexName(table, [column], "check").substring(0, ctx.platform.getMaxIdentifierLength());
}

/**
 * Makes the table's enum CHECK of `column` match the column: present with its values where the
 * database keeps enums as checks (PostgreSQL, SQLite), absent otherwise. Built exactly as
 * MikroORM builds it from a model, so the comparator sees no difference.
 */
export function syncEnumCheck(table: DatabaseTable, column: string, ctx: DialectContext): void {
  const name = enumCheckName(table.name, column, ctx);
  const items = table.getColumn(column)?.enumItems;
  const others = table.getChecks().filter((c) => !(c.columnName === column && c.name === name));
  // a native enum type (PostgreSQL) holds the values itself
  if (items?.length && ctx.platform.usesEnumCheckConstraints() && !table.getColumn(column)?.nativeEnumName) {
    const expression = ctx.platform.getEnumCheckConstraintExpression(column, items);
    others.push({ name, expression, definition: `check (${expression})`, columnName: column });
  }
  table.setChecks(others);
}

/** A named table check. */
export function toCheck(spec: CheckSpec): { name: string; expression: string; definition: string } {
  return { name: spec.name, expression: spec.condition, definition: `check (${spec.condition})` };
}

/** The primary key index of a table over `columns`, named as the platform names it. */
export function primaryIndex(table: DatabaseTable, columns: readonly string[], ctx: DialectContext): IndexDef {
  return {
    keyName: ctx.platform.getIndexName(table.name, [...columns], "primary"),
    columnNames: [...columns],
    composite: columns.length > 1,
    constraint: true,
    primary: true,
    unique: true,
  };
}

/** A secondary (optionally unique) index. */
export function toIndex(spec: IndexSpec): IndexDef {
  return {
    keyName: spec.name,
    columnNames: [...spec.columns],
    composite: spec.columns.length > 1,
    constraint: false,
    primary: false,
    unique: spec.unique ?? false,
  };
}

/** A unique constraint. */
export function toUnique(spec: UniqueSpec): IndexDef {
  return {
    keyName: spec.name,
    columnNames: [...spec.columns],
    composite: spec.columns.length > 1,
    constraint: true,
    primary: false,
    unique: true,
  };
}

/** Qualifies a table name the way MikroORM names foreign key ends (`public.author` on PostgreSQL). */
export function qualifiedName(name: string, ctx: DialectContext): string {
  return ctx.schemaName ? `${ctx.schemaName}.${name}` : name;
}

/** A foreign key of `table`. */
export function toForeignKey(table: string, spec: ForeignKeySpec, ctx: DialectContext): ForeignKey {
  return {
    constraintName: spec.name,
    columnNames: [...spec.columns],
    localTableName: qualifiedName(table, ctx),
    referencedTableName: qualifiedName(spec.referencedTable, ctx),
    referencedColumnNames: [...spec.referencedColumns],
    ...(spec.onDelete ? { deleteRule: spec.onDelete } : {}),
    ...(spec.onUpdate ? { updateRule: spec.onUpdate } : {}),
  };
}
