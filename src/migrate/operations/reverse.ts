/**
 * Reversing operations for downgrades: one entry per kind. Reversing a destructive operation
 * (drop, alter) needs what existed before it, which the caller supplies as a lookup of the
 * schema before the operations ran (autogenerate passes the introspected database).
 */
import type { ColumnChanges, ColumnSpec, Operation, OperationKind, OperationOf, TableSpec } from "../vocabulary/index.ts";

/** The schema before the operations being reversed, in neutral terms. */
export interface SchemaLookup {
  table(name: string): TableSpec | undefined;
}

/** Why an operation could not be reversed. */
export interface Irreversible {
  readonly operation: Operation;
  readonly reason: string;
}

/** What {@link reverseOperations} produced. */
export interface ReverseResult {
  /** The downgrade, in the order to run it. */
  readonly operations: Operation[];
  /** Operations left out of the downgrade, with the reason. */
  readonly irreversible: Irreversible[];
}

type Reverser<K extends OperationKind> = (op: OperationOf<K>, before: SchemaLookup) => Operation[] | string;

function table(before: SchemaLookup, name: string): TableSpec | string {
  return before.table(name) ?? `table ${name} is unknown before this operation`;
}

function column(before: SchemaLookup, tableName: string, name: string): ColumnSpec | string {
  const spec = table(before, tableName);
  if (typeof spec === "string") return spec;
  return spec.columns.find((c) => c.name === name) ?? `column ${tableName}.${name} is unknown before this operation`;
}

function primaryKey(spec: TableSpec): string[] {
  return spec.primaryKey ? [...spec.primaryKey] : spec.columns.filter((c) => c.primary).map((c) => c.name);
}

/** The reverse of each kind: returns the operations undoing it, or why it cannot be undone. */
const REVERSERS: { [K in OperationKind]: Reverser<K> } = {
  createTable: (op) => [{ kind: "dropTable", table: op.table }],
  dropTable: (op, before) => {
    const spec = table(before, op.table);
    if (typeof spec === "string") return spec;
    const { name, ...rest } = spec;
    return [{ kind: "createTable", table: name, ...rest }];
  },
  renameTable: (op) => [{ kind: "renameTable", table: op.to, to: op.table }],
  addColumn: (op) => [{ kind: "dropColumn", table: op.table, column: op.column.name }],
  dropColumn: (op, before) => {
    const spec = column(before, op.table, op.column);
    return typeof spec === "string" ? spec : [{ kind: "addColumn", table: op.table, column: spec }];
  },
  alterColumn: (op, before) => {
    const spec = column(before, op.table, op.column);
    if (typeof spec === "string") return spec;
    const changes: { -readonly [K in keyof ColumnChanges]: ColumnChanges[K] } = {};
    const keys = new Set(Object.keys(op.changes) as (keyof ColumnChanges)[]);
    // a type change may drop the old length/precision, so the reverse restores them as well
    if (keys.has("type")) for (const key of ["length", "precision", "scale"] as const) if (spec[key] !== undefined) keys.add(key);
    // a native enum type and its values come back together
    if (keys.has("enumType")) keys.add("enum");
    if (keys.has("enum") && op.changes.enum === null && spec.enumType !== undefined) keys.add("enumType");
    for (const key of keys) {
      if (key === "type") changes.type = spec.type;
      else if (key === "nullable") changes.nullable = spec.nullable ?? false;
      else if (key === "default") changes.default = spec.default ?? null;
      else if (key === "nativeType") changes.nativeType = spec.nativeType ?? null;
      else if (key === "comment") {
        // the revision's own record of the comment before wins over the lookup
        changes.comment = op.changes.existingComment !== undefined ? op.changes.existingComment : (spec.comment ?? null);
        if (op.changes.comment !== undefined) changes.existingComment = op.changes.comment;
      } else if (key === "enum") changes.enum = spec.enum ?? null;
      else if (key === "enumType") changes.enumType = spec.enumType ?? null;
      else if (key !== "existingComment") changes[key] = spec[key] ?? null;
    }
    return [{ kind: "alterColumn", table: op.table, column: op.column, changes }];
  },
  renameColumn: (op) => [{ kind: "renameColumn", table: op.table, column: op.to, to: op.column }],
  createIndex: (op) => [{ kind: "dropIndex", table: op.table, name: op.name }],
  dropIndex: (op, before) => {
    const spec = table(before, op.table);
    if (typeof spec === "string") return spec;
    const index = spec.indexes?.find((i) => i.name === op.name);
    return index ? [{ kind: "createIndex", table: op.table, ...index }] : `index ${op.name} is unknown on table ${op.table}`;
  },
  createUnique: (op) => [{ kind: "dropUnique", table: op.table, name: op.name }],
  dropUnique: (op, before) => {
    const spec = table(before, op.table);
    if (typeof spec === "string") return spec;
    const unique = spec.uniques?.find((u) => u.name === op.name);
    return unique ? [{ kind: "createUnique", table: op.table, ...unique }] : `unique ${op.name} is unknown on table ${op.table}`;
  },
  createPrimaryKey: (op) => [{ kind: "dropPrimaryKey", table: op.table }],
  dropPrimaryKey: (op, before) => {
    const spec = table(before, op.table);
    if (typeof spec === "string") return spec;
    const columns = primaryKey(spec);
    return columns.length > 0 ? [{ kind: "createPrimaryKey", table: op.table, columns }] : `table ${op.table} had no primary key`;
  },
  createForeignKey: (op) => [{ kind: "dropForeignKey", table: op.table, name: op.name }],
  dropForeignKey: (op, before) => {
    const spec = table(before, op.table);
    if (typeof spec === "string") return spec;
    const fk = spec.foreignKeys?.find((f) => f.name === op.name);
    return fk ? [{ kind: "createForeignKey", table: op.table, ...fk }] : `foreign key ${op.name} is unknown on table ${op.table}`;
  },
  createCheckConstraint: (op) => [{ kind: "dropCheckConstraint", table: op.table, name: op.name }],
  dropCheckConstraint: (op, before) => {
    const spec = table(before, op.table);
    if (typeof spec === "string") return spec;
    const check = spec.checks?.find((c) => c.name === op.name);
    return check ? [{ kind: "createCheckConstraint", table: op.table, ...check }] : `check ${op.name} is unknown on table ${op.table}`;
  },
  setTableComment: (op, before) => {
    let existing = op.existingComment;
    if (existing === undefined) {
      const spec = table(before, op.table);
      if (typeof spec === "string") return spec;
      existing = spec.comment ?? null;
    }
    return [{ kind: "setTableComment", table: op.table, comment: existing, ...(op.comment !== null ? { existingComment: op.comment } : {}) }];
  },
  execute: () => "raw SQL cannot be reversed automatically; write the downgrade by hand",
  bulkInsert: () => "inserted rows are not deleted automatically; write the downgrade by hand",
  query: () => [],
};

/**
 * Reverses one operation against the schema before it.
 *
 * @returns the undoing operations, or a string saying why there are none.
 */
export function reverseOperation(op: Operation, before: SchemaLookup): Operation[] | string {
  const reverser = REVERSERS[op.kind] as Reverser<OperationKind>;
  return reverser(op, before);
}

/**
 * Builds the downgrade of a list of operations: each one reversed, last first.
 *
 * `before` describes the schema before the first operation; each operation is expected to
 * touch objects no earlier operation in the list changed (true of autogenerated lists).
 * `known` supplies reversals computed elsewhere (autogenerate's dialect-tagged SQL pairs).
 *
 * @example
 * ```ts
 * const { operations } = reverseOperations(upgradeOps, lookupFromDatabase);
 * ```
 */
export function reverseOperations(
  ops: readonly Operation[],
  before: SchemaLookup,
  known?: ReadonlyMap<Operation, readonly Operation[]>,
): ReverseResult {
  const operations: Operation[] = [];
  const irreversible: Irreversible[] = [];
  for (const op of [...ops].reverse()) {
    const given = known?.get(op);
    const result = given ? [...given] : reverseOperation(op, before);
    if (typeof result === "string") irreversible.push({ operation: op, reason: result });
    else operations.push(...result);
  }
  return { operations, irreversible };
}
