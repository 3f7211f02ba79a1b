/**
 * The version table of a bind's database: one row per applied revision, with the
 * checksum of its file when it was applied (an edit afterwards shows as drift).
 * The DDL is one portable statement, the same on SQLite, PostgreSQL and MySQL/MariaDB.
 */
import { MigrateError } from "../errors.ts";

/** Runs SQL on the runtime's session; `?` placeholders. */
export type Execute = (sql: string, params?: readonly unknown[], method?: "all" | "run") => Promise<unknown>;

export interface AppliedRevision {
  readonly revision: string;
  readonly checksum: string;
  readonly appliedAt: string;
}

export class VersionTable {
  readonly name: string;
  readonly bind: string;
  readonly #execute: Execute;

  constructor(name: string, bind: string, execute: Execute) {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) {
      throw new MigrateError("WF_ERR_MIGRATE_BAD_ENV", `versionTable "${name}" in env.ts must be a plain table name (letters, digits, _)`);
    }
    this.name = name;
    this.bind = bind;
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

  insertSql(revision: string, checksum: string): { sql: string; params: unknown[] } {
    return {
      sql: `insert into ${this.name} (revision, bind, checksum, applied_at) values (?, ?, ?, ?)`,
      params: [revision, this.bind, checksum, new Date().toISOString()],
    };
  }

  deleteSql(revision: string): { sql: string; params: unknown[] } {
    return { sql: `delete from ${this.name} where bind = ? and revision = ?`, params: [this.bind, revision] };
  }

  async ensure(): Promise<void> {
    await this.#execute(this.createSql());
  }

  async applied(): Promise<Map<string, AppliedRevision>> {
    const rows = (await this.#execute(
      `select revision, checksum, applied_at from ${this.name} where bind = ? order by applied_at, revision`,
      [this.bind],
      "all",
    )) as { revision: string; checksum: string; applied_at: string }[];
    return new Map(rows.map((r) => [r.revision, { revision: r.revision, checksum: r.checksum, appliedAt: r.applied_at }]));
  }

  /** The applied set, or an empty one when the table does not exist yet (read-only commands). */
  async appliedIfExists(): Promise<Map<string, AppliedRevision>> {
    try {
      return await this.applied();
    } catch (error) {
      if (/no such table|does not exist|doesn't exist/i.test((error as Error).message)) return new Map();
      throw error;
    }
  }

  async insert(revision: string, checksum: string): Promise<void> {
    const { sql, params } = this.insertSql(revision, checksum);
    await this.#execute(sql, params);
  }

  async remove(revision: string): Promise<void> {
    const { sql, params } = this.deleteSql(revision);
    await this.#execute(sql, params);
  }

  async purge(): Promise<void> {
    await this.#execute(`delete from ${this.name} where bind = ?`, [this.bind]);
  }
}
