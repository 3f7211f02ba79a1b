/**
 * How each database makes a second migrator wait for the first, in SQL: PostgreSQL takes an
 * advisory lock, MySQL/MariaDB a named lock, both on the session's connection, each tried
 * without waiting so that the runtime decides how long to wait (env.ts's `lockTimeout`).
 * SQLite has no such lock; its writers queue at `begin immediate` (see transactions.ts), for
 * as long as the connection's busy timeout allows.
 */
import { createHash } from "node:crypto";
import type { Dialect } from "../vocabulary/index.ts";

/**
 * Statements to run once when a session's connection opens: on SQLite, wait up to
 * `lockTimeoutSeconds` for another writer instead of failing at once.
 *
 * @example
 * ```ts
 * for (const sql of sessionSetupSql(dialect, 600)) await execute(sql);
 * ```
 */
export function sessionSetupSql(dialect: Dialect, lockTimeoutSeconds: number): string[] {
  return dialect === "sqlite" ? [`pragma busy_timeout = ${Math.round(lockTimeoutSeconds * 1000)}`] : [];
}

/**
 * True when `error` is SQLite giving up on another connection's write lock after the busy
 * timeout `sessionSetupSql` set (the error may come wrapped by the driver or MikroORM).
 */
export function isWriteLockTimeout(dialect: Dialect, error: unknown): boolean {
  if (dialect !== "sqlite") return false;
  for (let e = error; e instanceof Error; e = e.cause) {
    if ((e as { code?: unknown }).code === "SQLITE_BUSY") return true;
  }
  return false;
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
  /** Takes the lock if it is free, without waiting: the one row it returns has `got` = 1 when it did. */
  readonly tryAcquire: LockStatement;
  readonly release: LockStatement;
}

/**
 * The lock statements for a lock name; `undefined` on SQLite, which has no session lock.
 *
 * @example
 * ```ts
 * const lock = migrationLockSql("mysql", "wf_migrate:app:wf_migrate_version:default");
 * const [row] = await execute(lock.tryAcquire.sql, lock.tryAcquire.params, "all");
 * if (Number(row?.got) !== 1) ...wait and try again...;
 * ```
 */
export function migrationLockSql(dialect: Dialect, name: string): LockSql | undefined {
  switch (dialect) {
    case "postgresql": {
      // Advisory locks take a 64-bit key: the first 8 bytes of a hash of the lock name.
      const key = createHash("sha256").update(name).digest().readBigInt64BE(0).toString();
      return {
        name,
        tryAcquire: { sql: `select pg_try_advisory_lock(${key}) as got`, params: [] },
        release: { sql: `select pg_advisory_unlock(${key})`, params: [] },
      };
    }
    case "mysql": {
      // Names longer than MySQL's 64 characters are shortened to a hash.
      const short = name.length > 64 ? `wf_migrate:${createHash("sha256").update(name).digest("hex").slice(0, 40)}` : name;
      return {
        name: short,
        tryAcquire: { sql: "select get_lock(?, 0) as got", params: [short] },
        release: { sql: "select release_lock(?)", params: [short] },
      };
    }
    case "sqlite":
      return undefined;
  }
}
