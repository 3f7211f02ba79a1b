/**
 * Which operation kinds read or write rows instead of changing the schema. The compiler needs
 * to know (an offline schema state skips them; raw SQL run online makes the state stale), and
 * so does every layer above it.
 */
import type { Operation, OperationKind } from "./types.ts";

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
