/**
 * Opening one MikroORM instance for one bind: the driver is imported only for the dialects
 * in use, and a failed connection becomes one `WF_ERR_DB_UNREACHABLE` line.
 */
import { MetadataError, MikroORM, type Configuration, type EntitySchema, type Options } from "@mikro-orm/core";
import type { AbstractSqlDriver, SqlEntityManager } from "@mikro-orm/sql";
import { loadDriver } from "./drivers.ts";
import { DbError, DbErrorCode } from "./errors.ts";
import type { DatabaseTarget } from "./uri.ts";

/** The MikroORM instance of one bind. */
export type Orm = MikroORM<AbstractSqlDriver, SqlEntityManager<AbstractSqlDriver>>;


/** A configured bind: its name, the key its URI came from, and the parsed URI. */
export interface BindTarget {
  readonly name: string;
  readonly key: string;
  readonly target: DatabaseTarget;
}

/** How ORMs are opened: query logging. */
export interface OpenOptions {
  /** Log every SQL statement. */
  debug?: boolean;
  /** Where log lines go (default: the console). */
  logger?: (message: string) => void;
  /** false: discovery only, never connect (SQL for a database that is not reachable here). */
  connect?: boolean;
}

/** The part of Kysely's `DatabaseConnection` used here (the MySQL dialect reads only `sql` and `parameters`). */
interface SessionConnection {
  executeQuery(query: { sql: string; parameters: readonly unknown[] }): Promise<unknown>;
}

/** Per-dialect settings WebFluid adds on top of the URI's. */
function dialectOptions(target: DatabaseTarget): Partial<Options<AbstractSqlDriver>> {
  if (target.dialect !== "mysql" || target.options.timezone) return {};
  // MikroORM writes dates as UTC; make server defaults such as current_timestamp UTC too.
  return {
    onCreateConnection: async (connection: unknown) => {
      await (connection as SessionConnection).executeQuery({ sql: "set time_zone = '+00:00'", parameters: [] });
    },
  };
}

/**
 * Initialises MikroORM for a bind with its entity schemas and checks the connection.
 *
 * @throws DbError `WF_ERR_DB_UNREACHABLE` naming the bind, driver, location and the driver's message.
 */
export async function openOrm(bind: BindTarget, entities: EntitySchema[], options: OpenOptions): Promise<Orm> {
  const { target } = bind;
  const orm = await initOrm(bind, {
    driver: await loadDriver(target.dialect),
    ...target.options,
    ...dialectOptions(target),
    entities,
    debug: options.debug ?? false,
    ...(options.logger ? { logger: options.logger, colors: false } : {}),
    // A mistyped database name must fail, not silently create an empty database.
    ensureDatabase: false,
    discovery: { warnWhenNoEntities: false },
    ...(options.connect === false ? { connect: false } : {}),
  });
  if (options.connect === false) return orm;
  let failure: unknown;
  try {
    await orm.connect();
    const check = await orm.checkConnection();
    if (!check.ok) failure = check.error ?? new Error(check.reason);
  } catch (error) {
    failure = error;
  }
  if (failure === undefined) return orm;
  await orm.close(true).catch(() => undefined);
  throw new DbError(
    DbErrorCode.UNREACHABLE,
    `cannot connect bind "${bind.name}" (${target.dialect} at ${target.location}, from ${bind.key}): ${describe(failure)}; ${
      target.dialect === "sqlite" ? "check that the folder exists" : "check that the server runs, the database exists"
    } and ${bind.key} is right`,
    { cause: failure },
  );
}

/** `MikroORM.init` (discovery only, no connection), with model mistakes as `WF_ERR_DB_BAD_MODEL`. */
async function initOrm(bind: BindTarget, config: Partial<Options<AbstractSqlDriver>>): Promise<Orm> {
  try {
    return (await MikroORM.init<AbstractSqlDriver>(config)) as Orm;
  } catch (error) {
    if (!(error instanceof MetadataError)) throw error;
    throw new DbError(
      DbErrorCode.BAD_MODEL,
      `a model of bind "${bind.name}" is invalid: ${error.message}; fix its db.Model(...) columns (e.g. id: p.integer().primary())`,
      { cause: error },
    );
  }
}

/** A driver error as one short phrase (mysql2 reports refused connections as an AggregateError without a message). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.message) return error.message;
  const inner = (error as { errors?: unknown[] }).errors?.[0];
  if (inner instanceof Error && inner.message) return inner.message;
  return (error as { code?: string }).code ?? error.name;
}
