/**
 * `upgrade --sql` / `downgrade --sql`: read the range, plan it with the revision graph, and
 * let the runtime write the SQL of that run without connecting.
 */
import { MigrateError } from "../errors.ts";
import { offlineSql } from "../runtime/offline-sql.ts";
import type { Direction } from "../runtime/version-table.ts";
import type { ScriptDirectory } from "../script/script-directory.ts";
import { planDowngrade, planUpgrade } from "../script/targets.ts";
import { loadScript, type MigrateContext } from "./context.ts";

/** Options of {@link upgradeSql} and {@link downgradeSql}: only this bind. */
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

/** The SQL of running `steps`, each bind starting from the revisions in `applied`. */
function render(ctx: MigrateContext, script: ScriptDirectory, applied: ReadonlySet<string>, steps: readonly string[], direction: Direction): Promise<string> {
  return offlineSql(script, steps.map((id) => script.revision(id)), direction, {
    applied: (bind) => script.revisions(bind).filter((r) => applied.has(r.id)),
    orm: (bind) => ctx.database.offlineOrm(bind),
  });
}

function splitRange(target: string, defaultStart: string): [string, string] {
  const index = target.indexOf(":");
  if (index === -1) return [defaultStart, target];
  return [target.slice(0, index) || defaultStart, target.slice(index + 1) || "head"];
}
