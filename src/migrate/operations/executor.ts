/**
 * The hook between `op` (what revisions call) and whatever runs operations: the runtime plugs
 * in an executor that compiles and runs SQL; autogenerate, rendering tests and `--sql` use the
 * recording one.
 */
import { MigrateError } from "../errors.ts";
import type { Dialect, Operation } from "./types.ts";

/** A row returned by `op.query()`. */
export type QueryRow = Record<string, unknown>;

/**
 * Runs (or records) operations. `Operations` calls `run` once per operation, in call order,
 * never two at a time; for `query` operations the result is the rows read.
 */
export interface OperationExecutor {
  /** The database the operations run against, if known (`op.dialect` in revisions). */
  readonly dialect?: Dialect;
  /** True when nothing reaches a database (`--sql`): revisions can skip data reads. */
  readonly offline?: boolean;
  run(operation: Operation): unknown;
}

/**
 * Keeps operations in a list without running them. `query` operations resolve to no rows.
 *
 * @example
 * ```ts
 * const recorder = new RecordingExecutor();
 * const op = new Operations(recorder);
 * await upgrade(op);
 * await op.drain();
 * recorder.operations; // [{ kind: "createTable", ... }, ...]
 * ```
 */
export class RecordingExecutor implements OperationExecutor {
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
