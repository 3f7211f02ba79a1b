/**
 * `wf migrate upgrade`, `downgrade` and `stamp`: hold every bind's lock, read what is
 * applied, refuse to build on an interrupted revision (or, for upgrade, on an edited one),
 * plan with the revision graph, load every revision of the plan before running any, apply
 * in order (binds interleave where `dependsOn` says so), report each step.
 */
import { relative } from "node:path";
import { MigrateError } from "../errors.ts";
import type { RevisionFile } from "../script/revision-file.ts";
import type { RevisionNode } from "../script/revision-graph.ts";
import type { ScriptDirectory } from "../script/script-directory.ts";
import { planDowngrade, planStamp, planUpgrade, type TargetScope } from "../script/targets.ts";
import { RevisionApplier, type Direction, type StepEvent } from "../runtime/apply.ts";
import { withBindSessions, type BindSession } from "../runtime/bind-session.ts";
import { loadScript, ormOf, unconfiguredBinds, type MigrateContext } from "./context.ts";
import { refuseInterrupted } from "./interrupted.ts";
import { unknownRows } from "./unknown-rows.ts";

/** Options of {@link upgrade} and {@link downgrade}. */
export interface MoveOptions {
  /** Only this bind (as a `<bind>@` target). */
  readonly bind?: string;
  /**
   * Upgrade even though applied revisions were edited since (`--allow-edited`): without it,
   * `upgrade` refuses with `WF_ERR_MIGRATE_REVISION_EDITED`. Downgrade only warns.
   */
  readonly allowEdited?: boolean;
}

/** `wf migrate upgrade <app> [target]`: applies revisions up to `target` (default: every bind's head), one step each. */
export async function upgrade(ctx: MigrateContext, target = "head", options: MoveOptions = {}): Promise<StepEvent<RevisionFile>[]> {
  const script = await loadScript(ctx);
  return move(ctx, script, "upgrade", (applied, scope) => planUpgrade(script.graph, applied, target, scope), options);
}

/** `wf migrate downgrade <app> [target]`: unapplies revisions down to `target` (default `-1`), one step each. */
export async function downgrade(ctx: MigrateContext, target = "-1", options: MoveOptions = {}): Promise<StepEvent<RevisionFile>[]> {
  const script = await loadScript(ctx);
  return move(ctx, script, "downgrade", (applied, scope) => planDowngrade(script.graph, applied, target, scope), options);
}

type Planner = (applied: ReadonlySet<string>, scope: TargetScope) => RevisionNode[];

async function move(ctx: MigrateContext, script: ScriptDirectory, direction: Direction, plan: Planner, options: MoveOptions): Promise<StepEvent<RevisionFile>[]> {
  const scope: TargetScope = { app: ctx.app, binds: ctx.binds, bind: options.bind };
  refuseUnconfiguredBinds(ctx, script);
  const binds = await Promise.all(ctx.binds.map(async (bind) => ({ bind, orm: await ormOf(ctx, bind) })));
  return withBindSessions(binds, script.env, { lock: true }, async (sessions) => {
    await refuseInterrupted(ctx, script, sessions);
    const applied = await appliedUnion(sessions);
    await checkDrift(ctx, script, sessions, direction === "upgrade" && !options.allowEdited);
    const steps = plan(applied, scope);
    if (steps.length === 0) {
      ctx.out(direction === "upgrade" ? "nothing to upgrade: every bind is at its target" : "nothing to downgrade");
      return [];
    }
    await loadAll(script, steps, direction);
    const appliers = new Map([...sessions].map(([bind, session]) => [bind, new RevisionApplier(session, script)]));
    const events: StepEvent<RevisionFile>[] = [];
    for (const [index, node] of steps.entries()) {
      const applier = appliers.get(node.bind)!;
      const event = await applier.apply(script.revision(node.id), direction);
      events.push(event);
      const what = event.status === "skipped" ? "already done by another process" : `${event.statements} statement(s), ${Math.round(event.milliseconds)} ms`;
      ctx.out(`[${index + 1}/${steps.length}] ${direction} ${node.bind} ${node.id} ${node.message ? `"${node.message}" ` : ""}(${what})`);
      // transactionMode "per-run": the bind's transaction commits before the run moves on to another bind.
      if (steps[index + 1]?.bind !== node.bind) await applier.finish();
    }
    return events;
  });
}

export interface StampOptions {
  /** Only this bind (as a `<bind>@` target). */
  readonly bind?: string;
  /** Empty the bind's rows of the version table first (every row is written again, with today's checksums). */
  readonly purge?: boolean;
}

/**
 * `wf migrate stamp <app> REV [--purge]`: record a revision as applied (and nothing after it)
 * without running anything. A revision id touches only its own bind; `head`, `heads` and
 * `base` every bind, unless `--bind`/`<bind>@` names one. Returns the stamped heads per bind.
 */
export async function stamp(ctx: MigrateContext, target: string, options: StampOptions = {}): Promise<Record<string, string[]>> {
  const script = await loadScript(ctx);
  const plan = planStamp(script.graph, target, { app: ctx.app, binds: ctx.binds, bind: options.bind });
  const binds = await Promise.all([...plan.keys()].map(async (bind) => ({ bind, orm: await ormOf(ctx, bind) })));
  return withBindSessions(binds, script.env, { lock: true }, async (sessions) => {
    await refuseInterrupted(ctx, script, sessions);
    const stamped: Record<string, string[]> = {};
    for (const [bind, session] of sessions) {
      const wanted = plan.get(bind)!;
      if (options.purge) await session.versions.purge();
      const applied = await session.versions.applied();
      for (const row of applied.values()) {
        if (!wanted.has(row.revision)) await session.versions.record("downgrade", { id: row.revision, checksum: row.checksum });
      }
      for (const revision of script.revisions(bind)) {
        if (wanted.has(revision.id) && !applied.has(revision.id)) await session.versions.record("upgrade", revision);
      }
      stamped[bind] = script.graph.appliedHeads(bind, wanted);
      ctx.out(`bind "${bind}": stamped at ${stamped[bind].join(", ") || "base"}`);
    }
    return stamped;
  });
}

/**
 * Applied revisions whose file changed since, or that have no file here. An edit stops an
 * upgrade (`refuseEdited`): the database holds what the file said when it was applied, and a
 * fresh database would get the edited version. Otherwise each is a warning: a run never
 * applies an applied revision again.
 */
async function checkDrift(ctx: MigrateContext, script: ScriptDirectory, sessions: ReadonlyMap<string, BindSession>, refuseEdited: boolean): Promise<void> {
  for (const [bind, session] of sessions) {
    const applied = await session.versions.applied();
    const unknown = unknownRows(ctx, script, bind, applied);
    if (unknown) ctx.out(`warning: ${unknown.otherHistory ? "" : `bind "${bind}": `}${unknown.message}`);
    const edited = [...applied.values()].filter((row) => script.graph.has(row.revision) && script.revision(row.revision).checksum !== row.checksum);
    if (edited.length > 0 && refuseEdited) throw editedError(ctx, script, bind, edited.map((row) => row.revision), applied);
    for (const row of edited) ctx.out(`warning: bind "${bind}": revision ${row.revision} (${script.revision(row.revision).shown}) was edited after it was applied`);
  }
}

/** `WF_ERR_MIGRATE_REVISION_EDITED`: which file, and the three ways on. */
function editedError(ctx: MigrateContext, script: ScriptDirectory, bind: string, ids: readonly string[], applied: ReadonlyMap<string, unknown>): MigrateError {
  const first = script.revision(ids[0]!);
  const more = ids.length > 1 ? ` (and ${ids.length - 1} more: ${ids.slice(1).join(", ")})` : "";
  const heads = script.graph.appliedHeads(bind, new Set([...applied.keys()].filter((id) => script.graph.has(id))));
  const restamp = heads.length === 1 ? `wf migrate stamp ${ctx.app} ${heads[0]} --purge` : `wf migrate stamp ${ctx.app} <current revision> --purge`;
  return new MigrateError(
    "WF_ERR_MIGRATE_REVISION_EDITED",
    `bind "${bind}": revision ${first.id} (${first.shown})${more} was edited after it was applied, so this database holds what the file said before; ` +
      `restore the file from version control (git checkout -- ${first.shown}) and write the change as a new revision, ` +
      `or, if the edit changes nothing the database needs, accept it by re-stamping the checksums (${restamp}), ` +
      `or run upgrade with --allow-edited to go ahead this once`,
  );
}

/**
 * Imports every revision the run will apply before it applies any, so a file that does not
 * load stops the command with nothing applied (not halfway through the run).
 */
async function loadAll(script: ScriptDirectory, steps: readonly RevisionNode[], direction: Direction): Promise<void> {
  for (const node of steps) {
    try {
      await script.load(script.revision(node.id));
    } catch (error) {
      if (!(error instanceof MigrateError)) throw error;
      throw new MigrateError(error.code, `${error.message}; nothing was ${direction}d (every revision of the run is loaded before any runs)`, { cause: error.cause });
    }
  }
}

/** The applied revisions of every bind, in one set (ids are unique across binds). */
export async function appliedUnion(sessions: ReadonlyMap<string, BindSession>): Promise<Set<string>> {
  const applied = new Set<string>();
  for (const session of sessions.values()) for (const id of (await session.versions.applied()).keys()) applied.add(id);
  return applied;
}

/** Revisions in a folder whose bind is not configured for this app config cannot run. */
function refuseUnconfiguredBinds(ctx: MigrateContext, script: ScriptDirectory): void {
  const [bind] = unconfiguredBinds(ctx, script);
  if (bind === undefined) return;
  throw new MigrateError(
    "WF_ERR_MIGRATE_UNKNOWN_BIND",
    `${relative(ctx.root, script.dir)}/${bind} holds revisions but bind "${bind}" is not configured for "${ctx.app}"; add it to SQLALCHEMY_BINDS (or [binds]) in app_configs/${ctx.app}.ini`,
  );
}
