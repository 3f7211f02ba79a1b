/**
 * The progress table (`<versionTable>_progress`): where a revision that runs without a
 * transaction (MySQL/MariaDB DDL, or `transactionMode: "none"`) is recorded as started
 * before its first operation, and each of its operations as it starts and completes. The
 * version row is written only at the end, so after a crash (kill -9, a lost connection) the
 * progress row is what tells which revision was interrupted and which of its operations are
 * known to have run. A revision that ends, or whose failure was fully undone, leaves no row.
 *
 * One row per bind: the migration lock lets one process run one revision on a bind at a time.
 */
import { tableExistsSql } from "../dialect/index.ts";
import type { Dialect } from "../vocabulary/index.ts";
import type { AppliedRevision, Direction, Execute } from "./version-table.ts";

/** A revision recorded as started and not recorded as ended. */
export interface Interruption {
  readonly bind: string;
  readonly revision: string;
  readonly direction: Direction;
  /** The checksum of the file when it started. */
  readonly checksum: string;
  readonly startedAt: string;
  /** Operations that completed (described), in order: known to have taken effect. */
  readonly completed: readonly string[];
  /** The operation that had started and was not recorded as completed: it may or may not have taken effect. */
  readonly running: string | undefined;
  /** What else is known (a failure, an undo that stopped partway). */
  readonly note: string | undefined;
}

interface Row {
  revision: string;
  direction: string;
  checksum: string;
  started_at: string;
  completed: string;
  running: string | null;
  note: string | null;
}

/** The progress table's name: the version table's, with `_progress`. */
export function progressTableName(versionTable: string): string {
  return `${versionTable}_progress`;
}

export class ProgressTable {
  readonly name: string;
  readonly bind: string;
  readonly dialect: Dialect;
  readonly #execute: Execute;
  #completed: string[] = [];
  #created = false;

  /** @param versionTable - the version table's name (already checked to be a plain name). */
  constructor(versionTable: string, bind: string, dialect: Dialect, execute: Execute) {
    this.name = progressTableName(versionTable);
    this.bind = bind;
    this.dialect = dialect;
    this.#execute = execute;
  }

  /** The create statement: portable, as the version table's. */
  createSql(): string {
    return (
      `create table if not exists ${this.name} (` +
      `bind varchar(64) not null, revision varchar(64) not null, direction varchar(16) not null, checksum varchar(64) not null, ` +
      `started_at varchar(32) not null, completed text not null, running text null, note text null, primary key (bind))`
    );
  }

  async exists(): Promise<boolean> {
    const rows = (await this.#execute(tableExistsSql(this.dialect), [this.name], "all")) as unknown[];
    return rows.length > 0;
  }

  /** Records that `revision` starts, before its first operation (a leftover row of the bind is replaced). */
  async begin(revision: { readonly id: string; readonly checksum: string }, direction: Direction): Promise<void> {
    if (!this.#created) await this.#execute(this.createSql());
    this.#created = true;
    this.#completed = [];
    await this.#execute(`delete from ${this.name} where bind = ?`, [this.bind]);
    await this.#execute(
      `insert into ${this.name} (bind, revision, direction, checksum, started_at, completed, running, note) values (?, ?, ?, ?, ?, ?, null, null)`,
      [this.bind, revision.id, direction, revision.checksum, new Date().toISOString(), "[]"],
    );
  }

  /** Before an operation runs. */
  async starting(operation: string): Promise<void> {
    await this.#execute(`update ${this.name} set running = ? where bind = ?`, [operation, this.bind]);
  }

  /** After an operation completed. */
  async completed(operation: string): Promise<void> {
    this.#completed.push(operation);
    await this.#execute(`update ${this.name} set completed = ?, running = null where bind = ?`, [JSON.stringify(this.#completed), this.bind]);
  }

  /** Adds what else is known to the row (kept with it until it is resolved). */
  async note(note: string, options: { readonly forgetCompleted?: boolean } = {}): Promise<void> {
    if (options.forgetCompleted) this.#completed = [];
    await this.#execute(`update ${this.name} set note = ?, completed = ? where bind = ?`, [note, JSON.stringify(this.#completed), this.bind]);
  }

  /** The revision ended (its version row is written), or nothing of it is left: no row. */
  async end(): Promise<void> {
    await this.#execute(`delete from ${this.name} where bind = ?`, [this.bind]);
  }

  /**
   * The bind's interrupted revision, if any. A row whose revision the version table shows as
   * done (the process stopped between writing the version row and removing this one) is no
   * interruption: the version row is written last, so it is the authority.
   */
  async interrupted(applied: ReadonlyMap<string, AppliedRevision>): Promise<Interruption | undefined> {
    if (!(await this.exists())) return undefined;
    const rows = (await this.#execute(
      `select revision, direction, checksum, started_at, completed, running, note from ${this.name} where bind = ?`,
      [this.bind],
      "all",
    )) as Row[];
    const row = rows[0];
    if (!row) return undefined;
    const direction: Direction = row.direction === "downgrade" ? "downgrade" : "upgrade";
    if ((direction === "upgrade") === applied.has(row.revision)) return undefined;
    return {
      bind: this.bind,
      revision: row.revision,
      direction,
      checksum: row.checksum,
      startedAt: row.started_at,
      completed: parseList(row.completed),
      running: row.running ?? undefined,
      note: row.note ?? undefined,
    };
  }
}

function parseList(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}
