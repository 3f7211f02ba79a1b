/**
 * `select(Model).where(...).orderBy(...).limit(n).offset(n)`: a query as immutable data,
 * run by an executor through MikroORM's `em.find` (so every value is a bound parameter).
 */
import type { AutoPath, FilterQuery, PopulatePath, QueryOrderMap } from "@mikro-orm/core";
import { modelName, type ModelClass } from "./model.ts";
import { assertSafeFilter } from "./safe-values.ts";

/** The parts of a select, as an executor reads them. */
export interface SelectState<T extends object> {
  readonly where: readonly FilterQuery<T>[];
  readonly orderBy: readonly QueryOrderMap<T>[];
  readonly limit?: number;
  readonly offset?: number;
  readonly populate: readonly string[];
}

/**
 * A query for rows of one model. Every method returns a new `Select`; nothing runs until
 * `executor.exec(query)`.
 *
 * @example
 * ```ts
 * const recent = select(MyModel).where({ value: { $like: "a%" } }).orderBy({ id: "desc" }).limit(10);
 * const rows = (await e.exec(recent)).all();
 * ```
 */
export class Select<T extends object> {
  readonly kind = "select";
  /** The model queried. */
  readonly model: ModelClass<T>;
  /** @internal */
  readonly state: SelectState<T>;

  constructor(model: ModelClass<T>, state: SelectState<T> = { where: [], orderBy: [], populate: [] }) {
    this.model = model;
    this.state = state;
  }

  /**
   * Adds a condition (MikroORM filter syntax); several calls are joined with AND.
   *
   * @throws DbError `WF_ERR_DB_BAD_VALUE` for values that cannot be bound safely (NaN, Infinity, functions, ...).
   */
  where(condition: FilterQuery<T>): Select<T> {
    assertSafeFilter(condition, () => `${String(this)}.where()`);
    return this.#with({ where: [...this.state.where, condition] });
  }

  /** Adds an ordering, e.g. `{ createdAt: "desc" }`; later calls break ties of earlier ones. */
  orderBy(order: QueryOrderMap<T>): Select<T> {
    return this.#with({ orderBy: [...this.state.orderBy, order] });
  }

  /** Returns at most `count` rows. */
  limit(count: number): Select<T> {
    return this.#with({ limit: checkCount("limit", count) });
  }

  /** Skips the first `count` rows. */
  offset(count: number): Select<T> {
    return this.#with({ offset: checkCount("offset", count) });
  }

  /** Loads relations along with the rows, e.g. `populate("author", "tags")`. */
  populate<P extends string>(...paths: AutoPath<T, P, `${PopulatePath}`>[]): Select<T> {
    return this.#with({ populate: [...this.state.populate, ...(paths as string[])] });
  }

  /** Turns this query into a count of its rows (`scalar()` of the result is the number). */
  count(): Count<T> {
    return new Count(this.model, this.state.where);
  }

  /** A short description for messages, e.g. `select(MyModel)`. */
  toString(): string {
    return `select(${modelName(this.model)})`;
  }

  #with(change: Partial<SelectState<T>>): Select<T> {
    return new Select(this.model, { ...this.state, ...change });
  }
}

/** The number of rows a `Select` would return (`select(M).where(...).count()`). */
export class Count<T extends object> {
  readonly kind = "count";
  readonly model: ModelClass<T>;
  /** @internal */
  readonly where: readonly FilterQuery<T>[];

  constructor(model: ModelClass<T>, where: readonly FilterQuery<T>[]) {
    this.model = model;
    this.where = where;
  }

  toString(): string {
    return `select(${modelName(this.model)}).count()`;
  }
}

/**
 * Starts a query for rows of `model`.
 *
 * @example
 * ```ts
 * const row = (await e.exec(select(MyModel).where({ id: 1 }))).first();
 * ```
 */
export function select<T extends object>(model: ModelClass<T>): Select<T> {
  return new Select(model);
}

/** The filter of a query: its conditions joined with AND. */
export function combinedWhere<T extends object>(conditions: readonly FilterQuery<T>[]): FilterQuery<T> {
  if (conditions.length === 0) return {} as FilterQuery<T>;
  if (conditions.length === 1) return conditions[0]!;
  return { $and: [...conditions] } as FilterQuery<T>;
}

function checkCount(what: string, count: number): number {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`${what}() takes a whole number >= 0, got ${String(count)}`);
  }
  return count;
}
