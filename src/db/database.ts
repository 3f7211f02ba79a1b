/**
 * `Database`: the binds of one app (one MikroORM instance each) and its executors, over a
 * set of models. Each app has its own over the models declared with `db.Model` (see
 * context-database.ts); scripts and tests may make their own with `new Database()`.
 */
import type { EntitySchema } from "@mikro-orm/core";
import { bindKey } from "../config/index.ts";
import { openOrm, type BindTarget, type OpenOptions, type Orm } from "./connection.ts";
import { DbError, DbErrorCode } from "./errors.ts";
import { AsyncExecutor, type BindHandle } from "./executor.ts";
import { MODEL, defineModel, modelName, type Columns, type ModelBase, type ModelClass, type ModelOptions } from "./model.ts";
import { ModelRegistry } from "./registry.ts";
import { parseDatabaseUri } from "./uri.ts";

/** One bind's URI and the config key it came from (named in errors). */
export interface BindConfig {
  uri: string;
  /** Default: `DATABASE_URI` for the `default` bind, `SQLALCHEMY_BINDS.<name>` for others. */
  key?: string;
}

/** Options of `db.configure(...)`. */
export interface DatabaseOptions {
  /** Absolute project root: relative SQLite paths resolve against it. */
  root: string;
  /** Binds by name; `default` is `DATABASE_URI`. A string is the URI. */
  binds: Record<string, string | BindConfig>;
  /** Log every SQL statement. */
  debug?: boolean;
  /** Where SQL logs go (default: the console). */
  logger?: (message: string) => void;
}

/** Options of `new Database(...)`. */
export interface DatabaseInit {
  /** Use the models of this database instead of a set of its own (each app's database uses db's). */
  readonly models?: Database;
}

/** What an executor works on: a model's bind, or a bind by name. */
export type ExecutorTarget = { model: ModelClass } | { bind: string };

interface OrmState {
  readonly promise: Promise<Orm>;
  orm?: Orm;
}

/**
 * Binds (one MikroORM instance each) and executors over a set of models.
 *
 * @example
 * ```ts
 * const database = new Database();
 * class Item extends database.Model("item", { id: p.integer().primary() }) {}
 * database.configure({ root, binds: { default: "sqlite:///app.db" } });
 * await database.connect();
 * await using e = database.asyncExecutor({ model: Item });
 * ```
 */
export class Database {
  readonly #registry: ModelRegistry;
  #binds: ReadonlyMap<string, BindTarget> | undefined;
  #open: OpenOptions = {};
  readonly #orms = new Map<string, OrmState>();
  readonly #handles = new Map<string, BindHandle>();

  constructor(init: DatabaseInit = {}) {
    this.#registry = init.models ? init.models.#registry : new ModelRegistry();
  }

  /**
   * Declares a model: returns the base class to extend. The columns are MikroORM property
   * builders (`p`); `options.bind` picks the database.
   *
   * @example
   * ```ts
   * export class MyModel extends db.Model("my_model", {
   *   id: p.integer().primary(),
   *   value: p.string(),
   *   createdAt: p.datetime().defaultRaw("current_timestamp"),
   * }) {
   *   constructor(value: string) { super(); this.value = value; }
   * }
   * ```
   */
  Model<C extends Columns>(table: string, columns: C, options: ModelOptions<C> = {}): ModelBase<C> {
    const base = defineModel(this.#registry, table, columns, options);
    this.#registry.define(base[MODEL]);
    return base;
  }

  /** Registers model classes declared elsewhere (discovery does this for `<package>/models.ts`). */
  register(...models: ModelClass[]): void {
    this.#registry.register(...models);
  }

  /**
   * Sets the binds. Every URI is parsed at once, so a bad one fails here.
   *
   * @throws DbError `WF_ERR_DB_ALREADY_OPEN` while binds are open; URI errors (`WF_ERR_DB_BAD_URI`, ...).
   */
  configure(options: DatabaseOptions): void {
    if (this.#orms.size > 0) {
      throw new DbError(DbErrorCode.ALREADY_OPEN, `db.configure() called while binds are open: await db.close() first`);
    }
    const binds = new Map<string, BindTarget>();
    for (const [name, value] of Object.entries(options.binds)) {
      const config = typeof value === "string" ? { uri: value } : value;
      const key = config.key ?? bindKey(name);
      binds.set(name, { name, key, target: parseDatabaseUri(config.uri, { key, root: options.root }) });
    }
    this.#binds = binds;
    this.#open = { debug: options.debug, logger: options.logger };
  }

  /** Names of the configured binds. */
  binds(): string[] {
    return [...this.#configured().keys()];
  }

  /** A configured bind: its config key and parsed URI (dialect, MikroORM options). */
  bindTarget(bind = "default"): BindTarget {
    const found = this.#configured().get(bind);
    if (!found) throw unknownBind(bind, this.binds());
    return found;
  }

  /** Opens every configured bind (at app start). On any failure, closes the others and throws. */
  async connect(): Promise<void> {
    const results = await Promise.allSettled(this.binds().map((bind) => this.orm(bind)));
    const failed = results.find((result) => result.status === "rejected");
    if (failed) {
      await this.close();
      throw failed.reason;
    }
  }

  /** The MikroORM instance of a bind, opened on first use (for CLI commands and tests). */
  orm(bind = "default"): Promise<Orm> {
    let state = this.#orms.get(bind);
    if (!state) {
      const promise = this.#openBind(bind);
      const opening: OrmState = { promise };
      state = opening;
      this.#orms.set(bind, opening);
      this.#registry.countOpen(bind, 1);
      promise.then(
        (orm) => void (opening.orm = orm),
        () => {
          if (this.#orms.get(bind) !== opening) return;
          this.#orms.delete(bind);
          this.#registry.countOpen(bind, -1);
        },
      );
    }
    return state.promise;
  }

  /**
   * A MikroORM instance of a bind that never connects: its platform and models only, for
   * writing SQL offline (`wf migrate upgrade --sql`). The caller closes it.
   */
  async offlineOrm(bind = "default"): Promise<Orm> {
    return openOrm(this.bindTarget(bind), this.#registry.schemas(bind), { ...this.#open, connect: false });
  }

  /** Closes every open bind. The configuration stays: binds reopen on next use. */
  async close(): Promise<void> {
    const states = [...this.#orms.values()];
    for (const bind of this.#orms.keys()) this.#registry.countOpen(bind, -1);
    this.#orms.clear();
    await Promise.all(states.map((state) => state.promise.then((orm) => orm.close(), () => undefined)));
  }

  /** Creates the missing tables (and columns) of a bind's models, or of every bind. Never drops. */
  async createAll(bind?: string): Promise<void> {
    for (const name of bind === undefined ? this.binds() : [bind]) {
      await (await this.orm(name)).schema.update({ safe: true, dropTables: false });
    }
  }

  /** Drops the tables of a bind's models, or of every bind. */
  async dropAll(bind?: string): Promise<void> {
    for (const name of bind === undefined ? this.binds() : [bind]) {
      await (await this.orm(name)).schema.drop();
    }
  }

  /** The MikroORM entity schemas of a bind's models (for Migrate). */
  models(bind = "default"): EntitySchema[] {
    return this.#registry.schemas(bind);
  }

  /** The bind a model lives on (registering the model if needed). */
  bindOf(model: ModelClass): string {
    return this.#bindOf(model, "db.bindOf");
  }

  /**
   * A unit of work on a model's bind (or a bind by name), for `await using`.
   *
   * @example
   * ```ts
   * await using e = db.asyncExecutor({ model: MyModel });
   * const first = (await e.exec(select(MyModel).limit(1))).first();
   * ```
   */
  asyncExecutor(target: ExecutorTarget): AsyncExecutor {
    if ("model" in target) return new AsyncExecutor(this.#handle(this.#bindOf(target.model, "db.asyncExecutor")), undefined, target.model);
    return new AsyncExecutor(this.#handle(this.bindTarget(target.bind).name));
  }

  #bindOf(model: ModelClass, where: string): string {
    const { bind } = this.#registry.registerModel(model, where);
    if (!this.#configured().has(bind)) throw unknownBind(bind, this.binds(), modelName(model));
    return bind;
  }

  async #openBind(bind: string): Promise<Orm> {
    const target = this.bindTarget(bind);
    return openOrm(target, this.#registry.schemas(bind), this.#open);
  }

  #handle(bind: string): BindHandle {
    let handle = this.#handles.get(bind);
    if (!handle) {
      const orms = this.#orms;
      handle = {
        name: bind,
        get opened() {
          return orms.get(bind)?.orm;
        },
        open: () => this.orm(bind),
        bindOf: (model, where) => this.#bindOf(model, where),
      };
      this.#handles.set(bind, handle);
    }
    return handle;
  }

  #configured(): ReadonlyMap<string, BindTarget> {
    if (!this.#binds) {
      throw new DbError(
        DbErrorCode.NOT_CONFIGURED,
        `the database is not configured: set EXT_SQLALCHEMY = 1 and DATABASE_URI in app_configs/<app>.ini (or call db.configure(...))`,
      );
    }
    return this.#binds;
  }
}

function unknownBind(bind: string, known: string[], user?: string): DbError {
  const what = user ? `${user} uses bind "${bind}", which is` : `bind "${bind}" is`;
  const fix = bind === "default" ? "set DATABASE_URI" : `add "${bind}" to SQLALCHEMY_BINDS (or the [binds] section of the ini)`;
  const list = known.length > 0 ? known.map((name) => `"${name}"`).join(", ") : "none";
  return new DbError(DbErrorCode.UNKNOWN_BIND, `${what} not configured (configured: ${list}): ${fix}`);
}
