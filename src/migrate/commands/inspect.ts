/**
 * Read-only commands: `current`, `history`, `heads`, `branches`, `show`, `status`. None
 * takes a lock or writes; a database without a version table is simply at base.
 */
import { readFileSync } from "node:fs";
import { MigrateError } from "../errors.ts";
import type { AppliedRevision } from "../runtime/version-table.ts";
import { withBindSession } from "../runtime/bind-session.ts";
import type { RevisionFile } from "../script/revision-file.ts";
import type { ScriptDirectory } from "../script/script-directory.ts";
import { loadScript, ormOf, unconfiguredBinds, type MigrateContext } from "./context.ts";
import { describeInterruption, interruptionOf, type Interruption } from "./interrupted.ts";
import { unknownRows } from "./unknown-rows.ts";

/** What each bind's database has applied. */
export async function appliedByBind(ctx: MigrateContext, script: ScriptDirectory): Promise<Map<string, Map<string, AppliedRevision>>> {
  return new Map([...(await readBinds(ctx, script))].map(([bind, read]) => [bind, read.applied]));
}

/** What a bind's database records: its applied revisions, and the revision interrupted there, if any. */
export interface BindRecords {
  readonly applied: Map<string, AppliedRevision>;
  readonly interrupted: Interruption | undefined;
}

/** Each configured bind's {@link BindRecords}. */
export async function readBinds(ctx: MigrateContext, script: ScriptDirectory): Promise<Map<string, BindRecords>> {
  const result = new Map<string, BindRecords>();
  for (const bind of ctx.binds) {
    const orm = await ormOf(ctx, bind);
    result.set(
      bind,
      await withBindSession(bind, orm, script.env, { lock: false }, async (s) => ({ applied: await s.versions.appliedIfExists(), interrupted: await interruptionOf(s) })),
    );
  }
  return result;
}

/** One bind's line of {@link current}. */
export interface CurrentRow {
  readonly bind: string;
  /** Applied heads (empty: at base). */
  readonly revisions: readonly string[];
  readonly atHead: boolean;
}

/** `wf migrate current <app>`: the revisions each bind's database is at. */
export async function current(ctx: MigrateContext): Promise<CurrentRow[]> {
  const script = await loadScript(ctx);
  const records = await readBinds(ctx, script);
  return ctx.binds.map((bind) => {
    const { applied, interrupted } = records.get(bind)!;
    const ids = new Set(applied.keys());
    const orphans = [...ids].filter((id) => !script.graph.has(id));
    const revisions = [...script.graph.appliedHeads(bind, new Set([...ids].filter((id) => script.graph.has(id)))), ...orphans];
    const heads = script.graph.heads(bind);
    const atHead = orphans.length === 0 && heads.every((head) => ids.has(head));
    const shown = revisions.map((id) => `${id}${heads.includes(id) ? " (head)" : orphans.includes(id) ? " (no file)" : ""}`);
    ctx.out(`${bind}: ${shown.join(", ") || "base (nothing applied)"}`);
    const unknown = unknownRows(ctx, script, bind, applied);
    if (unknown?.otherHistory) ctx.out(`warning: ${unknown.message}`);
    if (interrupted) ctx.out(`warning: ${describeInterruption(ctx, script, interrupted)} [WF_ERR_MIGRATE_INTERRUPTED]`);
    return { bind, revisions, atHead: atHead && !interrupted };
  });
}

/** Options of {@link history}. */
export interface HistoryOptions {
  /** `start:end` (ids, prefixes, base, head; either side may be empty). */
  readonly range?: string;
  /** Mark the revisions each bind's database is at (reads the databases). */
  readonly indicateCurrent?: boolean;
}

/** `wf migrate history <app>`: every revision (in the range), printed newest first, returned parents before children. */
export async function history(ctx: MigrateContext, options: HistoryOptions = {}): Promise<RevisionFile[]> {
  const script = await loadScript(ctx);
  const applied = options.indicateCurrent ? await appliedByBind(ctx, script) : undefined;
  let revisions = script.revisions();
  if (options.range) revisions = inRange(script, revisions, options.range);
  for (const r of [...revisions].reverse()) {
    const heads = script.graph.heads(r.bind);
    const marks = [
      heads.includes(r.id) ? "head" : "",
      script.graph.branchPoints(r.bind).includes(r.id) ? "branchpoint" : "",
      r.downRevisions.length > 1 ? "merge" : "",
      applied && isCurrent(script, applied.get(r.bind), r) ? "current" : "",
    ].filter(Boolean);
    ctx.out(`${r.bind}: ${r.downRevisions.join(", ") || "<base>"} -> ${r.id}${marks.length ? ` (${marks.join(", ")})` : ""}, ${r.message}`);
  }
  return revisions;
}

/** `wf migrate heads <app>`: each bind's head revisions. */
export async function heads(ctx: MigrateContext): Promise<Record<string, string[]>> {
  const script = await loadScript(ctx);
  const result: Record<string, string[]> = {};
  for (const bind of ctx.binds) {
    result[bind] = script.graph.heads(bind);
    for (const id of result[bind]) ctx.out(`${bind}: ${id} (head), ${script.revision(id).message}`);
    if (result[bind].length === 0) ctx.out(`${bind}: no revisions yet`);
  }
  return result;
}

/** `wf migrate branches <app>`: each bind's branch points (revisions with several children). */
export async function branches(ctx: MigrateContext): Promise<Record<string, string[]>> {
  const script = await loadScript(ctx);
  const result: Record<string, string[]> = {};
  for (const bind of ctx.binds) {
    result[bind] = script.graph.branchPoints(bind);
    for (const id of result[bind]) ctx.out(`${bind}: ${id} (branchpoint) -> ${script.graph.children(id).join(", ")}`);
  }
  if (Object.values(result).every((ids) => ids.length === 0)) ctx.out("no branch points");
  return result;
}

/** `wf migrate show <app> <rev>`: one revision's header and source, by id or unique prefix. */
export async function show(ctx: MigrateContext, id: string): Promise<RevisionFile> {
  const script = await loadScript(ctx);
  const r = script.revision(id);
  ctx.out(`Revision: ${r.id}`);
  ctx.out(`Bind: ${r.bind}`);
  ctx.out(`Parent: ${r.downRevisions.join(", ") || "<base>"}`);
  if (r.dependsOn.length) ctx.out(`Depends on: ${r.dependsOn.join(", ")}`);
  ctx.out(`Created: ${r.createdAt}`);
  ctx.out(`Path: ${r.shown}`);
  ctx.out("");
  ctx.out(readFileSync(r.file, "utf8").trimEnd());
  return r;
}

/** A revision's state in {@link status}. */
export type RevisionState =
  | "applied"
  | "pending"
  | "drift"
  | "missing-file"
  | "other-history"
  | "unconfigured-bind"
  | "interrupted"
  | "load-failed";

/** One row of {@link status}. */
export interface StatusRow {
  readonly bind: string;
  readonly revision: string;
  readonly message: string;
  readonly state: RevisionState;
  /** For `interrupted`, `load-failed` and `other-history`: what is wrong and how to fix it, one line. */
  readonly detail?: string;
}

/**
 * Every revision of every bind with its state; applied rows whose file is gone too. Each
 * revision file is imported (without running it), so a file that does not load shows as
 * `load-failed` before an `upgrade` would stop on it.
 */
export async function status(ctx: MigrateContext): Promise<StatusRow[]> {
  const script = await loadScript(ctx);
  const records = await readBinds(ctx, script);
  const rows: StatusRow[] = [];
  for (const bind of ctx.binds) {
    const { applied: done, interrupted } = records.get(bind)!;
    for (const r of script.revisions(bind)) {
      const row = done.get(r.id);
      const loadError = await loadFailure(script, r);
      let state: RevisionState = !row ? "pending" : row.checksum !== r.checksum ? "drift" : "applied";
      let detail: string | undefined;
      if (interrupted?.revision === r.id) [state, detail] = ["interrupted", describeInterruption(ctx, script, interrupted)];
      else if (loadError) [state, detail] = ["load-failed", loadError];
      rows.push({ bind, revision: r.id, message: r.message, state, ...(detail ? { detail } : {}) });
    }
    const unknown = unknownRows(ctx, script, bind, done);
    for (const id of unknown?.ids ?? []) {
      const interruptedHere = interrupted?.revision === id;
      rows.push({
        bind,
        revision: id,
        message: unknown!.owners.has(id) ? `(app config "${unknown!.owners.get(id)}")` : "(no file)",
        state: unknown!.otherHistory ? "other-history" : "missing-file",
        ...(unknown!.otherHistory && id === unknown!.ids[0] ? { detail: unknown!.message } : {}),
        ...(interruptedHere ? { detail: describeInterruption(ctx, script, interrupted) } : {}),
      });
    }
    if (interrupted && !script.graph.has(interrupted.revision) && !done.has(interrupted.revision)) {
      rows.push({ bind, revision: interrupted.revision, message: "(no file)", state: "interrupted", detail: describeInterruption(ctx, script, interrupted) });
    }
  }
  for (const bind of unconfiguredBinds(ctx, script)) {
    for (const r of script.revisions(bind)) rows.push({ bind, revision: r.id, message: r.message, state: "unconfigured-bind" });
  }
  return rows;
}

/** The message of a revision file that does not load, or undefined when it loads. */
export async function loadFailure(script: ScriptDirectory, revision: RevisionFile): Promise<string | undefined> {
  try {
    await script.load(revision);
    return undefined;
  } catch (error) {
    if (error instanceof MigrateError) return error.message;
    throw error;
  }
}

function isCurrent(script: ScriptDirectory, applied: Map<string, AppliedRevision> | undefined, r: RevisionFile): boolean {
  if (!applied) return false;
  return script.graph.appliedHeads(r.bind, new Set([...applied.keys()].filter((id) => script.graph.has(id)))).includes(r.id);
}

function inRange(script: ScriptDirectory, revisions: RevisionFile[], range: string): RevisionFile[] {
  const match = /^([^:]*):([^:]*)$/.exec(range);
  if (!match) {
    throw new MigrateError("WF_ERR_MIGRATE_BAD_TARGET", `-r "${range}" is not a range; write start:end, e.g. base:head, abc123:, :def456`);
  }
  const [, start, end] = match as unknown as [string, string, string];
  const after = start && start !== "base" ? script.graph.dependents([script.graph.resolve(start).id]) : undefined;
  const before = end && end !== "head" && end !== "heads" ? script.graph.closure([script.graph.resolve(end).id]) : undefined;
  return revisions.filter((r) => (!after || after.has(r.id)) && (!before || before.has(r.id)));
}
