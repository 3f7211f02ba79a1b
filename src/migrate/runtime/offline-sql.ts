/**
 * `upgrade --sql` / `downgrade --sql`: the SQL a run of revisions would execute, for each
 * bind's dialect, without connecting. A bind's schema state comes from the revisions applied
 * before the run (their operations replayed offline) instead of the live database; the
 * transactions and version rows are framed as the online runtime frames them.
 */
import type { Orm } from "../../db/index.ts";
import { Compiler, dialectContext, toSqlScript, type CompiledStatement } from "../dialect/index.ts";
import { replayOperations } from "./replay.ts";
import { framing } from "./revision-frame.ts";
import type { RevisionLoader, RunnableRevision } from "./revisions.ts";
import type { RuntimeSettings } from "./settings.ts";
import { VersionTable, type Direction } from "./version-table.ts";

/** What `--sql` needs of each bind the run touches. */
export interface OfflineBinds<R extends RunnableRevision> {
  /** The bind's revisions applied before the run, parents first. */
  applied(bind: string): readonly R[];
  /** A MikroORM instance for the bind's database, initialised without connecting (closed after use). */
  orm(bind: string): Promise<Orm>;
}

/**
 * The SQL script of a run: each bind's version table, then each revision's statements and
 * version row, in the run's order, framed by the transactions `transactionMode` asks for.
 *
 * @example
 * ```ts
 * const sql = await offlineSql(script, plan.map((id) => script.revision(id)), "upgrade", {
 *   applied: (bind) => [],
 *   orm: (bind) => database.offlineOrm(bind),
 * });
 * ```
 */
export async function offlineSql<R extends RunnableRevision>(
  script: RevisionLoader<R> & { readonly env: RuntimeSettings },
  revisions: readonly R[],
  direction: Direction,
  binds: OfflineBinds<R>,
): Promise<string> {
  const out: string[] = [];
  const started = new Map<string, { compiler: Compiler; versions: VersionTable }>();
  const bindAt = (index: number) => revisions[index]?.bind;
  for (const [index, revision] of revisions.entries()) {
    let bind = started.get(revision.bind);
    if (!bind) {
      const orm = await binds.orm(revision.bind);
      const dialect = dialectContext(orm).dialect;
      const compiler = Compiler.offline(orm, await replayOperations(script, binds.applied(revision.bind), "upgrade", dialect, "reject"));
      await orm.close();
      bind = { compiler, versions: new VersionTable(script.env.versionTable, revision.bind, dialect, offline) };
      started.set(revision.bind, bind);
      out.push(`-- bind "${revision.bind}" (${dialect})`, `${bind.versions.createSql()};`, "");
    }
    const { compiler, versions } = bind;
    const row = versions.recordSql(direction, revision);
    const statements: CompiledStatement[] = [
      ...compiler.compileAll(await replayOperations(script, [revision], direction, compiler.dialect, "reject")),
      { ...row, operation: { kind: "execute", ...row } },
    ];
    // As online: per-run frames the revisions of one bind in a row, per-revision each one.
    const framed = framing(script.env.transactionMode, compiler.dialect);
    const begin = framed ? framed.frame.begin.map((sql) => `${sql};`) : [];
    const commit = framed ? [`${framed.frame.commit};`, ...framed.frame.end.map((sql) => `${sql};`)] : [];
    const run = framed?.scope === "run";
    if (run && bindAt(index - 1) !== revision.bind) out.push(...begin, "");
    out.push(`-- ${direction} ${revision.id} (${revision.shown})${revision.message ? `: ${revision.message}` : ""}`);
    if (!run) out.push(...begin);
    out.push(toSqlScript(statements, compiler.context).trimEnd());
    if (!run) out.push(...commit);
    out.push("");
    if (run && bindAt(index + 1) !== revision.bind) out.push(...commit, "");
  }
  if (revisions.length === 0) out.push("-- nothing to do");
  return `${out.join("\n")}\n`;
}

/** Offline nothing reaches a database: the version table only writes SQL text. */
const offline = async (): Promise<never> => {
  throw new Error("offline: nothing runs");
};
