/**
 * `db.asyncExecutor(...)`: a unit of work over a forked MikroORM EntityManager, disposed
 * with `await using`. Nothing is written until `flush()` (or `insert(x, { flush: true })`,
 * or the end of `transaction(...)`); leaving the scope discards what was not flushed.
 */
import { FlushMode, type FilterQuery, type FindOptions, type Primary } from "@mikro-orm/core";
import type { Kysely, SqlEntityManager } from "@mikro-orm/sql";
import type { Orm } from "./connection.ts";
import { DbError, DbErrorCode } from "./errors.ts";
import { modelName, type ModelClass } from "./model.ts";
import { combinedWhere, Count, type Select, type SelectState } from "./query.ts";
import { Result, type QueryLabel } from "./result.ts";
import { assertSafeFilter } from "./safe-values.ts";

/** Tables as `e.kysely` sees them: untyped rows (declare your own with `e.em.getKysely<DB>()`). */
export type KyselyTables = Record<string, Record<string, unknown>>;

/** Options of `insert` and `delete`. */
export interface WriteOptions {
  /** Flush at once (default `false`: the write waits for `flush()`). */
  flush?: boolean;
}

/** @internal What an executor needs from its `Database`. */
export interface BindHandle {
  readonly name: string;
  /** The bind's ORM if it is already open. */
  readonly opened: Orm | undefined;
  /** Opens the bind's ORM if needed. */
  open(): Promise<Orm>;
  /** Registers a model if needed and returns the name of its bind; `where` names the call in errors. */
  bindOf(model: ModelClass, where: string): string;
}

/**
 * A unit of work on one bind. Get one from `db.asyncExecutor({ model })` or `({ bind })`.
 *
 * @example
 * ```ts
 * await using e = db.asyncExecutor({ model: MyModel });
 * const model = await e.insert(new MyModel("hello"), { flush: true });
 * model.id; model.createdAt; // filled in by the database
 * ```
 */
export class AsyncExecutor implements AsyncDisposable {
  readonly #bind: BindHandle;
  #em: SqlEntityManager | undefined;
  #closed = false;
  /** The model last found to be on this bind: checked once, not on every call (a model's bind never changes). */
  #onBind: ModelClass | undefined;

  /**
   * @internal Use `db.asyncExecutor(...)`.
   * @param model - A model already known to be on this bind (the one the executor was asked for).
   */
  constructor(bind: BindHandle, em?: SqlEntityManager, model?: ModelClass) {
    this.#bind = bind;
    this.#em = em ?? bind.opened?.em.fork({ flushMode: FlushMode.COMMIT });
    this.#onBind = model;
  }

  /** The bind this executor works on. */
  get bind(): string {
    return this.#bind.name;
  }

  /** Escape hatch: the MikroORM EntityManager of this unit of work. */
  get em(): SqlEntityManager {
    this.#checkOpen();
    if (!this.#em) {
      throw new DbError(
        DbErrorCode.NOT_OPEN,
        `e.em read before bind "${this.bind}" was opened: await db.connect() at start (wf run does), or await another executor method first`,
      );
    }
    return this.#em;
  }

  /** Escape hatch: a Kysely query builder on this unit of work's connection (and transaction). */
  get kysely(): Kysely<KyselyTables> {
    return this.em.getKysely<KyselyTables>();
  }

  /** Runs a query: `select(Model)...` gives its rows, `select(Model).count()` the number. */
  async exec<T extends object>(query: Select<T>): Promise<Result<T>>;
  async exec<T extends object>(query: Count<T>): Promise<Result<number>>;
  async exec<T extends object>(query: Select<T> | Count<T>): Promise<Result<T> | Result<number>> {
    const em = await this.#manager(query.model, query);
    if (query instanceof Count) {
      return new Result([await em.count(query.model, combinedWhere(query.where))], query);
    }
    const rows = await em.find(query.model, combinedWhere(query.state.where), findOptions(query.state));
    return new Result<T>(rows, query);
  }

  /** The row of `model` with primary key `id`, or `null`. */
  async get<T extends object>(model: ModelClass<T>, id: Primary<T>): Promise<T | null> {
    assertSafeFilter(id, () => `e.get(${modelName(model)})`);
    const em = await this.#manager(model, "e.get()");
    return em.findOne(model, id as FilterQuery<T>);
  }

  /**
   * Adds a new row. With `{ flush: true }` it is written at once and returned with the
   * values the database generated (ids, server defaults such as `createdAt`).
   */
  async insert<T extends object>(entity: T, options: WriteOptions = {}): Promise<T> {
    const em = await this.#manager(entity.constructor as ModelClass<T>, "e.insert()");
    em.persist(entity);
    if (options.flush) await em.flush();
    return entity;
  }

  /** Deletes a row (at the next flush, or at once with `{ flush: true }`). */
  async delete<T extends object>(entity: T, options: WriteOptions = {}): Promise<void> {
    const em = await this.#manager(entity.constructor as ModelClass<T>, "e.delete()");
    em.remove(entity);
    if (options.flush) await em.flush();
  }

  /** Writes every pending change. */
  async flush(): Promise<void> {
    await (await this.#manager()).flush();
  }

  /**
   * Runs `work` in a database transaction: committed (with a flush) when it resolves,
   * rolled back when it throws. `work` gets an executor bound to the transaction; nested
   * calls use savepoints. Changes pending in this executor are flushed first (as
   * SQLAlchemy's `begin_nested` does), so a rollback undoes only the work done inside.
   */
  async transaction<R>(work: (e: AsyncExecutor) => Promise<R>): Promise<R> {
    const em = await this.#manager();
    // Otherwise the transaction's flush would carry them, and its rollback lose them.
    await em.flush();
    return em.transactional(async (tx) => {
      const inner = new AsyncExecutor(this.#bind, tx, this.#onBind);
      try {
        return await work(inner);
      } finally {
        inner.#closed = true;
      }
    });
  }

  /** Ends the unit of work: changes not flushed are discarded. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#em?.clear();
  }

  /** The unit of work's EntityManager; `where` names the call in errors (a query is turned into text only then). */
  async #manager(model?: ModelClass, where: QueryLabel = ""): Promise<SqlEntityManager> {
    this.#checkOpen();
    if (model && model !== this.#onBind) this.#checkBind(model, String(where));
    if (!this.#em) {
      const orm = await this.#bind.open();
      this.#checkOpen();
      this.#em ??= orm.em.fork({ flushMode: FlushMode.COMMIT });
    }
    return this.#em;
  }

  #checkBind(model: ModelClass, where: string): void {
    const bind = this.#bind.bindOf(model, where);
    if (bind !== this.bind) {
      throw new DbError(
        DbErrorCode.WRONG_BIND,
        `${modelName(model)} belongs to bind "${bind}" but this executor is on bind "${this.bind}": use db.asyncExecutor({ model: ${modelName(model)} }) for it`,
      );
    }
    this.#onBind = model;
  }

  #checkOpen(): void {
    if (this.#closed) {
      throw new DbError(
        DbErrorCode.EXECUTOR_CLOSED,
        `executor of bind "${this.bind}" used after its scope ended: keep the calls inside the await using block, or open a new db.asyncExecutor(...)`,
      );
    }
  }
}

/** `em.find` options of a select: only the parts it sets, as MikroORM does more work for each one given. */
function findOptions<T extends object>(state: SelectState<T>): FindOptions<T> {
  const options: FindOptions<T> = {};
  if (state.orderBy.length > 0) options.orderBy = [...state.orderBy];
  if (state.limit !== undefined) options.limit = state.limit;
  if (state.offset !== undefined) options.offset = state.offset;
  if (state.populate.length > 0) options.populate = [...state.populate] as never;
  return options;
}
