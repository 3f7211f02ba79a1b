/**
 * What every layer of Migrate speaks: the databases (`Dialect`), the neutral operations and
 * their parts (column, index, key and table specs, `SqlValue`), which kinds touch data rather
 * than the schema, and the contract of an operation runner. Plain types and constants that
 * import nothing, so the lowest layer (`dialect/`) can use them without looking up.
 *
 * @example
 * ```ts
 * import { isSchemaOperation, type Operation } from "../vocabulary/index.ts";
 * const op: Operation = { kind: "dropTable", table: "legacy" };
 * isSchemaOperation(op); // true
 * ```
 */
export * from "./types.ts";
export { DATA_KINDS, isSchemaOperation } from "./kinds.ts";
export type { OperationRunner } from "./operation-runner.ts";
