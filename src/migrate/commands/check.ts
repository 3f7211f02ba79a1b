/**
 * `wf migrate check`: for CI. Fails when a revision file does not load, a bind has revisions
 * not applied or an interrupted one, an applied revision was edited afterwards or belongs to
 * another history, or the models differ from what the migrations build.
 */
import { relative } from "node:path";
import { renderOperation } from "../autogenerate/index.ts";
import { withBindSession } from "../runtime/bind-session.ts";
import { compareWithModels, reportBlindSpots } from "./compare.ts";
import { loadScript, ormOf, unconfiguredBinds, type MigrateContext } from "./context.ts";
import { loadFailure } from "./inspect.ts";
import { describeInterruption } from "./interrupted.ts";
import { unknownRows } from "./unknown-rows.ts";

/** What {@link check} found: `ok` when nothing is pending, edited or different from the models. */
export interface CheckResult {
  readonly ok: boolean;
  /** One line per problem, as `wf migrate check` prints them. */
  readonly problems: readonly string[];
}

/**
 * `wf migrate check <app>`: the problems CI should fail on (revision files that do not load,
 * revisions not applied or interrupted, applied revisions edited, gone or of another history,
 * models that differ from the migrations, revision folders of binds the app config does not
 * configure). Writes nothing and takes no lock.
 */
export async function check(ctx: MigrateContext): Promise<CheckResult> {
  const script = await loadScript(ctx);
  const problems: string[] = unconfiguredBinds(ctx, script).map(
    (bind) => `${relative(ctx.root, script.dir)}/${bind} holds revisions, but bind "${bind}" is not configured for "${ctx.app}"`,
  );
  for (const bind of ctx.binds) {
    const orm = await ormOf(ctx, bind);
    await withBindSession(bind, orm, script.env, { lock: false }, async (session) => {
      const applied = await session.versions.appliedIfExists();
      const revisions = script.revisions(bind);
      const pending = revisions.filter((r) => !applied.has(r.id));
      let blocking = false; // what makes comparing with the models meaningless or impossible
      for (const r of revisions) {
        const failure = await loadFailure(script, r);
        if (failure) problems.push(`bind "${bind}": ${failure} [WF_ERR_MIGRATE_REVISION_LOAD_FAILED]`);
        blocking ||= failure !== undefined;
      }
      const interrupted = await session.progress.interrupted(applied);
      if (interrupted) problems.push(`${describeInterruption(ctx, script, interrupted)} [WF_ERR_MIGRATE_INTERRUPTED]`);
      blocking ||= interrupted !== undefined;
      const edited = revisions.filter((r) => applied.has(r.id) && applied.get(r.id)!.checksum !== r.checksum);
      for (const r of edited) problems.push(`bind "${bind}": revision ${r.id} (${r.shown}) was edited after it was applied`);
      const unknown = unknownRows(ctx, script, bind, applied);
      if (unknown) problems.push(unknown.otherHistory ? unknown.message : `bind "${bind}": ${unknown.message}`);
      blocking ||= unknown?.otherHistory === true;
      if (pending.length > 0) {
        problems.push(`bind "${bind}": ${pending.length} revision(s) not applied (${pending.map((r) => r.id).join(", ")}); run wf migrate upgrade ${ctx.app}`);
        return;
      }
      // The comparison replays the applied revisions (each must load) against a database they built alone.
      if (blocking) return;
      const result = await compareWithModels(script, session, applied);
      reportBlindSpots(ctx, bind, result);
      if (result.upgrade.length > 0) {
        problems.push(
          `bind "${bind}": the models differ from the migrations (${result.upgrade.length} operation(s)); run wf migrate revision ${ctx.app} -a:\n` +
            result.upgrade.map((op) => renderOperation(op, "    ")).join("\n"),
        );
      }
    });
  }
  if (problems.length === 0) ctx.out("ok: every bind is at head and matches its models");
  for (const problem of problems) ctx.out(problem);
  return { ok: problems.length === 0, problems };
}
