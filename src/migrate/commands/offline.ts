/**
 * `upgrade --sql` / `downgrade --sql`: the SQL a run would execute, for the bind's dialect,
 * without connecting. The schema state comes from the revisions before the range (their
 * operations replayed offline) instead of the live database.
 */
import { Compiler, dialectContext, toSqlScript, transactionGuards, type CompiledStatement } from "../dialect/index.ts";
import { MigrateError } from "../errors.ts";
import { Operations, RecordingExecutor } from "../operations/index.ts";
import { VersionTable } from "../runtime/version-table.ts";
import { importRevision } from "../script/revision-file.ts";
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
  direction: "upgrade" | "downgrade",
): Promise<string> {
  const out: string[] = [];
  const compilers = new Map<string, Compiler>();
  for (const id of steps) {
    const revision = script.revision(id);
    const bind = revision.bind;
    let compiler = compilers.get(bind);
    if (!compiler) {
      const orm = await ctx.database.offlineOrm(bind);
      const dialect = dialectContext(orm).dialect;
      const before = script.revisions(bind).filter((r) => applied.has(r.id));
      compiler = Compiler.offline(orm, await recordOperations(before, "upgrade", dialect, "reject"));
      compilers.set(bind, compiler);
      await orm.close();
      out.push(`-- bind "${bind}" (${dialect})`, `${new VersionTable(script.env.versionTable, bind, unused).createSql()};`, "");
    }
    const module = await importRevision(revision.file, revision.shown);
    const recorder = new RecordingExecutor({ dialect: compiler.dialect, queries: "reject" });
    const op = new Operations(recorder);
    await module[direction](op);
    await op.drain();
    const versions = new VersionTable(script.env.versionTable, bind, unused);
    const row = direction === "upgrade" ? versions.insertSql(revision.id, revision.checksum) : versions.deleteSql(revision.id);
    const statements: CompiledStatement[] = [
      ...compiler.compileAll(recorder.operations),
      { sql: row.sql, params: row.params as CompiledStatement["params"], operation: { kind: "execute", sql: row.sql } as CompiledStatement["operation"] },
    ];
    const transactional = script.env.transactionMode === "per-revision" && compiler.dialect !== "mysql";
    const guards = transactionGuards(compiler.dialect);
    out.push(`-- ${direction} ${revision.id} (${revision.shown})${revision.message ? `: ${revision.message}` : ""}`);
    if (transactional) out.push(...guards.beforeBegin.map((sql) => `${sql};`), "begin;");
    out.push(toSqlScript(statements, compiler.context).trimEnd());
    if (transactional) out.push("commit;", ...guards.afterEnd.map((sql) => `${sql};`));
    out.push("");
  }
  if (steps.length === 0) out.push("-- nothing to do");
  return `${out.join("\n")}\n`;
}

function splitRange(target: string, defaultStart: string): [string, string] {
  const index = target.indexOf(":");
  if (index === -1) return [defaultStart, target];
  return [target.slice(0, index) || defaultStart, target.slice(index + 1) || "head"];
}

const unused = async (): Promise<never> => {
  throw new Error("offline: nothing runs");
};
