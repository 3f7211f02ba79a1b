/**
 * What the dialect layer needs from a MikroORM instance: its SQL platform, configuration,
 * schema generator (for `diffToSQL`) and connection, plus which database it is.
 */
import type { Configuration, IDatabaseDriver, MetadataStorage, Platform } from "@mikro-orm/core";
import {
  AbstractSqlConnection,
  AbstractSqlPlatform,
  BaseMySqlPlatform,
  BasePostgreSqlPlatform,
  SqlitePlatform,
  type SqlSchemaGenerator,
} from "@mikro-orm/sql";
import { MigrateError } from "../errors.ts";
import type { Dialect } from "../vocabulary/index.ts";

/**
 * The parts of a MikroORM instance Migrate uses. Any `MikroORM` from `@mikro-orm/sqlite`,
 * `@mikro-orm/postgresql` or `@mikro-orm/mysql` fits, connected or initialised with
 * `connect: false` (offline).
 */
export interface SqlOrm {
  readonly config: Configuration;
  readonly em: { getPlatform(): Platform; getDriver(): IDatabaseDriver };
  getMetadata(): MetadataStorage;
}

/** A MikroORM instance resolved for schema work. */
export interface DialectContext {
  readonly dialect: Dialect;
  readonly platform: AbstractSqlPlatform;
  readonly config: Configuration;
  readonly generator: SqlSchemaGenerator;
  /** The schema (namespace) tables live in: `public` on PostgreSQL, none elsewhere. */
  readonly schemaName: string | undefined;
  /** The live connection; only used online. */
  connection(): AbstractSqlConnection;
}

const contexts = new WeakMap<object, DialectContext>();

/** Which database a MikroORM SQL platform talks to. */
export function dialectOf(platform: Platform): Dialect {
  if (platform instanceof SqlitePlatform) return "sqlite";
  if (platform instanceof BasePostgreSqlPlatform) return "postgresql";
  if (platform instanceof BaseMySqlPlatform) return "mysql";
  throw new MigrateError(
    "WF_ERR_MIGRATE_UNSUPPORTED_DIALECT",
    `Migrate supports SQLite, PostgreSQL and MySQL/MariaDB, not ${platform.constructor.name}; use @mikro-orm/sqlite, /postgresql or /mysql`,
  );
}

/**
 * Resolves (once per ORM) what schema work needs.
 *
 * @example
 * ```ts
 * const ctx = dialectContext(orm);
 * ctx.dialect; // "postgresql"
 * ```
 */
export function dialectContext(orm: SqlOrm): DialectContext {
  const cached = contexts.get(orm);
  if (cached) return cached;
  const platform = orm.em.getPlatform();
  const dialect = dialectOf(platform);
  if (!(platform instanceof AbstractSqlPlatform)) throw new Error("unreachable: SQL dialect without SQL platform");
  const driver = orm.em.getDriver();
  const context: DialectContext = {
    dialect,
    platform,
    config: orm.config,
    generator: platform.getSchemaGenerator(driver),
    schemaName: orm.config.get("schema") ?? platform.getDefaultSchemaName(),
    connection() {
      const connection = driver.getConnection();
      if (!(connection instanceof AbstractSqlConnection)) throw new Error("unreachable: SQL platform without SQL connection");
      return connection;
    },
  };
  contexts.set(orm, context);
  return context;
}
