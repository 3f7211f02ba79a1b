/**
 * Applying one revision (up or down) on a bind's session. Where DDL is transactional
 * (SQLite, PostgreSQL) the revision and its version row commit together, so a failure
 * leaves the database at its last good revision. On MySQL/MariaDB each statement commits
 * by itself: the version row is written right after the revision, and a failure names the
 * revision and the statement.
 */
import { Compiler, SqlExecutor, connectionRunner, findTable, neutralTable, type CompiledStatement } from "../dialect/index.ts";
import { MigrateError } from "../errors.ts";
import { Operations, reverseOperations, type Operation, type OperationExecutor, type SchemaLookup } from "../operations/index.ts";
import type { RevisionFile, RevisionModule } from "../script/revision-file.ts";
import type { BindSession } from "./bind-session.ts";
import { revisionFrame } from "./revision-frame.ts";
import type { Direction } from "./version-table.ts";

export type { Direction };

/**
 * Loads the module of a revision file when it is about to run. The script layer owns revision
 * files; the command hands its loader down (`(r) => script.load(r)`).
 */
export type RevisionLoader = (revision: RevisionFile) => Promise<Pick<RevisionModule, "upgrade" | "downgrade">>;

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
  readonly #load: RevisionLoader;
  #compiler: Compiler | undefined;

  constructor(session: BindSession, load: RevisionLoader) {
    this.#session = session;
    this.#load = load;
  }

  /** Runs the revision's upgrade or downgrade and records it; see the module comment. */
  async apply(revision: RevisionFile, direction: Direction): Promise<StepEvent> {
    const s = this.#session;
    const started = performance.now();
    const module = await this.#load(revision);
    const frame = revisionFrame(s.env.transactionMode, s.dialect);
    const transactional = frame !== undefined;
    let statements = 0;
    const executed: Operation[] = [];
    let before: Compiler | undefined;
    let beforeSchema: Compiler["schema"] | undefined;

    if (frame) for (const sql of frame.begin) await s.execute(sql);
    try {
      if (s.dialect === "sqlite" && (await this.#doneElsewhere(revision, direction))) {
        if (frame) await s.execute(frame.rollback);
        this.#compiler = undefined; // another process changed the schema
        return { bind: s.bind, revision, direction, status: "skipped", milliseconds: performance.now() - started, statements };
      }
      this.#compiler ??= await Compiler.online(s.orm, { transaction: s.connection });
      before = this.#compiler;
      beforeSchema = this.#compiler.schema;
      const executor = new SqlExecutor(this.#compiler, connectionRunner(s.orm, s.connection), {
        transaction: s.connection,
        onStatement: () => void statements++,
      });
      const op = new Operations(transactional ? executor : recording(executor, executed));
      await module[direction](op);
      await op.drain();
      await s.versions.record(direction, revision);
      if (frame?.check) {
        const broken = (await s.execute(frame.check, [], "all")) as unknown[];
        if (broken.length > 0) throw new Error(`${broken.length} rows break foreign keys (${JSON.stringify(broken[0])})`);
      }
      if (frame) await s.execute(frame.commit);
    } catch (error) {
      this.#compiler = undefined;
      if (frame) await s.execute(frame.rollback).catch(() => undefined);
      const undone = !transactional && before && beforeSchema ? await this.#undo(executed, before, beforeSchema) : undefined;
      throw failed(revision, direction, s.bind, transactional, error, undone);
    } finally {
      if (frame) for (const sql of frame.end) await s.execute(sql);
    }
    return { bind: s.bind, revision, direction, status: "applied", milliseconds: performance.now() - started, statements };
  }

  /**
   * Without transactional DDL (MySQL/MariaDB), the operations of a failed revision that
   * did run are reversed, so the database is back at its last good revision.
   */
  async #undo(executed: readonly Operation[], compiler: Compiler, schema: Compiler["schema"]): Promise<string> {
    if (executed.length === 0) return "nothing of it had run";
    const lookup: SchemaLookup = {
      table: (name) => {
        const table = findTable(schema, name);
        return table ? neutralTable(table, compiler.context) : undefined;
      },
    };
    const { operations, irreversible } = reverseOperations(executed, lookup);
    if (irreversible.length > 0) {
      return `the ${executed.length} operation(s) of it that ran could not all be reversed (${irreversible[0]!.reason}); undo them by hand`;
    }
    try {
      const s = this.#session;
      const fresh = await Compiler.online(s.orm, { transaction: s.connection });
      const executor = new SqlExecutor(fresh, connectionRunner(s.orm, s.connection), { transaction: s.connection });
      for (const operation of operations) await executor.run(operation);
      return `the ${executed.length} operation(s) of it that ran were reversed; the database stays at its last good revision`;
    } catch (undoError) {
      return `reversing the ${executed.length} operation(s) of it that ran failed too (${(undoError as Error).message.split("\n")[0]}); undo them by hand`;
    }
  }

  /** SQLite has no session lock: inside the write transaction, re-read whether it is still to do. */
  async #doneElsewhere(revision: RevisionFile, direction: Direction): Promise<boolean> {
    const applied = await this.#session.versions.applied();
    return direction === "upgrade" ? applied.has(revision.id) : !applied.has(revision.id);
  }
}

/** Passes operations through, remembering those that ran. */
function recording(executor: OperationExecutor, executed: Operation[]): OperationExecutor {
  return {
    dialect: executor.dialect,
    offline: executor.offline,
    async run(operation) {
      const result = await executor.run(operation);
      executed.push(operation);
      return result;
    },
  };
}

function failed(revision: RevisionFile, direction: Direction, bind: string, rolledBack: boolean, error: unknown, undone?: string): MigrateError {
  const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
  const state = rolledBack
    ? "it was rolled back; the database stays at its last good revision"
    : `it ran without a transaction (MySQL/MariaDB DDL, or transactionMode "none"): ${undone ?? "nothing of it had run"}`;
  const next = undone?.endsWith("by hand") ? "then fix the revision and run the command again" : "fix the revision and run the command again";
  return new MigrateError(
    "WF_ERR_MIGRATE_REVISION_FAILED",
    `${direction} of revision ${revision.id} (${revision.shown}) failed on bind "${bind}": ${reason}; ${state}; ${next}`,
    { cause: error },
  );
}

export type { CompiledStatement };
