/**
 * The residual difference: what is left between two schemas after the neutral operations are
 * applied. It holds exactly what neutral operations cannot say (checks, comments, collations,
 * expression indexes, ...), which autogenerate emits as SQL for the current database only,
 * with the reason, instead of skipping it.
 */
import { SchemaComparator, type DatabaseSchema, type SchemaDifference, type TableDifference } from "@mikro-orm/sql";
import { CompileSession, IMPLEMENTATIONS, schemaWith, splitStatements, type DialectContext, type Implementation } from "../dialect/index.ts";
import type { ExecuteOp, Operation, OperationKind } from "../vocabulary/index.ts";

const PROPERTY_NAMES: Record<string, string> = {
  type: "a column type without neutral equivalent",
  comment: "column comments",
  collation: "collations",
  enumItems: "enum values",
  unsigned: "unsigned integers",
  autoincrement: "auto-increment",
  extra: "column extras (on update ...)",
  generated: "generated columns",
  default: "a default expression",
  nullable: "nullability",
};

/** What a table difference holds that neutral operations could not express, in words. */
export function describeResidual(td: TableDifference): string[] {
  const parts = new Set<string>();
  const has = (record: object) => Object.keys(record).length > 0;
  if (has(td.addedChecks) || has(td.removedChecks) || has(td.changedChecks)) parts.add("check constraints");
  if (has(td.addedTriggers) || has(td.removedTriggers) || has(td.changedTriggers)) parts.add("triggers");
  if (has(td.addedPolicies) || has(td.removedPolicies) || td.changedRlsEnabled !== undefined || td.changedRlsForced !== undefined) {
    parts.add("row level security");
  }
  if (td.changedComment !== undefined) parts.add("table comment");
  if (td.changedPartitioning) parts.add("partitioning");
  for (const { changedProperties } of Object.values(td.changedColumns)) {
    for (const property of changedProperties) parts.add(PROPERTY_NAMES[property] ?? property);
  }
  if (has(td.addedColumns) || has(td.removedColumns) || has(td.renamedColumns)) parts.add("columns");
  if (has(td.addedIndexes) || has(td.removedIndexes) || has(td.changedIndexes) || has(td.renamedIndexes)) {
    parts.add("expression, full-text or advanced indexes");
  }
  if (has(td.addedForeignKeys) || has(td.removedForeignKeys) || has(td.changedForeignKeys)) parts.add("foreign key options");
  return [...parts];
}

function emptyDiff(fromSchema: DatabaseSchema): SchemaDifference {
  return {
    newNamespaces: new Set(),
    newNativeEnums: [],
    newTables: {},
    changedTables: {},
    removedTables: {},
    newViews: {},
    changedViews: {},
    removedViews: {},
    newRoutines: {},
    changedRoutines: {},
    removedRoutines: {},
    removedNamespaces: new Set(),
    removedNativeEnums: [],
    orphanedForeignKeys: [],
    fromSchema,
  };
}

/** The schema state after applying `operations` to `start` (no SQL kept). */
export function applyOperations(ctx: DialectContext, start: DatabaseSchema, operations: readonly Operation[]): DatabaseSchema {
  const session = new CompileSession(ctx, schemaWith(start, start.getTables(), ctx), { sql: false });
  for (const op of operations) (IMPLEMENTATIONS[op.kind] as Implementation<OperationKind>)(op, session);
  return session.state;
}

/**
 * The dialect-tagged `execute` operations that take `start` + `operations` the rest of the way
 * to `target`: one per statement, the first of each table carrying the reason.
 */
export function residualOperations(
  ctx: DialectContext,
  start: DatabaseSchema,
  operations: readonly Operation[],
  target: DatabaseSchema,
): ExecuteOp[] {
  const reached = applyOperations(ctx, start, operations);
  // native enum types come and go with the columns using them (neutral `enumType`); one no
  // model column uses is left alone (a blind spot), so the types themselves are not compared
  const enums = reached.getNativeEnums();
  const diff = new SchemaComparator(ctx.platform).compare(schemaWith(start, reached.getTables(), ctx, enums), schemaWith(target, target.getTables(), ctx, enums));
  const result: ExecuteOp[] = [];
  const emit = (name: string, partial: SchemaDifference, what: string) => {
    const script = ctx.generator.diffToSQL(partial, { wrap: false, safe: false, dropTables: true });
    const statements = splitStatements(script, ctx.dialect === "mysql");
    statements.forEach((sql, i) => {
      const reason = `${name}: ${what} cannot be expressed as neutral operations; this SQL runs on ${ctx.dialect} only`;
      result.push({ kind: "execute", sql, dialects: [ctx.dialect], ...(i === 0 ? { reason } : {}) });
    });
  };
  for (const [name, td] of Object.entries(diff.changedTables)) {
    emit(td.toTable.name, { ...emptyDiff(reached), changedTables: { [name]: td } }, describeResidual(td).join(", "));
  }
  // left over only if neutral operations missed a table (e.g. a column type they cannot build)
  for (const [name, table] of Object.entries(diff.newTables)) {
    emit(table.name, { ...emptyDiff(reached), newTables: { [name]: table } }, "the table definition");
  }
  for (const [name, table] of Object.entries(diff.removedTables)) {
    emit(table.name, { ...emptyDiff(reached), removedTables: { [name]: table } }, "dropping the table");
  }
  return result;
}
