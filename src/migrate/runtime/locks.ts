/**
 * The database lock `upgrade`, `downgrade` and `stamp` hold, so that concurrent deploys
 * migrate once: waited for, not failed on (the SQL is the dialect's, `migrationLockSql`).
 * SQLite has no such lock: the `BEGIN IMMEDIATE` of each transaction of revisions (a
 * revision's, or with `transactionMode: "per-run"` a run's) serialises writers, and the
 * runtime re-reads the version table inside it (see apply.ts).
 */
import { LOCK_WAIT_SECONDS, migrationLockSql } from "../dialect/index.ts";
import { MigrateError } from "../errors.ts";
import type { Dialect } from "../vocabulary/index.ts";
import type { Execute } from "./version-table.ts";

export interface MigrationLock {
  acquire(): Promise<void>;
  release(): Promise<void>;
}

export function migrationLock(dialect: Dialect, execute: Execute, name: string): MigrationLock {
  const lock = migrationLockSql(dialect, name);
  if (!lock) return { acquire: async () => undefined, release: async () => undefined };
  return {
    async acquire() {
      const rows = (await execute(lock.acquire.sql, lock.acquire.params, "all")) as { got?: number | null }[];
      if (lock.timesOut && Number(rows[0]?.got) !== 1) {
        throw new MigrateError(
          "WF_ERR_MIGRATE_LOCKED",
          `another process held the migration lock "${lock.name}" for ${LOCK_WAIT_SECONDS} s; check for a stuck wf migrate and run again`,
        );
      }
    },
    release: async () => void (await execute(lock.release.sql, lock.release.params, "all")),
  };
}
