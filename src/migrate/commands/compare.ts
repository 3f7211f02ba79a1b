/**
 * Autogenerate for one bind, as `revision -a` and `check` both run it: the models against the
 * bind's database, leaving out the version and progress tables and whatever env.ts's `includeObject`
 * excludes, with the applied revisions' operations as the history.
 */
import { autogenerate, knownBlindSpots, type AutogenerateResult } from "../autogenerate/index.ts";
import type { BindSession } from "../runtime/bind-session.ts";
import { progressTableName } from "../runtime/progress-table.ts";
import { replayOperations } from "../runtime/replay.ts";
import type { AppliedRevision } from "../runtime/version-table.ts";
import type { ScriptDirectory } from "../script/script-directory.ts";
import type { MigrateContext } from "./context.ts";

/** Compares the bind's models with its database (read inside the session). */
export async function compareWithModels(
  script: ScriptDirectory,
  session: BindSession,
  applied: ReadonlyMap<string, AppliedRevision>,
): Promise<AutogenerateResult> {
  const { env } = script;
  const include = env.includeObject;
  const history = await replayOperations(script, script.revisions(session.bind).filter((r) => applied.has(r.id)), "upgrade", session.dialect);
  return autogenerate(session.orm, {
    transaction: session.connection,
    exclude: [env.versionTable, progressTableName(env.versionTable)],
    includeObject: include ? (object) => include(object, session.bind) : undefined,
    history,
  });
}

/**
 * Blind spots are printed, never skipped silently: findings about a table in full, the
 * standing list (the same for every run) as one line of names pointing at the docs.
 */
export function reportBlindSpots(ctx: MigrateContext, bind: string, result: AutogenerateResult): void {
  const standing = new Set(knownBlindSpots(result.dialect).map((spot) => spot.detail));
  const findings = result.blindSpots.filter((spot) => !standing.has(spot.detail));
  for (const spot of findings) ctx.out(`bind "${bind}": not compared: ${spot.object}${spot.table ? ` (${spot.table})` : ""}: ${spot.detail}`);
  const general = result.blindSpots.filter((spot) => standing.has(spot.detail)).map((spot) => spot.object);
  if (general.length > 0) ctx.out(`bind "${bind}": not compared (docs/migrate.md, "Blind spots"): ${general.join(", ")}`);
}
