/**
 * Which transaction revisions run in (its statements are the dialect's, `transactionFrame`):
 * the one decision the online runtime and offline `--sql` both follow, and the one place that
 * begins, checks, commits and rolls back such a transaction.
 */
import { transactionFrame, type TransactionFrame } from "../dialect/index.ts";
import type { Dialect } from "../vocabulary/index.ts";
import type { TransactionMode } from "./settings.ts";
import type { Execute } from "./version-table.ts";

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
export function framing(mode: TransactionMode, dialect: Dialect): Framing | undefined {
  if (mode === "none") return undefined;
  const frame = transactionFrame(dialect);
  return frame ? { scope: mode === "per-run" ? "run" : "revision", frame } : undefined;
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
