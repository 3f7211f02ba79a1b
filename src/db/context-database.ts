/**
 * `db`: the models every app shares, and the database of the app that runs the code.
 *
 * Models are declared once per process (`db.Model(...)` at import). Binds, open MikroORM
 * instances and executors belong to each app: every app has a `Database` of its own over
 * db's models, and `db.configure`, `db.asyncExecutor`, ... act on the current app's: the
 * app whose request, lifecycle hook, job or command is running. Outside any app they act on
 * the only app that has a database, or, when none has, on a database of the process's own
 * (scripts configure it with `db.configure`).
 */
import type { EntitySchema } from "@mikro-orm/core";
import { AppLocal } from "../app/current-app.ts";
import type { Fluid } from "../app/fluid.ts";
import type { BindTarget, Orm } from "./connection.ts";
import { Database, type DatabaseOptions, type ExecutorTarget } from "./database.ts";
import type { AsyncExecutor } from "./executor.ts";
import type { ModelClass } from "./model.ts";

const databases = new AppLocal<Database>("db", () => new Database({ models: db }));

/**
 * The type of `db`: a {@link Database} whose models every app shares, and whose binds and
 * executors are the current app's.
 */
export class ContextDatabase extends Database {
  /** Used outside any app while no app has a database: scripts, REPLs, tests without an app. */
  readonly #own = new Database({ models: this });

  /**
   * The database of `app`: what `db` is inside the app's requests, hooks and jobs.
   *
   * @example
   * ```ts
   * await db.of(app).createAll();
   * ```
   */
  of(app: Fluid): Database {
    return databases.of(app);
  }

  /** The database the calls go to: the current app's, else the process's own. */
  #current(): Database {
    return databases.current() ?? this.#own;
  }

  override configure(options: DatabaseOptions): void {
    this.#current().configure(options);
  }

  override binds(): string[] {
    return this.#current().binds();
  }

  override bindTarget(bind?: string): BindTarget {
    return this.#current().bindTarget(bind);
  }

  override connect(): Promise<void> {
    return this.#current().connect();
  }

  override orm(bind?: string): Promise<Orm> {
    return this.#current().orm(bind);
  }

  override offlineOrm(bind?: string): Promise<Orm> {
    return this.#current().offlineOrm(bind);
  }

  override close(): Promise<void> {
    return this.#current().close();
  }

  override createAll(bind?: string): Promise<void> {
    return this.#current().createAll(bind);
  }

  override dropAll(bind?: string): Promise<void> {
    return this.#current().dropAll(bind);
  }

  override models(bind?: string): EntitySchema[] {
    return this.#current().models(bind);
  }

  override bindOf(model: ModelClass): string {
    return this.#current().bindOf(model);
  }

  override asyncExecutor(target: ExecutorTarget): AsyncExecutor {
    return this.#current().asyncExecutor(target);
  }
}

/**
 * The models of every app, and the database of the app running the code.
 *
 * @example
 * ```ts
 * export class MyModel extends db.Model("my_model", { id: p.integer().primary(), value: p.string() }) {}
 * // in a request handler, a hook or a job: the serving app's database
 * await using e = db.asyncExecutor({ model: MyModel });
 * ```
 */
export const db = new ContextDatabase();
