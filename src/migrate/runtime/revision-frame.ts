/**
 * Whether a revision runs in a transaction with its version row, and the statements around
 * it: the one decision the online runtime and offline `--sql` both follow.
 */
import { transactionGuards } from "../dialect/index.ts";
import type { Dialect } from "../operations/index.ts";
import type { ResolvedMigrateEnv } from "../script/env.ts";

/** The statements around one revision that runs in a transaction. */
export interface RevisionFrame {
  /** Before the revision's first statement (SQLite: foreign keys off, then `begin immediate`). */
  readonly begin: readonly string[];
  /** Run before COMMIT; any row it returns is a broken foreign key: roll back and report. */
  readonly check?: string;
  readonly commit: string;
  readonly rollback: string;
  /** After COMMIT or ROLLBACK (SQLite: foreign keys back on). */
  readonly end: readonly string[];
}

/**
 * The frame of a revision where DDL is transactional (SQLite, PostgreSQL) and env.ts keeps
 * `transactionMode: "per-revision"`; `undefined` where each statement commits by itself
 * (MySQL/MariaDB, or `transactionMode: "none"`).
 *
 * @example
 * ```ts
 * const frame = revisionFrame(script.env.transactionMode, "postgresql");
 * // { begin: ["begin"], commit: "commit", rollback: "rollback", end: [] }
 * ```
 */
export function revisionFrame(mode: ResolvedMigrateEnv["transactionMode"], dialect: Dialect): RevisionFrame | undefined {
  if (mode !== "per-revision" || dialect === "mysql") return undefined;
  const guards = transactionGuards(dialect);
  // SQLite: take the write lock at BEGIN, so concurrent processes serialise (see locks.ts).
  const begin = dialect === "sqlite" ? "begin immediate" : "begin";
  return { begin: [...guards.beforeBegin, begin], check: guards.check, commit: "commit", rollback: "rollback", end: guards.afterEnd };
}
