/**
 * `wf migrate resolve <app> <rev> --rolled-back|--applied`: the way out of an interrupted
 * revision (Flyway's `repair`). Nothing runs: the user has looked at the database and says
 * how the revision ended, and the version table is brought in line with that.
 */
import { MigrateError } from "../errors.ts";
import { withBindSessions } from "../runtime/bind-session.ts";
import { loadScript, ormOf, type MigrateContext } from "./context.ts";
import { interruptionOf, type Interruption } from "./interrupted.ts";

/** How the interrupted revision ended, as the user found it. */
export type Resolution = "rolled-back" | "applied";

/** What {@link resolve} recorded. */
export interface ResolveResult {
  readonly bind: string;
  readonly revision: string;
  readonly direction: "upgrade" | "downgrade";
  readonly resolution: Resolution;
  /** Whether the revision is now recorded as applied. */
  readonly applied: boolean;
}

/**
 * Records how an interrupted revision ended: `rolled-back` (what ran was undone by hand:
 * the version table stays as it was before the revision), or `applied` (it was finished by
 * hand: the version table records it as its direction intended). Takes the migration lock.
 *
 * @throws MigrateError `WF_ERR_MIGRATE_NOTHING_TO_RESOLVE` when `revision` is not interrupted on any bind.
 */
export async function resolve(ctx: MigrateContext, revision: string, resolution: Resolution): Promise<ResolveResult> {
  if (resolution !== "rolled-back" && resolution !== "applied") {
    throw new MigrateError("WF_ERR_MIGRATE_BAD_OPTION", `resolve needs --rolled-back or --applied (one of them), e.g. wf migrate resolve ${ctx.app} ${revision} --rolled-back`);
  }
  const script = await loadScript(ctx);
  const binds = await Promise.all(ctx.binds.map(async (bind) => ({ bind, orm: await ormOf(ctx, bind) })));
  return withBindSessions(binds, script.env, { lock: true }, async (sessions) => {
    const interrupted: Interruption[] = [];
    for (const session of sessions.values()) {
      const found = await interruptionOf(session);
      if (found) interrupted.push(found);
    }
    const matches = interrupted.filter((i) => i.revision === revision || (revision.length >= 3 && i.revision.startsWith(revision)));
    const target = matches[0];
    if (!target) {
      const others = interrupted.map((i) => `${i.revision} on bind "${i.bind}"`);
      throw new MigrateError(
        "WF_ERR_MIGRATE_NOTHING_TO_RESOLVE",
        others.length > 0
          ? `revision ${revision} is not interrupted on any bind of "${ctx.app}"; what is: ${others.join(", ")}`
          : `nothing to resolve: no revision of "${ctx.app}" is interrupted on any bind; wf migrate status ${ctx.app} shows each revision's state`,
      );
    }
    const session = sessions.get(target.bind)!;
    const applied = (target.direction === "upgrade") === (resolution === "applied");
    // The version row as the revision's run would have left it: written with the checksum the file had when it ran.
    if (resolution === "applied") await session.versions.record(target.direction, { id: target.revision, checksum: target.checksum });
    await session.progress.end();
    const state = applied ? "applied" : "not applied";
    ctx.out(`bind "${target.bind}": the ${target.direction} of revision ${target.revision} is recorded as ${resolution === "applied" ? "completed" : "rolled back"}; the revision is ${state}`);
    return { bind: target.bind, revision: target.revision, direction: target.direction, resolution, applied };
  });
}
