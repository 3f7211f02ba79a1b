/**
 * The operation runner that records instead of running: autogenerate's history, rendering
 * tests and `--sql` use it, and `Operations` falls back to it when given no runner.
 */
import { MigrateError } from "../errors.ts";
import type { Dialect, Operation, OperationRunner } from "../vocabulary/index.ts";

/**
 * Keeps operations in a list without running them. `query` operations resolve to no rows.
 *
 * @example
 * ```ts
 * const recorder = new OperationRecorder();
 * const op = new Operations(recorder);
 * await upgrade(op);
 * await op.drain();
 * recorder.operations; // [{ kind: "createTable", ... }, ...]
 * ```
 */
export class OperationRecorder implements OperationRunner {
  readonly operations: Operation[] = [];
  readonly dialect?: Dialect;
  readonly offline = true;
  readonly #queries: "empty" | "reject";

  /**
   * @param options.dialect - what `op.dialect` answers.
   * @param options.queries - `"empty"` (default) answers queries with no rows; `"reject"` fails
   *   them, as offline `--sql` must.
   */
  constructor(options: { dialect?: Dialect; queries?: "empty" | "reject" } = {}) {
    this.dialect = options.dialect;
    this.#queries = options.queries ?? "empty";
  }

  run(operation: Operation): unknown {
    if (operation.kind === "query" && this.#queries === "reject") {
      throw new MigrateError(
        "WF_ERR_MIGRATE_OFFLINE_QUERY",
        `op.query(${JSON.stringify(operation.sql.slice(0, 60))}) cannot run with --sql (no connection); run the upgrade online or guard the query with op.offline`,
      );
    }
    this.operations.push(operation);
    return operation.kind === "query" ? [] : undefined;
  }
}
