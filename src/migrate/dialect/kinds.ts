/**
 * Which operation kinds read or write rows instead of changing the schema. The compiler is
 * the one that needs to know (an offline schema state skips them; raw SQL run online makes
 * the state stale), so the predicate lives here, in the bottom layer; the operations layer
 * re-exports it.
 */
import type { Operation, OperationKind } from "../operations/types.ts";

/** Kinds that read or write rows instead of changing the schema. */
export const DATA_KINDS: ReadonlySet<OperationKind> = new Set<OperationKind>(["execute", "bulkInsert", "query"]);

/**
 * True for operations that change the schema (everything but `execute`, `bulkInsert`, `query`).
 *
 * @example
 * ```ts
 * isSchemaOperation({ kind: "dropTable", table: "legacy" }); // true
 * isSchemaOperation({ kind: "execute", sql: "update t set x = 1" }); // false
 * ```
 */
export function isSchemaOperation(op: Operation): boolean {
  return !DATA_KINDS.has(op.kind);
}
