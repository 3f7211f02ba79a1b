/**
 * Which transaction revisions run in, and the statements around it: the one decision the
 * online runtime and offline `--sql` both follow, and the one place that begins, checks,
 * commits and rolls back such a transaction.
 */
import { transactionGuards } from "../dialect/index.ts";
import type { Dialect } from "../operations/index.ts";
import type { ResolvedMigrateEnv } from "../script/env.ts";
import type { Execute } from "./version-table.ts";

/** The statements around a transaction of revisions. */
export interface TransactionFrame {
  /** Before the first statement (SQLite: foreign keys off, then `begin immediate`). */
  readonly begin: readonly string[];
  /** Run before COMMIT; any row it returns is a broken foreign key: roll back and report. */
  readonly check?: string;
  readonly commit: string;
  readonly rollback: string;
  /** After COMMIT or ROLLBACK (SQLite: foreign keys back on). */
  readonly end: readonly string[];
}

/** How a bind's revisions are framed. */
export interface Framing {
  /**
   * `revision`: each revision with its version row. `run`: the revisions a run applies on the
   * bind in a row, with their version rows (the transaction commits before the run moves on to
   * another bind: binds are separate databases, or share one SQLite file, which takes one
   * writer at a time).
   */
  readonly scope: "revision" | "run";
  readonly frame: TransactionFrame;
}

/**
 * The framing env.ts's `transactionMode` asks for, where DDL is transactional (SQLite,
 * PostgreSQL); `undefined` where each statement commits by itself (MySQL/MariaDB, whatever
 * the mode, or `transactionMode: "none"`).
 *
 * @example
 * ```ts
 * framing("per-run", "postgresql");
 * // { scope: "run", frame: { begin: ["begin"], commit: "commit", rollback: "rollback", end: [] } }
 * ```
 */
export function framing(mode: ResolvedMigrateEnv["transactionMode"], dialect: Dialect): Framing | undefined {
  if (mode === "none" || dialect === "mysql") return undefined;
  const guards = transactionGuards(dialect);
  // SQLite: take the write lock at BEGIN, so concurrent processes serialise (see locks.ts).
  const begin = dialect === "sqlite" ? "begin immediate" : "begin";
  const frame = { begin: [...guards.beforeBegin, begin], check: guards.check, commit: "commit", rollback: "rollback", end: guards.afterEnd };
  return { scope: mode === "per-run" ? "run" : "revision", frame };
}

/**
 * A transaction of a frame, open on a bind's session. `commit` and `rollback` each close it
 * (the end statements run either way); once closed, both do nothing.
 *
 * @example
 * ```ts
 * const transaction = await OpenTransaction.begin(frame, session.execute);
 * try {
 *   ...run revisions...
 *   await transaction.commit();
 * } finally {
 *   await transaction.rollback(); // no-op after a commit
 * }
 * ```
 */
export class OpenTransaction {
  readonly #frame: TransactionFrame;
  readonly #execute: Execute;
  #open = true;

  private constructor(frame: TransactionFrame, execute: Execute) {
    this.#frame = frame;
    this.#execute = execute;
  }

  static async begin(frame: TransactionFrame, execute: Execute): Promise<OpenTransaction> {
    for (const sql of frame.begin) await execute(sql);
    return new OpenTransaction(frame, execute);
  }

  /** Checks foreign keys (rows breaking them: rolled back, and an error) and commits. */
  async commit(): Promise<void> {
    if (!this.#open) return;
    try {
      if (this.#frame.check) {
        const broken = (await this.#execute(this.#frame.check, [], "all")) as unknown[];
        if (broken.length > 0) throw new Error(`${broken.length} rows break foreign keys (${JSON.stringify(broken[0])})`);
      }
      await this.#execute(this.#frame.commit);
    } catch (error) {
      await this.#execute(this.#frame.rollback).catch(() => undefined);
      throw error;
    } finally {
      await this.#close();
    }
  }

  /** Rolls back; a failure to do so is not reported (the error that led here is what counts). */
  async rollback(): Promise<void> {
    if (!this.#open) return;
    await this.#execute(this.#frame.rollback).catch(() => undefined);
    await this.#close();
  }

  async #close(): Promise<void> {
    this.#open = false;
    for (const sql of this.#frame.end) await this.#execute(sql);
  }
}
