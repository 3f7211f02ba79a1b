/**
 * Revisions interrupted where DDL is not transactional (see runtime/progress-table.ts): every
 * command that reads a bind's database reports them, the commands that change it refuse to
 * run until `wf migrate resolve` says how the revision ended.
 */
import { MigrateError } from "../errors.ts";
import type { BindSession } from "../runtime/bind-session.ts";
import type { Interruption } from "../runtime/progress-table.ts";
import type { ScriptDirectory } from "../script/script-directory.ts";
import type { MigrateContext } from "./context.ts";

export type { Interruption };

/** The bind's interrupted revision, if any. */
export async function interruptionOf(session: BindSession): Promise<Interruption | undefined> {
  return session.progress.interrupted(await session.versions.appliedIfExists());
}

/** One line: which revision, what is known of it, the two ways out. */
export function describeInterruption(ctx: MigrateContext, script: ScriptDirectory, i: Interruption): string {
  const file = script.graph.has(i.revision) ? ` (${script.revision(i.revision).shown})` : "";
  const recorded = i.direction === "upgrade" ? "is not recorded as applied" : "is still recorded as applied";
  const known: string[] = [];
  if (i.completed.length > 0) known.push(`${i.completed.length} operation(s) of it completed (${i.completed.join("; ")})`);
  else if (!i.note) known.push("no operation of it is known to have completed");
  if (i.running) known.push(`${i.running} had started and may or may not have taken effect`);
  if (i.note) known.push(i.note);
  const resolve = `wf migrate resolve ${ctx.app} ${i.revision}`;
  const undo = i.direction === "upgrade" ? "undo what ran" : "restore what it removed";
  return (
    `bind "${i.bind}": the ${i.direction} of revision ${i.revision}${file} started at ${i.startedAt} and was interrupted ` +
    `(it ran without a transaction, as MySQL/MariaDB run DDL); it ${recorded}: ${known.join("; ")}; ` +
    `check the database, then either ${undo} by hand and run ${resolve} --rolled-back, or finish it by hand and run ${resolve} --applied`
  );
}

/** `WF_ERR_MIGRATE_INTERRUPTED` when a bind has an interrupted revision: nothing may run on top of it. */
export async function refuseInterrupted(ctx: MigrateContext, script: ScriptDirectory, sessions: ReadonlyMap<string, BindSession>): Promise<void> {
  const found: Interruption[] = [];
  for (const session of sessions.values()) {
    const interruption = await interruptionOf(session);
    if (interruption) found.push(interruption);
  }
  if (found.length === 0) return;
  throw new MigrateError("WF_ERR_MIGRATE_INTERRUPTED", found.map((i) => describeInterruption(ctx, script, i)).join("; and "));
}
