/**
 * Applying a revision (up or down) on a bind's session. Where DDL is transactional (SQLite,
 * PostgreSQL) a revision and its version row commit together (`per-revision`), or the
 * revisions a run applies on the bind in a row all do (`per-run`, ended by `finish()`), so a
 * failure leaves the database at its last good revision, or where the run started. On
 * MySQL/MariaDB each statement commits by itself: the revision is recorded as started in the
 * progress table before it runs, each operation as it completes, and the version row is
 * written right after the revision; a failure names the revision and the statement, and a
 * crash leaves the progress row saying what is known to have run.
 */
import { Compiler, SqlOperationRunner, connectionRunner, findTable, neutralTable } from "../dialect/index.ts";
import { MigrateError } from "../errors.ts";
import { Operations, reverseOperations, type SchemaLookup } from "../operations/index.ts";
import type { Operation, OperationRunner } from "../vocabulary/index.ts";
import type { BindSession } from "./bind-session.ts";
import { describeOperation } from "./describe-operation.ts";
import type { ProgressTable } from "./progress-table.ts";
import { OpenTransaction, framing, type Framing } from "./revision-frame.ts";
import type { RevisionSource, RunnableRevision } from "./revisions.ts";
import type { Direction } from "./version-table.ts";

export type { Direction };

/** Reported after each revision. */
export interface StepEvent<R extends RunnableRevision> {
  readonly bind: string;
  readonly revision: R;
  readonly direction: Direction;
  /** `skipped`: another process applied it first (SQLite). */
  readonly status: "applied" | "skipped";
  readonly milliseconds: number;
  readonly statements: number;
}

/** The open transaction of a `per-run` run on the bind. */
interface Run {
  readonly transaction: OpenTransaction;
  readonly direction: Direction;
  /** The bind's applied revisions, read inside the transaction when it began. */
  readonly startedAt: ReadonlySet<string>;
  /** Revisions applied in it so far. */
  readonly applied: string[];
}

/**
 * Applies revisions on one bind's session: `apply()` for each, then `finish()` when the run
 * leaves the bind (it commits a `per-run` transaction, and does nothing otherwise).
 *
 * @example
 * ```ts
 * const applier = new RevisionApplier(session, script);
 * for (const revision of plan) await applier.apply(revision, "upgrade");
 * await applier.finish();
 * ```
 */
export class RevisionApplier<R extends RunnableRevision> {
  readonly #session: BindSession;
  readonly #script: RevisionSource<R>;
  readonly #framing: Framing | undefined;
  #compiler: Compiler | undefined;
  #run: Run | undefined;

  constructor(session: BindSession, script: RevisionSource<R>) {
    this.#session = session;
    this.#script = script;
    this.#framing = framing(session.env.transactionMode, session.dialect);
  }

  /** Runs the revision's upgrade or downgrade and records it; see the module comment. */
  async apply(revision: R, direction: Direction): Promise<StepEvent<R>> {
    const s = this.#session;
    const started = performance.now();
    const module = await this.#script.load(revision);
    const framed = this.#framing;
    let statements = 0;
    const executed: Operation[] = [];
    let before: Compiler | undefined;
    let beforeSchema: Compiler["schema"] | undefined;
    let own: OpenTransaction | undefined;

    try {
      if (framed?.scope === "run") this.#run ??= await this.#begin(framed, direction);
      else if (framed) own = await OpenTransaction.begin(framed.frame, s.execute);
      if (s.dialect === "sqlite" && (await this.#doneElsewhere(revision, direction))) {
        await own?.rollback();
        this.#compiler = undefined; // another process changed the schema
        return { bind: s.bind, revision, direction, status: "skipped", milliseconds: performance.now() - started, statements };
      }
      this.#compiler ??= await Compiler.online(s.orm, { transaction: s.connection });
      before = this.#compiler;
      beforeSchema = this.#compiler.schema;
      const runner = new SqlOperationRunner(this.#compiler, connectionRunner(s.orm, s.connection), {
        transaction: s.connection,
        onStatement: () => void statements++,
      });
      // Without a transaction, what runs is recorded as it runs (see progress-table.ts).
      if (!framed) await s.progress.begin(revision, direction);
      const op = new Operations(framed ? runner : recording(runner, executed, s.progress));
      await module[direction](op);
      await op.drain();
      await s.versions.record(direction, revision);
      if (!framed) await s.progress.end();
      await own?.commit();
    } catch (error) {
      this.#compiler = undefined;
      await own?.rollback();
      const what = `${direction} of revision ${revision.id} (${revision.shown})`;
      if (this.#run) throw failed(what, s.bind, error, await this.#rollBackRun(), `${FIX}, which starts the run over from there`);
      if (framed) throw failed(what, s.bind, error, "it was rolled back; the database stays at its last good revision", FIX);
      const undo = before && beforeSchema ? await this.#undo(executed, before, beforeSchema) : { state: "nothing of it had run", clean: true };
      await this.#settleProgress(undo, error);
      const state = `it ran without a transaction (MySQL/MariaDB DDL, or transactionMode "none"): ${undo.state}`;
      const resolve = `wf migrate resolve ${this.#script.app ?? "<app>"} ${revision.id} --rolled-back`;
      throw failed(what, s.bind, error, state, undo.clean ? FIX : `then record that with ${resolve}, ${FIX}`);
    }
    this.#run?.applied.push(revision.id);
    return { bind: s.bind, revision, direction, status: "applied", milliseconds: performance.now() - started, statements };
  }

  /**
   * Ends the bind's `per-run` transaction, if one is open: commits what it applied (after
   * SQLite's foreign key check), or nothing when every revision was skipped. The command calls
   * it before the run moves on to another bind, and after its last revision.
   */
  async finish(): Promise<void> {
    const run = this.#run;
    if (!run) return;
    if (run.applied.length === 0) {
      this.#run = undefined;
      return run.transaction.rollback();
    }
    try {
      await run.transaction.commit();
      this.#run = undefined;
    } catch (error) {
      this.#compiler = undefined;
      // Which revision left the rows is not known here; per-revision checks after each one.
      const next = `find the revision that leaves them (transactionMode "per-revision" names it), ${FIX}`;
      throw failed(`the ${run.direction} run's COMMIT`, this.#session.bind, error, await this.#rollBackRun(), next);
    }
  }

  /** Opens the run's transaction and reads, inside it, what is applied (the one re-read of a run). */
  async #begin(framed: Framing, direction: Direction): Promise<Run> {
    const transaction = await OpenTransaction.begin(framed.frame, this.#session.execute);
    try {
      return { transaction, direction, startedAt: new Set((await this.#session.versions.applied()).keys()), applied: [] };
    } catch (error) {
      await transaction.rollback();
      throw error;
    }
  }

  /** Rolls the open run back; says what that undid and where the bind is. */
  async #rollBackRun(): Promise<string> {
    const run = this.#run!;
    this.#run = undefined;
    await run.transaction.rollback();
    const heads = this.#script.graph.appliedHeads(this.#session.bind, run.startedAt);
    const undone = run.applied.length > 0 ? `, with the ${run.applied.length} revision(s) it had ${run.direction}d (${run.applied.join(", ")})` : "";
    const at = heads.length > 0 ? `revision ${heads.join(", ")}` : "base";
    return `the whole run on bind "${this.#session.bind}" was rolled back (transactionMode "per-run")${undone}: the database is at ${at}, where the run started`;
  }

  /**
   * Without transactional DDL (MySQL/MariaDB), the operations of a failed revision that
   * did run are reversed, so the database is back at its last good revision. `clean`: nothing
   * of the revision is left.
   */
  async #undo(executed: readonly Operation[], compiler: Compiler, schema: Compiler["schema"]): Promise<Undo> {
    if (executed.length === 0) return { state: "nothing of it had run", clean: true };
    const lookup: SchemaLookup = {
      table: (name) => {
        const table = findTable(schema, name);
        return table ? neutralTable(table, compiler.context) : undefined;
      },
    };
    const { operations, irreversible } = reverseOperations(executed, lookup);
    if (irreversible.length > 0) {
      return { state: `the ${executed.length} operation(s) of it that ran could not all be reversed (${irreversible[0]!.reason}); undo them by hand`, clean: false, kept: true };
    }
    try {
      const s = this.#session;
      const fresh = await Compiler.online(s.orm, { transaction: s.connection });
      const runner = new SqlOperationRunner(fresh, connectionRunner(s.orm, s.connection), { transaction: s.connection });
      for (const operation of operations) await runner.run(operation);
      return { state: `the ${executed.length} operation(s) of it that ran were reversed; the database stays at its last good revision`, clean: true };
    } catch (undoError) {
      const reason = (undoError as Error).message.split("\n")[0];
      return { state: `reversing the ${executed.length} operation(s) of it that ran failed too (${reason}); undo them by hand`, clean: false, kept: false, undoReason: reason };
    }
  }

  /**
   * After a failure without a transaction: no progress row when nothing of the revision is
   * left; otherwise the row stays (so every command reports the revision until it is
   * resolved), saying what is known.
   */
  async #settleProgress(undo: Undo, error: unknown): Promise<void> {
    const progress = this.#session.progress;
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    try {
      if (undo.clean) return await progress.end();
      if (undo.kept) return await progress.note(`it failed (${reason}) and nothing of it was reversed`);
      await progress.note(`it failed (${reason}); reversing what had run stopped partway (${undo.undoReason}), so which of its operations are still in effect is not known`, {
        forgetCompleted: true,
      });
    } catch {
      // The connection is gone: the row stays as the last operation left it, which is still true.
    }
  }

  /**
   * SQLite has no session lock: inside the write transaction, re-read whether the revision is
   * still to do (`per-run`: once, when the run's transaction began).
   */
  async #doneElsewhere(revision: R, direction: Direction): Promise<boolean> {
    const applied = this.#run?.startedAt ?? (await this.#session.versions.applied());
    return direction === "upgrade" ? applied.has(revision.id) : !applied.has(revision.id);
  }
}

/** What undoing a failed revision's operations came to. */
interface Undo {
  /** Said in the error message. */
  readonly state: string;
  /** Nothing of the revision is left. */
  readonly clean: boolean;
  /** Not clean: whether what ran is all still there (nothing was reversed). */
  readonly kept?: boolean;
  readonly undoReason?: string;
}

/**
 * Passes operations through, remembering those that ran and recording each in the progress
 * table as it starts and completes (queries change nothing, and are not recorded).
 */
function recording(runner: OperationRunner, executed: Operation[], progress: ProgressTable): OperationRunner {
  return {
    dialect: runner.dialect,
    offline: runner.offline,
    async run(operation) {
      const described = operation.kind === "query" ? undefined : describeOperation(operation);
      if (described) await progress.starting(described);
      const result = await runner.run(operation);
      executed.push(operation);
      if (described) await progress.completed(described);
      return result;
    },
  };
}

const FIX = "fix the revision and run the command again";

/** `what` failed on `bind`: why; the state the database is in; what to do next. */
function failed(what: string, bind: string, error: unknown, state: string, next: string): MigrateError {
  const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return new MigrateError("WF_ERR_MIGRATE_REVISION_FAILED", `${what} failed on bind "${bind}": ${reason}; ${state}; ${next}`, { cause: error });
}
