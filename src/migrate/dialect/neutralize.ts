/**
 * MikroORM schema objects back to neutral specs: what autogenerate renders and what reversing
 * needs to recreate a dropped table or column. Each platform reads types back differently
 * (`int4`, `varchar(255)`, `tinyint(1)`); MikroORM's mapped type classes make them comparable.
 */
import {
  BigIntType,
  BlobType,
  BooleanType,
  DateTimeType,
  DateType,
  DecimalType,
  DoubleType,
  EnumType,
  FloatType,
  IntegerType,
  JsonType,
  MediumIntType,
  SmallIntType,
  StringType,
  TextType,
  TimeType,
  TinyIntType,
  Uint8ArrayType,
  UuidType,
  type Type,
} from "@mikro-orm/core";
import type { Column, DatabaseTable, ForeignKey } from "@mikro-orm/sql";
import type {
  CheckSpec,
  ColumnDefault,
  RawSql,
  ColumnSpec,
  ForeignKeySpec,
  IndexSpec,
  NeutralType,
  ReferentialAction,
  TableSpec,
  UniqueSpec,
} from "../vocabulary/index.ts";
import { SQLITE_NOW } from "../../db/sqlite-platform.ts";
import { enumCheckName, toColumn } from "./columns.ts";
import type { DialectContext } from "./context.ts";
import { enumName } from "./native-enums.ts";

type TypeClass = abstract new (...args: never[]) => Type<unknown>;

/** Mapped type classes to neutral types, most specific first (subclasses before bases). */
const TYPE_MAP: readonly [TypeClass, NeutralType][] = [
  [UuidType, "uuid"],
  [BooleanType, "boolean"],
  [DecimalType, "decimal"],
  [DoubleType, "double"],
  [FloatType, "float"],
  [BigIntType, "bigint"],
  [SmallIntType, "smallint"],
  [TinyIntType, "smallint"],
  [MediumIntType, "integer"],
  [IntegerType, "integer"],
  [TextType, "text"],
  [StringType, "string"],
  [DateTimeType, "datetime"],
  [DateType, "date"],
  [TimeType, "time"],
  [JsonType, "json"],
  // a string enum is text; its values (a check, MySQL's enum type, or PostgreSQL's native enum
  // type) are the column's `enum` option, and a native type's name its `enumType`
  [EnumType, "text"],
  [Uint8ArrayType, "blob"],
  [BlobType, "blob"],
];

/** The neutral type of a MikroORM mapped type, or undefined when it has none. */
export function neutralTypeOf(type: Type<unknown>): NeutralType | undefined {
  return TYPE_MAP.find(([cls]) => type instanceof cls)?.[1];
}

const LENGTH_TYPES: ReadonlySet<NeutralType> = new Set(["string", "time", "datetime"]);
const NUMERIC_TYPES: ReadonlySet<NeutralType> = new Set(["integer", "bigint", "smallint", "float", "double", "decimal"]);

const NUMBER = /^[-+]?\d+(\.\d+)?$/;

/**
 * A numeric literal as a number when a JavaScript number holds it exactly, else as its digits
 * (raw SQL): a bigint beyond 2^53 or a decimal with more digits than a double keeps them all.
 * Trailing zeros of a fraction are dropped (MariaDB pads decimal defaults to the scale).
 */
function numericValue(text: string): number | RawSql {
  const digits = text.replace(/^\+/, "").replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "").replace(/^(-?)0+(?=\d)/, "$1");
  const value = Number(digits);
  const exact = digits.includes(".") ? String(value) === digits : Number.isSafeInteger(value) && String(value) === digits;
  if (exact) return Object.is(value, -0) ? 0 : value;
  return { raw: digits === "-0" ? "0" : digits };
}

function unquote(literal: string, ctx: DialectContext): string {
  const body = literal.slice(1, -1);
  return ctx.dialect === "mysql" ? body.replace(/\\(.)/gs, "$1").replace(/''/g, "'") : body.replace(/''/g, "'");
}

/**
 * A column's SQL default as a neutral default: literals become values, `now()`-style
 * expressions become `current_timestamp`, anything else stays raw SQL.
 */
export function neutralDefault(sql: string | null | undefined, type: NeutralType, ctx: DialectContext): ColumnDefault | undefined {
  if (sql === null || sql === undefined) return undefined;
  let text = String(sql).trim();
  if (text === "" || /^null$/i.test(text)) return undefined;
  // PostgreSQL casts literals: 'abc'::character varying
  const cast = /^('(?:[^']|'')*')::[\w\s."]+(?:\[\])?$/s.exec(text);
  if (cast) text = cast[1]!;
  if (/^\((.*)\)$/s.test(text) && /^\('.*'\)$/s.test(text)) text = text.slice(1, -1);
  if (/^'.*'$/s.test(text)) {
    const value = unquote(text, ctx);
    if (type === "boolean" && /^(true|false|0|1|t|f)$/i.test(value)) return /^(true|1|t)$/i.test(value);
    if (NUMERIC_TYPES.has(type) && NUMBER.test(value)) return numericValue(value);
    return value;
  }
  if (NUMBER.test(text)) {
    if (type === "boolean") return Number(text) !== 0;
    return numericValue(text);
  }
  if (/^(true|false)$/i.test(text)) return type === "boolean" ? /^true$/i.test(text) : { raw: text.toLowerCase() };
  // SQLite's form is WebFluid's epoch-milliseconds expression (see db/sqlite-platform.ts).
  if (/^(current_timestamp|now)(\(\))?$/i.test(text) || text === SQLITE_NOW) return { raw: "current_timestamp" };
  return { raw: expression(text) };
}

/** True when `text` opens with `(` that closes only at its end. */
function wrapped(text: string): boolean {
  if (!text.startsWith("(") || !text.endsWith(")")) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")") depth--;
    if (depth === 0 && i < text.length - 1) return false;
  }
  return true;
}

/**
 * A default expression in parentheses unless it is one term (a name or a function call):
 * SQLite requires them around an expression and drops them when it reports the default, the
 * others keep what they were given, so both spellings must read the same. Literals (quoted,
 * numeric) are terms too.
 */
export function expression(text: string): string {
  if (wrapped(text) || /^[\w.]+$/.test(text) || /^[-+]?\d+(\.\d+)?$/.test(text) || /^'(?:[^']|'')*'$/s.test(text) || /^[\w.]+\(.*\)$/s.test(text) && wrapped(text.slice(text.indexOf("(")))) return text;
  return `(${text})`;
}

/** A neutral column spec, and whether it describes the column exactly. */
export interface NeutralColumn {
  readonly spec: ColumnSpec;
  /** False when the column's type has no neutral equivalent and `nativeType` carries it. */
  readonly exact: boolean;
}

/**
 * Describes a MikroORM column neutrally.
 *
 * @param hint - the neutral type the column is known to have (from a model), used when the
 *   database stores it as something broader (SQLite keeps booleans as `integer`).
 */
export function neutralColumn(column: Column, ctx: DialectContext, hint?: NeutralType): NeutralColumn {
  const found = neutralTypeOf(column.mappedType);
  const type: NeutralType = hint ?? found ?? "text";
  const spec: { -readonly [K in keyof ColumnSpec]: ColumnSpec[K] } = { name: column.name, type };
  const exact = hint !== undefined || found !== undefined;
  if (!exact) spec.nativeType = column.type;
  if (LENGTH_TYPES.has(type) && column.length != null) {
    // written only when it differs from what the type gets without it (255, or the platform's
    // fractional-second default), so revisions stay short and the same on every database
    const implied = toColumn({ name: column.name, type }, ctx, []).length;
    if (column.length !== implied) spec.length = column.length;
  }
  if (type === "decimal") {
    if (column.precision != null) spec.precision = column.precision;
    if (column.scale != null) spec.scale = column.scale;
  }
  if (column.nullable) spec.nullable = true;
  const value = neutralDefault(column.default, type, ctx);
  if (value !== undefined) spec.default = value;
  if (column.primary) spec.primary = true;
  if (column.autoincrement) spec.autoincrement = true;
  if (column.comment) spec.comment = column.comment;
  // a string enum (MySQL's enum type, or the values of the check PostgreSQL and SQLite keep,
  // or of PostgreSQL's native enum type, named by `enumType`)
  if (column.enumItems?.length && column.enumItems.every((i) => typeof i === "string")) {
    spec.enum = [...column.enumItems];
    if (column.nativeEnumName) spec.enumType = enumName(column.nativeEnumName, ctx);
    // MySQL's `enum(...)` type says nothing more than the values
    delete spec.nativeType;
    return { spec, exact: true };
  }
  return { spec, exact };
}

function action(rule: string | undefined): ReferentialAction | undefined {
  const value = rule?.toLowerCase().replace(/"/g, "");
  // `restrict` and `no action` are the databases' defaults (MySQL reports one, the others the other)
  if (!value || value === "restrict" || value === "no action") return undefined;
  return value as ReferentialAction;
}

/** Strips the default schema from a table reference (`public.author` -> `author`). */
export function unqualified(name: string, ctx: DialectContext): string {
  return ctx.schemaName && name.startsWith(`${ctx.schemaName}.`) ? name.slice(ctx.schemaName.length + 1) : name;
}

/** A MikroORM foreign key as a neutral spec. */
export function neutralForeignKey(fk: ForeignKey, ctx: DialectContext): ForeignKeySpec {
  const onDelete = action(fk.deleteRule);
  const onUpdate = action(fk.updateRule);
  return {
    name: fk.constraintName,
    columns: [...fk.columnNames],
    referencedTable: unqualified(fk.referencedTableName, ctx),
    referencedColumns: [...fk.referencedColumnNames],
    ...(onDelete ? { onDelete } : {}),
    ...(onUpdate ? { onUpdate } : {}),
  };
}

/**
 * A whole table as a neutral spec (columns, primary key, indexes, uniques, foreign keys).
 *
 * @param hints - neutral types known from models, by column name.
 */
export function neutralTable(table: DatabaseTable, ctx: DialectContext, hints: ReadonlyMap<string, NeutralType> = new Map()): TableSpec {
  const pk = table.getPrimaryKey();
  const composite = (pk?.columnNames.length ?? 0) > 1;
  const columns = table.getColumns().map((c): ColumnSpec => {
    const { spec } = neutralColumn(c, ctx, hints.get(c.name));
    if (!composite) return spec;
    // a composite key is listed once, as `primaryKey`, in key order
    const { primary: _primary, ...rest } = spec;
    return rest;
  });
  const indexes: IndexSpec[] = [];
  const uniques: UniqueSpec[] = [];
  for (const index of table.getIndexes()) {
    if (index.primary || index.expression) continue;
    if (index.unique && index.constraint) uniques.push({ name: index.keyName, columns: [...index.columnNames] });
    else indexes.push({ name: index.keyName, columns: [...index.columnNames], ...(index.unique ? { unique: true } : {}) });
  }
  const foreignKeys = Object.values(table.getForeignKeys()).map((fk) => neutralForeignKey(fk, ctx));
  const checks: CheckSpec[] = table
    .getChecks()
    .filter((c) => !isEnumCheck(table, c, ctx) && typeof c.expression === "string")
    .map((c) => ({ name: c.name, condition: c.expression as string }));
  return {
    name: table.name,
    columns,
    ...(composite ? { primaryKey: [...pk!.columnNames] } : {}),
    ...(indexes.length ? { indexes } : {}),
    ...(uniques.length ? { uniques } : {}),
    ...(foreignKeys.length ? { foreignKeys } : {}),
    ...(checks.length ? { checks } : {}),
    ...(table.comment ? { comment: table.comment } : {}),
  };
}

/** True for the CHECK that holds an enum column's values: it belongs to the column, not the table. */
export function isEnumCheck(table: DatabaseTable, check: { name: string; columnName?: string }, ctx: DialectContext): boolean {
  if (!check.columnName) return false;
  const column = table.getColumn(check.columnName);
  return !!column?.enumItems?.length && check.name === enumCheckName(table.name, check.columnName, ctx);
}
