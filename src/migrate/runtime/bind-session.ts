/**
 * A bind's session for one command: one connection held from start to end (so the lock,
 * the transactions and the statements share it), the version table, the lock.
 */
import type { Transaction } from "@mikro-orm/core";
import type { Orm } from "../../db/index.ts";
import { dialectContext, isWriteLockTimeout, sessionSetupSql } from "../dialect/index.ts";
import type { Dialect } from "../vocabulary/index.ts";
import { lockedError, migrationLock } from "./locks.ts";
import { ProgressTable } from "./progress-table.ts";
import type { RuntimeSettings } from "./settings.ts";
import { VersionTable, type Execute } from "./version-table.ts";

export interface BindSession {
  readonly bind: string;
  readonly orm: Orm;
  readonly dialect: Dialect;
  readonly env: RuntimeSettings;
  /** The pinned connection, passed where MikroORM takes a transaction context (none on SQLite). */
  readonly connection: Transaction | undefined;
  readonly execute: Execute;
  readonly versions: VersionTable;
  /** Where revisions that run without a transaction record their progress (see progress-table.ts). */
  readonly progress: ProgressTable;
}

export interface SessionOptions {
  /** Take the migration lock for the whole command (writers: upgrade, downgrade, stamp). */
  readonly lock: boolean;
}

/** Runs `fn` with a session on the bind's database; the lock (if asked) is held throughout. */
export async function withBindSession<T>(
  bind: string,
  orm: Orm,
  env: RuntimeSettings,
  options: SessionOptions,
  fn: (session: BindSession) => Promise<T>,
): Promise<T> {
  const dialect = dialectContext(orm).dialect;
  const connection = orm.em.getConnection();
  const run = async (pinned: Transaction | undefined): Promise<T> => {
    const execute: Execute = (sql, params = [], method = "run") => connection.execute(sql, [...params], method, pinned);
    for (const sql of sessionSetupSql(dialect, env.lockTimeout)) await execute(sql);
    const versions = new VersionTable(env.versionTable, bind, dialect, execute);
    const progress = new ProgressTable(env.versionTable, bind, dialect, execute);
    const session: BindSession = { bind, orm, dialect, env, connection: pinned, execute, versions, progress };
    if (!options.lock) return fn(session);
    // One lock per bind history: MySQL lock names are server-wide, and two binds may even
    // share a database (their rows in the version table differ by bind).
    const name = `wf_migrate:${String(orm.config.get("dbName"))}:${env.versionTable}:${bind}`;
    const lock = migrationLock(dialect, execute, name, env.lockTimeout);
    await lock.acquire();
    try {
      await versions.ensure();
      return await fn(session);
    } finally {
      await lock.release();
    }
  };
  // SQLite has one connection already; pinning it would deadlock MikroORM's introspection,
  // some of whose queries (table triggers) ignore the transaction context.
  if (dialect === "sqlite") {
    return run(undefined).catch((error: unknown) => {
      throw isWriteLockTimeout(dialect, error) ? lockedError("the SQLite database's write lock", env.lockTimeout) : error;
    });
  }
  return connection.getClient().connection().execute((pinned) => run(pinned));
}

/** Sessions on several binds at once, opened in the given order (the same in every process). */
export async function withBindSessions<T>(
  binds: readonly { readonly bind: string; readonly orm: Orm }[],
  env: RuntimeSettings,
  options: SessionOptions,
  fn: (sessions: ReadonlyMap<string, BindSession>) => Promise<T>,
): Promise<T> {
  const open = async (index: number, sessions: Map<string, BindSession>): Promise<T> => {
    if (index === binds.length) return fn(sessions);
    const { bind, orm } = binds[index]!;
    return withBindSession(bind, orm, env, options, (session) => open(index + 1, new Map(sessions).set(bind, session)));
  };
  return open(0, new Map());
}
