/**
 * Migration operations: the neutral vocabulary (`Operation`), the `op` API revisions call
 * (`Operations`), the executor hook, validation and reversal.
 *
 * @example
 * ```ts
 * import { Operations, RecordingExecutor } from "webfluid/migrate/operations";
 * const recorder = new RecordingExecutor();
 * const op = new Operations(recorder);
 * op.addColumn("user", op.column("age", "integer", { nullable: true }));
 * await op.drain();
 * recorder.operations; // [{ kind: "addColumn", table: "user", column: { ... } }]
 * ```
 */
export { Operations, type ColumnOptions, type ExecuteOptions, type ForeignKeyOptions } from "./operations.ts";
export { RecordingExecutor, type OperationExecutor, type QueryRow } from "./executor.ts";
export { validateOperation } from "./validate.ts";
export { neutralSchema } from "./neutral-state.ts";
export { reverseOperation, reverseOperations, type Irreversible, type ReverseResult, type SchemaLookup } from "./reverse.ts";
export * from "./types.ts";
export { DATA_KINDS, isSchemaOperation } from "../dialect/kinds.ts";
