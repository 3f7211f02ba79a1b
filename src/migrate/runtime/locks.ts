/**
 * The database lock `upgrade`, `downgrade` and `stamp` hold, so that concurrent deploys
 * migrate once: waited for, up to env.ts's `lockTimeout`, then `WF_ERR_MIGRATE_LOCKED` (the
 * SQL is the dialect's, `migrationLockSql`). The lock is tried, not blocked on, so the wait
 * has the same bound on every database: PostgreSQL's advisory lock would wait forever.
 * SQLite has no such lock: the `BEGIN IMMEDIATE` of each transaction of revisions (a
 * revision's, or with `transactionMode: "per-run"` a run's) serialises writers, and the
 * runtime re-reads the version table inside it (see apply.ts).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { migrationLockSql } from "../dialect/index.ts";
import { MigrateError } from "../errors.ts";
import type { Dialect } from "../vocabulary/index.ts";
import type { Execute } from "./version-table.ts";

/** The longest pause between two tries: a deploy that waits starts at most this late. */
const MAX_RETRY_MS = 500;

export interface MigrationLock {
  acquire(): Promise<void>;
  release(): Promise<void>;
}

export function migrationLock(dialect: Dialect, execute: Execute, name: string, timeoutSeconds: number): MigrationLock {
  const lock = migrationLockSql(dialect, name);
  if (!lock) return { acquire: async () => undefined, release: async () => undefined };
  const tryAcquire = async (): Promise<boolean> => {
    const rows = (await execute(lock.tryAcquire.sql, lock.tryAcquire.params, "all")) as { got?: unknown }[];
    return Number(rows[0]?.got) === 1;
  };
  return {
    async acquire() {
      const deadline = Date.now() + timeoutSeconds * 1000;
      for (let pause = 25; !(await tryAcquire()); pause = Math.min(pause * 2, MAX_RETRY_MS)) {
        const left = deadline - Date.now();
        if (left <= 0) throw lockedError(`the migration lock "${lock.name}"`, timeoutSeconds);
        await sleep(Math.min(pause, left));
      }
    },
    release: async () => void (await execute(lock.release.sql, lock.release.params, "all")),
  };
}

/** `WF_ERR_MIGRATE_LOCKED`: another process held `what` for longer than env.ts allows. */
export function lockedError(what: string, timeoutSeconds: number): MigrateError {
  return new MigrateError(
    "WF_ERR_MIGRATE_LOCKED",
    `another process held ${what} for ${timeoutSeconds} s (lockTimeout in env.ts); check for a stuck wf migrate or a deploy migrating at the same time, and run again`,
  );
}
