/**
 * The MikroORM drivers WebFluid opens binds with: imported only for the dialects in use,
 * and, for SQLite and PostgreSQL, with a connection that binds values as parameters
 * (see bound-parameters.ts) instead of escaping them into the SQL text; SQLite also keeps
 * its dates in one form (see sqlite-platform.ts) and reuses its prepared statements
 * (statement-cache.ts).
 *
 * MySQL/MariaDB keep MikroORM's own connection: Kysely's MySQL dialect hands parameters to
 * mysql2's `query()`, which escapes them into the text on the client anyway, so binding
 * there would change nothing but the code path.
 *
 * The override mirrors `AbstractSqlConnection.execute`/`stream` and its `prepareQuery` of the
 * pinned MikroORM version (7.2.1). The db conformance suite runs every query kind through it
 * on each database.
 */
import { isRaw, raw, type Configuration, type Platform } from "@mikro-orm/core";
import { NativeQueryBuilder, type AbstractSqlConnection, type AbstractSqlDriver } from "@mikro-orm/sql";
import type { SqliteConnection } from "@mikro-orm/sqlite";
import { CompiledQuery } from "kysely";
import { bindParameters, POSTGRES_PARAMETERS, SQLITE_PARAMETERS, type ParameterStyle } from "./bound-parameters.ts";
import { EpochSqlitePlatform } from "./sqlite-platform.ts";
import { cacheStatements } from "./statement-cache.ts";
import type { Dialect } from "./uri.ts";

export type DriverClass = new (config: Configuration) => AbstractSqlDriver;

type Method = "all" | "get" | "run";
type Execute = AbstractSqlConnection["execute"];
type Stream = AbstractSqlConnection["stream"];
type Client = ReturnType<AbstractSqlConnection["getClient"]>;
type Context = Parameters<Execute>[3];
type LoggerContext = Record<string, unknown> | undefined;

/** The members of MikroORM's connection used here; `protected` in its types. */
interface ConnectionInternals {
  readonly platform: Platform;
  readonly config: Configuration;
  executeQuery<T>(sql: string, run: () => Promise<T>, context?: Record<string, unknown>): Promise<T>;
  transformRawResult<T>(result: unknown, method: Method): T;
  logQuery(sql: string, context: Record<string, unknown>): void;
  ensureConnection(): Promise<void>;
  getClient(): Client;
}

/**
 * MikroORM's `prepareQuery`, without what binding makes unnecessary: the values escaped
 * into the text (`formatQuery`) are built only when the logger shows queries with params.
 */
function prepare(self: ConnectionInternals, query: Parameters<Execute>[0], params: Parameters<Execute>[1], loggerContext: LoggerContext) {
  let sql: unknown = query instanceof NativeQueryBuilder ? query.toRaw() : query;
  let values: unknown = params;
  if (typeof sql === "string" && !Array.isArray(values)) sql = raw(sql, values as Record<string, unknown>);
  if (isRaw(sql)) {
    values = sql.params;
    sql = sql.sql;
  }
  const text = self.config.get("onQuery")(sql as string, values as unknown[]);
  const list = values as unknown[];
  const logger = self.config.getLogger();
  // What MikroORM logs: the statement, with its values written in when `query-params` is on.
  const logged = logger.isEnabled("query", loggerContext) && logger.isEnabled("query-params", loggerContext) ? self.platform.formatQuery(text, list) : text;
  return { query: text, params: list, logged };
}

/** MikroORM passes abort options inside the logger context; they must not reach the logs. */
function splitAbort(loggerContext: LoggerContext): { abort?: { signal?: unknown; inflightQueryAbortStrategy?: unknown }; context: LoggerContext } {
  if (loggerContext?.signal == null && loggerContext?.inflightQueryAbortStrategy == null) return { context: loggerContext };
  const { signal, inflightQueryAbortStrategy, ...context } = loggerContext;
  return { abort: { signal, inflightQueryAbortStrategy }, context };
}

type ConnectionClass = new (...args: never[]) => AbstractSqlConnection;

function bindingConnection<C extends ConnectionClass>(Base: C, style: ParameterStyle): C {
  // Typed as a concrete connection: `Base` is one (it implements createKyselyDialect).
  const Bound = class extends (Base as unknown as new (...args: unknown[]) => AbstractSqlConnection & { createKyselyDialect(): never }) {
    override async execute(
      query: Parameters<Execute>[0],
      params: Parameters<Execute>[1] = [],
      method: Method = "all",
      ctx?: Context,
      loggerContext?: Parameters<Execute>[4],
    ): Promise<never> {
      const self = this as unknown as ConnectionInternals;
      await self.ensureConnection();
      const { abort, context } = splitAbort(loggerContext as LoggerContext);
      const q = prepare(self, query, params, context);
      return self.executeQuery(
        q.logged,
        async () => {
          const bound = bindParameters(q.query, q.params, self.platform, style);
          const client = (ctx ?? self.getClient()) as unknown as { executeQuery(query: CompiledQuery, abort?: unknown): Promise<unknown> };
          return self.transformRawResult(await client.executeQuery(CompiledQuery.raw(bound.sql, bound.parameters), abort), method);
        },
        { query: q.query, params: q.params, ...context },
      );
    }

    override async *stream<T>(...[query, params = [], ctx, loggerContext, chunkSize]: Parameters<Stream>): AsyncIterableIterator<T> {
      const self = this as unknown as ConnectionInternals;
      await self.ensureConnection();
      const { abort, context } = splitAbort(loggerContext as LoggerContext);
      const q = prepare(self, query, params, context);
      const bound = bindParameters(q.query, q.params, self.platform, style);
      // A select node, as MikroORM builds it, so that SQLite's driver streams the rows.
      const compiled = { query: { kind: "SelectQueryNode" }, sql: bound.sql, parameters: bound.parameters };
      const executor = (ctx ?? self.getClient()).getExecutor() as unknown as {
        stream(query: unknown, chunkSize: number, options?: { signal?: unknown }): AsyncIterable<unknown>;
      };
      try {
        const rows = executor.stream(compiled, chunkSize ?? 100, abort ? { signal: abort.signal } : undefined);
        self.logQuery(q.logged, { sql: q.logged, params: q.params, ...context });
        for await (const items of rows) yield* self.transformRawResult<T[]>(items, "all");
      } catch (error) {
        self.logQuery(q.logged, { sql: q.logged, params: q.params, ...context, level: "error" });
        throw error;
      }
    }
  };
  Object.defineProperty(Bound, "name", { value: Base.name }); // MikroORM names drivers and connections in messages
  return Bound as unknown as C;
}

/** SQLite's connection, reusing prepared statements (see statement-cache.ts). */
function statementCaching(Base: typeof SqliteConnection): typeof SqliteConnection {
  const Caching = class extends Base {
    override createKyselyDialect(options: Parameters<SqliteConnection["createKyselyDialect"]>[0]) {
      const dialect = super.createKyselyDialect(options);
      // `database` (the better-sqlite3 Database) is private in MikroORM's types.
      cacheStatements((this as unknown as { database: Parameters<typeof cacheStatements>[0] }).database);
      return dialect;
    }
  };
  Object.defineProperty(Caching, "name", { value: Base.name });
  return Caching;
}

/**
 * A driver whose write connection is `Connection` (read replicas are not configured by
 * WebFluid) and, when given, whose platform is `Platform`. Both are set before the
 * configuration reads the platform from the driver.
 */
function withConnection(Driver: DriverClass, Connection: ConnectionClass, Platform?: new () => Platform): DriverClass {
  const WithConnection = class extends Driver {
    constructor(config: Configuration) {
      super(config);
      const self = this as unknown as { connection: AbstractSqlConnection; platform: Platform };
      if (Platform) self.platform = new Platform();
      self.connection = new (Connection as unknown as new (config: Configuration) => AbstractSqlConnection)(this.config);
    }
  };
  Object.defineProperty(WithConnection, "name", { value: Driver.name });
  return WithConnection;
}

/** Imports the MikroORM driver of a dialect (so that unused drivers are never loaded). */
export async function loadDriver(dialect: Dialect): Promise<DriverClass> {
  switch (dialect) {
    case "sqlite": {
      const { SqliteDriver, SqliteConnection } = await import("@mikro-orm/sqlite");
      return withConnection(SqliteDriver, bindingConnection(statementCaching(SqliteConnection), SQLITE_PARAMETERS), EpochSqlitePlatform);
    }
    case "postgresql": {
      const { PostgreSqlDriver, PostgreSqlConnection } = await import("@mikro-orm/postgresql");
      return withConnection(PostgreSqlDriver, bindingConnection(PostgreSqlConnection, POSTGRES_PARAMETERS));
    }
    case "mysql":
      return (await import("@mikro-orm/mysql")).MySqlDriver;
  }
}
