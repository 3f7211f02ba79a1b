/**
 * The database lock `upgrade`, `downgrade` and `stamp` hold, so that concurrent deploys
 * migrate once: a PostgreSQL advisory lock or a MySQL/MariaDB named lock on the runtime's
 * session, waited for, not failed on. SQLite has no such lock: the `BEGIN IMMEDIATE` of each
 * transaction of revisions (a revision's, or with `transactionMode: "per-run"` a run's)
 * serialises writers, and the runtime re-reads the version table inside it (see apply.ts).
 */
import { createHash } from "node:crypto";
import { MigrateError } from "../errors.ts";
import type { Dialect } from "../operations/index.ts";
import type { Execute } from "./version-table.ts";

export interface MigrationLock {
  acquire(): Promise<void>;
  release(): Promise<void>;
}

/** How long a process waits for another's migration before giving up. */
const WAIT_SECONDS = 600;

export function migrationLock(dialect: Dialect, execute: Execute, name: string): MigrationLock {
  switch (dialect) {
    case "postgresql": {
      // Advisory locks take a 64-bit key: the first 8 bytes of a hash of the lock name.
      const key = createHash("sha256").update(name).digest().readBigInt64BE(0).toString();
      return {
        acquire: async () => void (await execute(`select pg_advisory_lock(${key})`, [], "all")),
        release: async () => void (await execute(`select pg_advisory_unlock(${key})`, [], "all")),
      };
    }
    case "mysql": {
      // Names longer than MySQL's 64 characters are shortened to a hash.
      if (name.length > 64) name = `wf_migrate:${createHash("sha256").update(name).digest("hex").slice(0, 40)}`;
      return {
        async acquire() {
          const rows = (await execute(`select get_lock(?, ${WAIT_SECONDS}) as got`, [name], "all")) as { got: number | null }[];
          if (Number(rows[0]?.got) !== 1) {
            throw new MigrateError(
              "WF_ERR_MIGRATE_LOCKED",
              `another process held the migration lock "${name}" for ${WAIT_SECONDS} s; check for a stuck wf migrate and run again`,
            );
          }
        },
        release: async () => void (await execute("select release_lock(?)", [name], "all")),
      };
    }
    case "sqlite":
      return { acquire: async () => undefined, release: async () => undefined };
  }
}
