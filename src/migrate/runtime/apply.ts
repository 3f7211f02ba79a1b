/**
 * Applying one revision (up or down) on a bind's session. Where DDL is transactional
 * (SQLite, PostgreSQL) the revision and its version row commit together, so a failure
 * leaves the database at its last good revision. On MySQL/MariaDB each statement commits
 * by itself: the version row is written right after the revision, and a failure names the
 * revision and the statement.
 */
import { Compiler, SqlExecutor, connectionRunner, transactionGuards, type CompiledStatement } from "../dialect/index.ts";
import { MigrateError } from "../errors.ts";
import { Operations } from "../operations/index.ts";
import { importRevision, type RevisionFile } from "../script/revision-file.ts";
import type { BindSession } from "./bind-session.ts";

export type Direction = "upgrade" | "downgrade";

/** Reported after each revision. */
export interface StepEvent {
  readonly bind: string;
  readonly revision: RevisionFile;
  readonly direction: Direction;
  /** `skipped`: another process applied it first (SQLite). */
  readonly status: "applied" | "skipped";
  readonly milliseconds: number;
  readonly statements: number;
}

export class RevisionApplier {
  readonly #session: BindSession;
  #compiler: Compiler | undefined;

  constructor(session: BindSession) {
    this.#session = session;
  }

  /** Runs the revision's upgrade or downgrade and records it; see the module comment. */
  async apply(revision: RevisionFile, direction: Direction): Promise<StepEvent> {
    const s = this.#session;
    const started = performance.now();
    const module = await importRevision(revision.file, revision.shown);
    const transactional = s.env.transactionMode === "per-revision" && s.dialect !== "mysql";
    const guards = transactionGuards(s.dialect);
    let statements = 0;

    if (transactional) {
      for (const sql of guards.beforeBegin) await s.execute(sql);
      await s.execute(s.dialect === "sqlite" ? "begin immediate" : "begin");
    }
    try {
      if (s.dialect === "sqlite" && (await this.#doneElsewhere(revision, direction))) {
        if (transactional) await s.execute("rollback");
        this.#compiler = undefined; // another process changed the schema
        return { bind: s.bind, revision, direction, status: "skipped", milliseconds: performance.now() - started, statements };
      }
      this.#compiler ??= await Compiler.online(s.orm, { transaction: s.connection });
      const executor = new SqlExecutor(this.#compiler, connectionRunner(s.orm, s.connection), {
        transaction: s.connection,
        onStatement: () => void statements++,
      });
      const op = new Operations(executor);
      await module[direction](op);
      await op.drain();
      if (direction === "upgrade") await s.versions.insert(revision.id, revision.checksum);
      else await s.versions.remove(revision.id);
      if (transactional && guards.check) {
        const broken = (await s.execute(guards.check, [], "all")) as unknown[];
        if (broken.length > 0) throw new Error(`${broken.length} rows break foreign keys (${JSON.stringify(broken[0])})`);
      }
      if (transactional) await s.execute("commit");
    } catch (error) {
      this.#compiler = undefined;
      if (transactional) await s.execute("rollback").catch(() => undefined);
      throw failed(revision, direction, s.bind, transactional, error);
    } finally {
      if (transactional) for (const sql of guards.afterEnd) await s.execute(sql);
    }
    return { bind: s.bind, revision, direction, status: "applied", milliseconds: performance.now() - started, statements };
  }

  /** SQLite has no session lock: inside the write transaction, re-read whether it is still to do. */
  async #doneElsewhere(revision: RevisionFile, direction: Direction): Promise<boolean> {
    const applied = await this.#session.versions.applied();
    return direction === "upgrade" ? applied.has(revision.id) : !applied.has(revision.id);
  }
}

function failed(revision: RevisionFile, direction: Direction, bind: string, rolledBack: boolean, error: unknown): MigrateError {
  const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
  const state = rolledBack
    ? "it was rolled back; the database stays at its last good revision"
    : "statements of it that ran before the failure stay applied (MySQL/MariaDB cannot roll back DDL); its version row was not written";
  return new MigrateError(
    "WF_ERR_MIGRATE_REVISION_FAILED",
    `${direction} of revision ${revision.id} (${revision.shown}) failed on bind "${bind}": ${reason}; ${state}; fix the revision and run the command again`,
    { cause: error },
  );
}

export type { CompiledStatement };
