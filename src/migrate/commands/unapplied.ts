/**
 * What `wf run` asks at start: is each bind's database behind its migrations? Read-only, no
 * lock, nothing migrated (a server never migrates implicitly: `wf migrate upgrade` does).
 */
import { withBindSession } from "../runtime/bind-session.ts";
import { loadScript, ormOf, type MigrateContext } from "./context.ts";
import { describeInterruption, interruptionOf } from "./interrupted.ts";

/** One bind that is not at its migrations' head. */
export interface BindBehind {
  readonly bind: string;
  /** Revisions of the bind not applied to its database. */
  readonly unapplied: readonly string[];
  /** The database has no version table: nothing was ever migrated there. */
  readonly neverMigrated: boolean;
  /** An interrupted revision on the bind, described (see `wf migrate resolve`). */
  readonly interrupted?: string;
  /** The line to warn with. */
  readonly warning: string;
}

/** The binds whose database is behind its migrations (unapplied or interrupted revisions); none when every bind is at head. */
export async function unapplied(ctx: MigrateContext): Promise<BindBehind[]> {
  const script = await loadScript(ctx);
  const behind: BindBehind[] = [];
  for (const bind of ctx.binds) {
    const orm = await ormOf(ctx, bind);
    const found = await withBindSession(bind, orm, script.env, { lock: false }, async (session) => {
      const neverMigrated = !(await session.versions.exists());
      const applied = neverMigrated ? new Map() : await session.versions.applied();
      const interruption = neverMigrated ? undefined : await interruptionOf(session);
      return { neverMigrated, applied, interruption };
    });
    const ids = script.revisions(bind).filter((r) => !found.applied.has(r.id)).map((r) => r.id);
    const interrupted = found.interruption ? describeInterruption(ctx, script, found.interruption) : undefined;
    if (ids.length === 0 && !interrupted) continue;
    const never = found.neverMigrated ? " (it was never migrated)" : "";
    const warning = interrupted
      ? `${interrupted} [WF_ERR_MIGRATE_INTERRUPTED]`
      : `bind "${bind}": ${ids.length} unapplied migration(s)${never}; the app may fail until you run wf migrate upgrade ${ctx.app}`;
    behind.push({ bind, unapplied: ids, neverMigrated: found.neverMigrated, ...(interrupted ? { interrupted } : {}), warning });
  }
  return behind;
}
