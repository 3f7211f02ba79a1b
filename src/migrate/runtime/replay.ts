/**
 * The operations of revisions, recorded without running them: the schema history that
 * autogenerate reverses drops against, the starting state of offline `--sql`, and the
 * operations `--sql` prints.
 */
import { OperationRecorder, Operations } from "../operations/index.ts";
import type { Dialect, Operation } from "../vocabulary/index.ts";
import type { RevisionLoader, RunnableRevision } from "./revisions.ts";
import type { Direction } from "./version-table.ts";

/**
 * Runs the revisions' `upgrade` or `downgrade` on a recorder, in order, and returns what they
 * asked for. `queries: "reject"` fails on `op.query()` (offline, nothing can be read).
 *
 * @example
 * ```ts
 * const history = await replayOperations(script, appliedRevisions, "upgrade", "sqlite");
 * ```
 */
export async function replayOperations<R extends RunnableRevision>(
  script: RevisionLoader<R>,
  revisions: readonly R[],
  direction: Direction,
  dialect: Dialect,
  queries: "empty" | "reject" = "empty",
): Promise<Operation[]> {
  const recorded: Operation[] = [];
  for (const revision of revisions) {
    const module = await script.load(revision);
    const recorder = new OperationRecorder({ dialect, queries });
    const op = new Operations(recorder);
    await module[direction](op);
    await op.drain();
    recorded.push(...recorder.operations);
  }
  return recorded;
}
