/**
 * How each database makes a second migrator wait for the first, in SQL: PostgreSQL takes an
 * advisory lock, MySQL/MariaDB a named lock, both on the session's connection. SQLite has no
 * such lock; its writers queue at `begin immediate` (see transactions.ts), for as long as the
 * connection's busy timeout allows.
 */
import { createHash } from "node:crypto";
import type { Dialect } from "../vocabulary/index.ts";

/** How long a process waits for another's migration before giving up. */
export const LOCK_WAIT_SECONDS = 600;

/**
 * Statements to run once when a session's connection opens: on SQLite, wait up to
 * {@link LOCK_WAIT_SECONDS} for another writer instead of failing at once.
 *
 * @example
 * ```ts
 * for (const sql of sessionSetupSql(dialect)) await execute(sql);
 * ```
 */
export function sessionSetupSql(dialect: Dialect): string[] {
  return dialect === "sqlite" ? [`pragma busy_timeout = ${LOCK_WAIT_SECONDS * 1000}`] : [];
}

/** A statement with its `?` parameters. */
export interface LockStatement {
  readonly sql: string;
  readonly params: readonly string[];
}

/** The SQL of a named migration lock on one database. */
export interface LockSql {
  /** The name as the database knows it (MySQL's are at most 64 characters). */
  readonly name: string;
  /**
   * Waits for the lock. Where the wait can end without it (`timesOut`), the one row it returns
   * has `got` = 1 when the lock was taken.
   */
  readonly acquire: LockStatement;
  readonly release: LockStatement;
  /** True when `acquire` gives up after {@link LOCK_WAIT_SECONDS} (MySQL/MariaDB). */
  readonly timesOut: boolean;
}

/**
 * The lock statements for a lock name; `undefined` on SQLite, which has no session lock.
 *
 * @example
 * ```ts
 * const lock = migrationLockSql("mysql", "wf_migrate:app:wf_migrate_version:default");
 * const [row] = await execute(lock.acquire.sql, lock.acquire.params, "all");
 * if (lock.timesOut && Number(row?.got) !== 1) throw ...;
 * ```
 */
export function migrationLockSql(dialect: Dialect, name: string): LockSql | undefined {
  switch (dialect) {
    case "postgresql": {
      // Advisory locks take a 64-bit key: the first 8 bytes of a hash of the lock name.
      const key = createHash("sha256").update(name).digest().readBigInt64BE(0).toString();
      return {
        name,
        acquire: { sql: `select pg_advisory_lock(${key})`, params: [] },
        release: { sql: `select pg_advisory_unlock(${key})`, params: [] },
        timesOut: false,
      };
    }
    case "mysql": {
      // Names longer than MySQL's 64 characters are shortened to a hash.
      const short = name.length > 64 ? `wf_migrate:${createHash("sha256").update(name).digest("hex").slice(0, 40)}` : name;
      return {
        name: short,
        acquire: { sql: `select get_lock(?, ${LOCK_WAIT_SECONDS}) as got`, params: [short] },
        release: { sql: "select release_lock(?)", params: [short] },
        timesOut: true,
      };
    }
    case "sqlite":
      return undefined;
  }
}
