/**
 * Migration operations: the `op` API revisions call (`Operations`), the recorder that keeps
 * operations instead of running them, validation and reversal. The operations themselves are
 * plain data of the shared vocabulary (`../vocabulary/index.ts`).
 *
 * @example
 * ```ts
 * import { Operations, OperationRecorder } from "../operations/index.ts";
 * const recorder = new OperationRecorder();
 * const op = new Operations(recorder);
 * op.addColumn("user", op.column("age", "integer", { nullable: true }));
 * await op.drain();
 * recorder.operations; // [{ kind: "addColumn", table: "user", column: { ... } }]
 * ```
 */
export { Operations, type ColumnOptions, type ExecuteOptions, type ForeignKeyOptions, type QueryRow } from "./operations.ts";
export { OperationRecorder } from "./recorder.ts";
export { validateOperation } from "./validate.ts";
export { neutralSchema } from "./neutral-state.ts";
export { reverseOperation, reverseOperations, type Irreversible, type ReverseResult, type SchemaLookup } from "./reverse.ts";
