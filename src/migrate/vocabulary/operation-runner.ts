/**
 * The contract between `op` (what revisions call) and whatever carries operations out: the
 * runtime plugs in a runner that compiles and runs SQL (`../dialect/sql-operation-runner.ts`);
 * autogenerate, rendering tests and `--sql` use one that records (`../operations/recorder.ts`).
 */
import type { Dialect, Operation } from "./types.ts";

/**
 * Runs (or records) operations. `Operations` calls `run` once per operation, in call order,
 * never two at a time; for `query` operations the result is the rows read.
 *
 * @example
 * ```ts
 * const runner: OperationRunner = { dialect: "sqlite", run: (operation) => void log.push(operation) };
 * const op = new Operations(runner);
 * ```
 */
export interface OperationRunner {
  /** The database the operations run against, if known (`op.dialect` in revisions). */
  readonly dialect?: Dialect;
  /** True when nothing reaches a database (`--sql`): revisions can skip data reads. */
  readonly offline?: boolean;
  run(operation: Operation): unknown;
}
