/**
 * Checks an operation's shape before anything compiles or records it, so a typo in a revision
 * fails with a line naming the operation and the argument instead of a SQL error later.
 */
import { MigrateError } from "../errors.ts";
import {
  DIALECTS,
  NEUTRAL_TYPES,
  type CheckSpec,
  type ColumnChanges,
  type ColumnDefault,
  type ColumnSpec,
  type ForeignKeySpec,
  type IndexSpec,
  type Operation,
  type ReferentialAction,
  type UniqueSpec,
} from "../vocabulary/index.ts";

const REFERENTIAL_ACTIONS: readonly ReferentialAction[] = ["cascade", "set null", "set default", "restrict", "no action"];

function fail(kind: string, message: string): never {
  throw new MigrateError("WF_ERR_MIGRATE_INVALID_OPERATION", `${kind}: ${message}`);
}

function name(kind: string, what: string, value: unknown): void {
  if (typeof value !== "string" || value.trim() === "") fail(kind, `${what} must be a non-empty string, got ${JSON.stringify(value)}`);
}

function names(kind: string, what: string, value: unknown): void {
  if (!Array.isArray(value) || value.length === 0) fail(kind, `${what} must be a non-empty array of column names`);
  for (const item of value) name(kind, `each of ${what}`, item);
}

function size(kind: string, what: string, value: unknown, nullable = false): void {
  if (value === undefined || (nullable && value === null)) return;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    fail(kind, `${what} must be a non-negative integer, got ${JSON.stringify(value)}`);
  }
}

function columnType(kind: string, value: unknown): void {
  if (!(NEUTRAL_TYPES as readonly unknown[]).includes(value)) {
    fail(kind, `unknown column type ${JSON.stringify(value)}; use one of ${NEUTRAL_TYPES.join(", ")}`);
  }
}

function columnDefault(kind: string, value: ColumnDefault | null | undefined): void {
  if (value === undefined || value === null) return;
  if (typeof value === "object") {
    if (typeof value.raw !== "string" || value.raw.trim() === "") fail(kind, "a raw default needs SQL text: op.raw(\"current_timestamp\")");
    return;
  }
  if (!["string", "number", "boolean"].includes(typeof value)) fail(kind, `default must be a string, number, boolean or op.raw(sql)`);
}

function column(kind: string, spec: ColumnSpec): void {
  if (typeof spec !== "object" || spec === null) fail(kind, "a column must be built with op.column(name, type, options)");
  name(kind, "column name", spec.name);
  columnType(`${kind} ${spec.name}`, spec.type);
  size(kind, `${spec.name}.length`, spec.length);
  size(kind, `${spec.name}.precision`, spec.precision);
  size(kind, `${spec.name}.scale`, spec.scale);
  columnDefault(`${kind} ${spec.name}`, spec.default);
  if (spec.nativeType !== undefined) name(kind, `${spec.name}.nativeType`, spec.nativeType);
  comment(kind, `${spec.name}.comment`, spec.comment);
  if (spec.enum !== undefined) values(kind, `${spec.name}.enum`, spec.enum);
  if (spec.enumType !== undefined) {
    name(kind, `${spec.name}.enumType`, spec.enumType);
    if (spec.enum === undefined) fail(kind, `${spec.name}.enumType names a native enum type: give its values as enum too`);
  }
}

function comment(kind: string, what: string, value: unknown): void {
  if (value !== undefined && value !== null && typeof value !== "string") fail(kind, `${what} must be a string or null`);
}

function values(kind: string, what: string, value: unknown): void {
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== "string")) {
    fail(kind, `${what} must be a non-empty array of strings`);
  }
}

function check(kind: string, spec: CheckSpec): void {
  name(kind, "check name", spec.name);
  name(kind, `condition of ${spec.name}`, spec.condition);
}

function changes(kind: string, value: ColumnChanges): void {
  if (typeof value !== "object" || value === null || Object.keys(value).length === 0) {
    fail(kind, "changes must name at least one of type, length, precision, scale, nullable, default, comment, enum, enumType");
  }
  comment(kind, "comment", value.comment);
  comment(kind, "existingComment", value.existingComment);
  if (value.enum !== undefined && value.enum !== null) values(kind, "enum", value.enum);
  if (value.type !== undefined) columnType(kind, value.type);
  size(kind, "length", value.length, true);
  size(kind, "precision", value.precision, true);
  size(kind, "scale", value.scale, true);
  if (value.nullable !== undefined && typeof value.nullable !== "boolean") fail(kind, "nullable must be true or false");
  columnDefault(kind, value.default);
  if (value.nativeType !== undefined && value.nativeType !== null) name(kind, "nativeType", value.nativeType);
  if (value.enumType !== undefined && value.enumType !== null) {
    name(kind, "enumType", value.enumType);
    if (value.enum === null) fail(kind, "enumType names a native enum type: a column without enum values cannot use one");
  }
}

function index(kind: string, spec: IndexSpec | UniqueSpec): void {
  name(kind, "index name", spec.name);
  names(kind, `columns of ${spec.name}`, spec.columns);
}

function foreignKey(kind: string, spec: ForeignKeySpec): void {
  name(kind, "foreign key name", spec.name);
  names(kind, `columns of ${spec.name}`, spec.columns);
  name(kind, `referenced table of ${spec.name}`, spec.referencedTable);
  names(kind, `referenced columns of ${spec.name}`, spec.referencedColumns);
  if (spec.columns.length !== spec.referencedColumns.length) {
    fail(kind, `${spec.name} has ${spec.columns.length} columns but ${spec.referencedColumns.length} referenced columns`);
  }
  for (const action of [spec.onDelete, spec.onUpdate]) {
    if (action !== undefined && !REFERENTIAL_ACTIONS.includes(action)) {
      fail(kind, `unknown referential action ${JSON.stringify(action)}; use one of ${REFERENTIAL_ACTIONS.join(", ")}`);
    }
  }
}

/**
 * Throws `WF_ERR_MIGRATE_INVALID_OPERATION` when an operation is malformed; returns it otherwise.
 *
 * @example
 * ```ts
 * validateOperation({ kind: "dropColumn", table: "user", column: "" }); // throws
 * ```
 */
export function validateOperation<T extends Operation>(op: T): T {
  const kind = op.kind;
  switch (op.kind) {
    case "createTable": {
      name(kind, "table name", op.table);
      if (!Array.isArray(op.columns) || op.columns.length === 0) fail(kind, `table ${op.table} needs at least one column`);
      const seen = new Set<string>();
      for (const spec of op.columns) {
        column(kind, spec);
        if (seen.has(spec.name)) fail(kind, `table ${op.table} declares column ${spec.name} twice`);
        seen.add(spec.name);
      }
      const known = (what: string, cols: readonly string[]) => {
        for (const col of cols) if (!seen.has(col)) fail(kind, `${what} names column ${col}, which table ${op.table} does not declare`);
      };
      if (op.primaryKey !== undefined) {
        names(kind, "primaryKey", op.primaryKey);
        known("primaryKey", op.primaryKey);
      }
      for (const spec of op.indexes ?? []) (index(kind, spec), known(`index ${spec.name}`, spec.columns));
      for (const spec of op.uniques ?? []) (index(kind, spec), known(`unique ${spec.name}`, spec.columns));
      for (const spec of op.foreignKeys ?? []) (foreignKey(kind, spec), known(`foreign key ${spec.name}`, spec.columns));
      for (const spec of op.checks ?? []) check(kind, spec);
      comment(kind, "comment", op.comment);
      break;
    }
    case "dropTable":
    case "dropPrimaryKey":
      name(kind, "table name", op.table);
      break;
    case "renameTable":
      name(kind, "table name", op.table);
      name(kind, "new table name", op.to);
      break;
    case "addColumn":
      name(kind, "table name", op.table);
      column(kind, op.column);
      break;
    case "dropColumn":
      name(kind, "table name", op.table);
      name(kind, "column name", op.column);
      break;
    case "alterColumn":
      name(kind, "table name", op.table);
      name(kind, "column name", op.column);
      changes(`${kind} ${op.table}.${op.column}`, op.changes);
      break;
    case "renameColumn":
      name(kind, "table name", op.table);
      name(kind, "column name", op.column);
      name(kind, "new column name", op.to);
      break;
    case "createIndex":
    case "createUnique":
      name(kind, "table name", op.table);
      index(kind, op);
      break;
    case "dropIndex":
    case "dropUnique":
    case "dropForeignKey":
      name(kind, "table name", op.table);
      name(kind, "name", op.name);
      break;
    case "createPrimaryKey":
      name(kind, "table name", op.table);
      names(kind, "columns", op.columns);
      break;
    case "createForeignKey":
      name(kind, "table name", op.table);
      foreignKey(kind, op);
      break;
    case "createCheckConstraint":
      name(kind, "table name", op.table);
      check(kind, op);
      break;
    case "dropCheckConstraint":
      name(kind, "table name", op.table);
      name(kind, "name", op.name);
      break;
    case "setTableComment":
      name(kind, "table name", op.table);
      comment(kind, "comment", op.comment);
      comment(kind, "existingComment", op.existingComment);
      break;
    case "execute":
    case "query":
      name(kind, "sql", op.sql);
      if (op.params !== undefined && !Array.isArray(op.params)) fail(kind, "params must be an array");
      if (op.kind === "execute") {
        for (const dialect of op.dialects ?? []) {
          if (!DIALECTS.includes(dialect)) fail(kind, `unknown dialect ${JSON.stringify(dialect)}; use one of ${DIALECTS.join(", ")}`);
        }
      }
      break;
    case "bulkInsert":
      name(kind, "table name", op.table);
      if (!Array.isArray(op.rows)) fail(kind, "rows must be an array of objects");
      for (const row of op.rows) {
        if (typeof row !== "object" || row === null || Array.isArray(row)) fail(kind, "each row must be an object of column: value");
      }
      break;
    default: {
      const unknown: { kind?: unknown } = op;
      fail(String(unknown.kind), "unknown operation kind");
    }
  }
  return op;
}
