import { DbError, DbErrorCode } from "./errors.ts";

/** What a query was, for messages: text, or an object (a query) turned into text only when a message needs it. */
export type QueryLabel = { toString(): string };

/**
 * The rows an executor returned for a query, read as SQLAlchemy's `Result` is.
 *
 * @example
 * ```ts
 * const result = await e.exec(select(MyModel).where({ value: "a" }));
 * result.first(); // MyModel | null
 * result.all();   // MyModel[]
 * ```
 */
export class Result<T> implements Iterable<T> {
  readonly #rows: readonly T[];
  readonly #query: QueryLabel;

  /** @param query - What was run, for messages (e.g. `select(MyModel)`); an object is turned into text only for a message. */
  constructor(rows: readonly T[], query: QueryLabel) {
    this.#rows = rows;
    this.#query = query;
  }

  /** The number of rows. */
  get length(): number {
    return this.#rows.length;
  }

  /** The first row, or `null` when there is none. */
  first(): T | null {
    return this.#rows[0] ?? null;
  }

  /**
   * The only row.
   *
   * @throws DbError `WF_ERR_DB_NO_RESULT` when there is no row, `WF_ERR_DB_MULTIPLE_RESULTS` when there are several.
   */
  one(): T {
    if (this.#rows.length === 1) return this.#rows[0]!;
    if (this.#rows.length === 0) {
      throw new DbError(DbErrorCode.NO_RESULT, `${String(this.#query)} found no row where one() expected exactly one: use first() when none is fine`);
    }
    throw new DbError(
      DbErrorCode.MULTIPLE_RESULTS,
      `${String(this.#query)} found ${this.#rows.length} rows where one() expected exactly one: narrow the where() or use first()`,
    );
  }

  /** Every row, in order. */
  all(): T[] {
    return [...this.#rows];
  }

  /**
   * The first column of the first row, or `null`: the entity for `select(Model)`, the number
   * for `select(Model).count()`.
   */
  scalar(): T | null {
    return this.first();
  }

  [Symbol.iterator](): Iterator<T> {
    return this.#rows[Symbol.iterator]();
  }
}
