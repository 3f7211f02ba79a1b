/**
 * The operations of revisions, recorded without running them: the schema history that
 * autogenerate reverses drops against, and the starting state of offline `--sql`.
 */
import { Operations, RecordingExecutor, type Dialect, type Operation } from "../operations/index.ts";
import { importRevision, type RevisionFile } from "../script/revision-file.ts";

export async function recordOperations(
  revisions: readonly RevisionFile[],
  direction: "upgrade" | "downgrade",
  dialect: Dialect,
  queries: "empty" | "reject" = "empty",
): Promise<Operation[]> {
  const recorded: Operation[] = [];
  for (const revision of revisions) {
    const module = await importRevision(revision.file, revision.shown);
    const recorder = new RecordingExecutor({ dialect, queries });
    const op = new Operations(recorder);
    await module[direction](op);
    await op.drain();
    recorded.push(...recorder.operations);
  }
  return recorded;
}
