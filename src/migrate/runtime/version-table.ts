/**
 * The version table of a bind's database: one row per applied revision, with the
 * checksum of its file when it was applied (an edit afterwards shows as drift).
 * The DDL is one portable statement, the same on SQLite, PostgreSQL and MySQL/MariaDB.
 */
import { tableExistsSql } from "../dialect/index.ts";
import { MigrateError } from "../errors.ts";
import type { Dialect } from "../vocabulary/index.ts";

/** Runs SQL on the runtime's session; `?` placeholders. */
export type Execute = (sql: string, params?: readonly unknown[], method?: "all" | "run") => Promise<unknown>;

/** Which way a revision is run. */
export type Direction = "upgrade" | "downgrade";

export interface AppliedRevision {
  readonly revision: string;
  readonly checksum: string;
  readonly appliedAt: string;
}

/** A statement with its `?` parameters. */
export interface VersionStatement {
  readonly sql: string;
  readonly params: readonly string[];
}

export class VersionTable {
  readonly name: string;
  readonly bind: string;
  readonly dialect: Dialect;
  readonly #execute: Execute;

  /** @param execute - runs SQL on the bind's session; offline (`--sql`) one that never runs is fine. */
  constructor(name: string, bind: string, dialect: Dialect, execute: Execute) {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) {
      throw new MigrateError("WF_ERR_MIGRATE_BAD_ENV", `versionTable "${name}" in env.ts must be a plain table name (letters, digits, _)`);
    }
    this.name = name;
    this.bind = bind;
    this.dialect = dialect;
    this.#execute = execute;
  }

  /** The create statement (also printed by `--sql`). */
  createSql(): string {
    return (
      `create table if not exists ${this.name} (` +
      `revision varchar(64) not null, bind varchar(64) not null, checksum varchar(64) not null, ` +
      `applied_at varchar(32) not null, primary key (bind, revision))`
    );
  }

  /** The row a revision's run writes: inserted by an upgrade, deleted by a downgrade. */
  recordSql(direction: Direction, revision: { readonly id: string; readonly checksum: string }): VersionStatement {
    return direction === "upgrade"
      ? {
          sql: `insert into ${this.name} (revision, bind, checksum, applied_at) values (?, ?, ?, ?)`,
          params: [revision.id, this.bind, revision.checksum, new Date().toISOString()],
        }
      : { sql: `delete from ${this.name} where bind = ? and revision = ?`, params: [this.bind, revision.id] };
  }

  async ensure(): Promise<void> {
    await this.#execute(this.createSql());
  }

  /** Whether the table exists (asked of the database's catalog). */
  async exists(): Promise<boolean> {
    const rows = (await this.#execute(tableExistsSql(this.dialect), [this.name], "all")) as unknown[];
    return rows.length > 0;
  }

  /**
   * The bind's applied revisions. A table of that name that is not a version table (another
   * tool's) is `WF_ERR_MIGRATE_BAD_ENV`: its rows are never taken for revisions.
   */
  async applied(): Promise<Map<string, AppliedRevision>> {
    let rows: { revision: string; checksum: string; applied_at: string }[];
    try {
      rows = (await this.#execute(
        `select revision, checksum, applied_at from ${this.name} where bind = ? order by applied_at, revision`,
        [this.bind],
        "all",
      )) as typeof rows;
    } catch (error) {
      if (!(await this.exists().catch(() => false))) throw error;
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      throw new MigrateError(
        "WF_ERR_MIGRATE_BAD_ENV",
        `table ${this.name} in the database of bind "${this.bind}" is not a WebFluid version table (${reason}); set versionTable in env.ts to a name no other table has`,
        { cause: error },
      );
    }
    return new Map(rows.map((r) => [r.revision, { revision: r.revision, checksum: r.checksum, appliedAt: r.applied_at }]));
  }

  /** The applied set, or an empty one when the table does not exist yet (read-only commands). */
  async appliedIfExists(): Promise<Map<string, AppliedRevision>> {
    return (await this.exists()) ? this.applied() : new Map();
  }

  /** Writes the row of a revision run (see {@link recordSql}). */
  async record(direction: Direction, revision: { readonly id: string; readonly checksum: string }): Promise<void> {
    const { sql, params } = this.recordSql(direction, revision);
    await this.#execute(sql, params);
  }

  async purge(): Promise<void> {
    await this.#execute(`delete from ${this.name} where bind = ?`, [this.bind]);
  }
}
