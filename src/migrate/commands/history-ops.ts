/**
 * The operations of revisions, recorded without running them: the schema history that
 * autogenerate reverses drops against, the starting state of offline `--sql`, and the
 * operations `--sql` prints.
 */
import { Operations, RecordingExecutor, type Dialect, type Operation } from "../operations/index.ts";
import type { Direction } from "../runtime/version-table.ts";
import type { RevisionFile } from "../script/revision-file.ts";
import type { ScriptDirectory } from "../script/script-directory.ts";

export async function recordOperations(
  script: ScriptDirectory,
  revisions: readonly RevisionFile[],
  direction: Direction,
  dialect: Dialect,
  queries: "empty" | "reject" = "empty",
): Promise<Operation[]> {
  const recorded: Operation[] = [];
  for (const revision of revisions) {
    const module = await script.load(revision);
    const recorder = new RecordingExecutor({ dialect, queries });
    const op = new Operations(recorder);
    await module[direction](op);
    await op.drain();
    recorded.push(...recorder.operations);
  }
  return recorded;
}
