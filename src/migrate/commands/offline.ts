/**
 * `upgrade --sql` / `downgrade --sql`: the SQL a run would execute, for the bind's dialect,
 * without connecting. The schema state comes from the revisions before the range (their
 * operations replayed offline) instead of the live database.
 */
import { Compiler, dialectContext, toSqlScript, type CompiledStatement } from "../dialect/index.ts";
import { MigrateError } from "../errors.ts";
import { framing } from "../runtime/revision-frame.ts";
import { VersionTable, type Direction } from "../runtime/version-table.ts";
import type { ScriptDirectory } from "../script/script-directory.ts";
import { planDowngrade, planUpgrade } from "../script/targets.ts";
import { loadScript, type MigrateContext } from "./context.ts";
import { recordOperations } from "./history-ops.ts";

export interface OfflineOptions {
  readonly bind?: string;
}

/** `[start:]end`: upgrade from `start` (default base) to `end`. */
export async function upgradeSql(ctx: MigrateContext, target = "head", options: OfflineOptions = {}): Promise<string> {
  const script = await loadScript(ctx);
  const [start, end] = splitRange(target, "base");
  const applied = start === "base" ? new Set<string>() : script.graph.closure([script.graph.resolve(start).id]);
  const steps = planUpgrade(script.graph, applied, end, { app: ctx.app, binds: ctx.binds, bind: options.bind });
  return render(ctx, script, applied, steps.map((s) => s.id), "upgrade");
}

/** `start:end` (required, as offline there is no current revision): downgrade from `start` to `end`. */
export async function downgradeSql(ctx: MigrateContext, target: string, options: OfflineOptions = {}): Promise<string> {
  const script = await loadScript(ctx);
  if (!target.includes(":")) {
    throw new MigrateError(
      "WF_ERR_MIGRATE_BAD_TARGET",
      `downgrade --sql needs a range start:end, since nothing is read from the database; e.g. wf migrate downgrade ${ctx.app} head:base --sql`,
    );
  }
  const [start, end] = splitRange(target, "head");
  const startIds = start === "head" ? ctx.binds.flatMap((b) => script.graph.heads(b)) : [script.graph.resolve(start).id];
  const applied = script.graph.closure(startIds);
  const steps = planDowngrade(script.graph, applied, end, { app: ctx.app, binds: ctx.binds, bind: options.bind });
  return render(ctx, script, applied, steps.map((s) => s.id), "downgrade");
}

async function render(
  ctx: MigrateContext,
  script: ScriptDirectory,
  applied: ReadonlySet<string>,
  steps: readonly string[],
  direction: Direction,
): Promise<string> {
  const out: string[] = [];
  const binds = new Map<string, { compiler: Compiler; versions: VersionTable }>();
  const bindOf = (index: number) => (steps[index] === undefined ? undefined : script.revision(steps[index]).bind);
  for (const [index, id] of steps.entries()) {
    const revision = script.revision(id);
    let bind = binds.get(revision.bind);
    if (!bind) {
      const orm = await ctx.database.offlineOrm(revision.bind);
      const dialect = dialectContext(orm).dialect;
      const before = script.revisions(revision.bind).filter((r) => applied.has(r.id));
      const compiler = Compiler.offline(orm, await recordOperations(script, before, "upgrade", dialect, "reject"));
      await orm.close();
      bind = { compiler, versions: new VersionTable(script.env.versionTable, revision.bind, dialect, offline) };
      binds.set(revision.bind, bind);
      out.push(`-- bind "${revision.bind}" (${dialect})`, `${bind.versions.createSql()};`, "");
    }
    const { compiler, versions } = bind;
    const row = versions.recordSql(direction, revision);
    const statements: CompiledStatement[] = [
      ...compiler.compileAll(await recordOperations(script, [revision], direction, compiler.dialect, "reject")),
      { ...row, operation: { kind: "execute", ...row } },
    ];
    // As online: per-run frames the revisions of one bind in a row, per-revision each one.
    const framed = framing(script.env.transactionMode, compiler.dialect);
    const begin = framed ? framed.frame.begin.map((sql) => `${sql};`) : [];
    const commit = framed ? [`${framed.frame.commit};`, ...framed.frame.end.map((sql) => `${sql};`)] : [];
    const run = framed?.scope === "run";
    if (run && bindOf(index - 1) !== revision.bind) out.push(...begin, "");
    out.push(`-- ${direction} ${revision.id} (${revision.shown})${revision.message ? `: ${revision.message}` : ""}`);
    if (!run) out.push(...begin);
    out.push(toSqlScript(statements, compiler.context).trimEnd());
    if (!run) out.push(...commit);
    out.push("");
    if (run && bindOf(index + 1) !== revision.bind) out.push(...commit, "");
  }
  if (steps.length === 0) out.push("-- nothing to do");
  return `${out.join("\n")}\n`;
}

function splitRange(target: string, defaultStart: string): [string, string] {
  const index = target.indexOf(":");
  if (index === -1) return [defaultStart, target];
  return [target.slice(0, index) || defaultStart, target.slice(index + 1) || "head"];
}

/** Offline nothing reaches a database: the version table only writes SQL text. */
const offline = async (): Promise<never> => {
  throw new Error("offline: nothing runs");
};
