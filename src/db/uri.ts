/**
 * Database URIs (`sqlite:///app.db`, `postgresql://...`, `mysql://...`) to MikroORM
 * connection options. Pure: no I/O, no current directory, no driver import.
 */
import { isAbsolute, resolve } from "node:path";
import { maskUri } from "../config/index.ts";
import { DbError, DbErrorCode } from "./errors.ts";
import { mapQueryParams, type DriverOptions } from "./uri-params.ts";

/** The SQL dialects WebFluid runs on. MariaDB uses the `mysql` dialect (and driver). */
export type Dialect = "sqlite" | "postgresql" | "mysql";

/** MikroORM connection options a URI stands for (passed to `MikroORM.init`). */
export interface ConnectionOptions {
  /** Database name; for SQLite the absolute file path or `:memory:`. */
  dbName: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  /** PostgreSQL schema (`?schema=`). */
  schema?: string;
  /** MySQL/MariaDB connection charset (`?charset=`). */
  charset?: string;
  /** MySQL/MariaDB session time zone (`?timezone=`). */
  timezone?: string;
  /** Pool bounds (`?pool_min=`, `?pool_max=`). */
  pool?: { min?: number; max?: number };
  /** Options for the driver itself (pg `Pool`, mysql2 pool, better-sqlite3 `Database`). */
  driverOptions?: DriverOptions;
}

/** A parsed database URI. */
export interface DatabaseTarget {
  readonly dialect: Dialect;
  readonly options: ConnectionOptions;
  /** Where the database is, for messages: `host:port/db` or the SQLite file. */
  readonly location: string;
  /** The URI with its password masked, safe to print. */
  readonly display: string;
}

/** Where a URI came from and what relative SQLite paths resolve against. */
export interface ParseUriContext {
  /** The config key the URI was read from, e.g. `DATABASE_URI` or `SQLALCHEMY_BINDS.test`. */
  key: string;
  /** Absolute project root (the folder holding `app_configs/`); never the current directory. */
  root: string;
}

/** Every URI form accepted, for error messages and docs. */
export const ACCEPTED_URI_FORMS =
  "sqlite:///relative.db, sqlite:////abs/path.db, sqlite:///:memory:, " +
  "postgresql://user:password@host:5432/db (also postgres://, postgresql+driver://), " +
  "mysql://user:password@host:3306/db, mariadb://user:password@host:3306/db";

const SCHEMES: Record<string, Dialect> = {
  sqlite: "sqlite",
  postgresql: "postgresql",
  postgres: "postgresql",
  mysql: "mysql",
  mariadb: "mysql",
};

const DEFAULT_PORTS: Record<Exclude<Dialect, "sqlite">, number> = { postgresql: 5432, mysql: 3306 };

/**
 * Parses a database URI into the dialect and MikroORM options it stands for.
 *
 * @param uri - The URI as configured.
 * @param context - The config key (named in errors) and the project root (for relative SQLite files).
 * @throws DbError `WF_ERR_DB_BAD_URI`, `WF_ERR_DB_UNSUPPORTED_URI` or `WF_ERR_DB_BAD_URI_PARAM`.
 * @example
 * ```ts
 * parseDatabaseUri("sqlite:///app.db", { key: "DATABASE_URI", root: "/srv/myproject" });
 * // { dialect: "sqlite", options: { dbName: "/srv/myproject/app.db" }, ... }
 * ```
 */
export function parseDatabaseUri(uri: string, context: ParseUriContext): DatabaseTarget {
  const text = uri.trim();
  const display = maskUri(text);
  const fail = (code: DbErrorCode, what: string, fix?: string): never => {
    let how = fix ?? `use one of: ${ACCEPTED_URI_FORMS}`;
    if (fix && code !== DbErrorCode.BAD_URI_PARAM) how += `; accepted forms: ${ACCEPTED_URI_FORMS}`;
    throw new DbError(code, `${what} in ${context.key} (${JSON.stringify(display)}): ${how}`);
  };
  if (text === "") fail(DbErrorCode.BAD_URI, "empty database URI");
  const match = /^([a-z][a-z0-9.+-]*):\/\/(.*)$/is.exec(text);
  if (!match) return fail(DbErrorCode.BAD_URI, "malformed database URI (no scheme://)");
  const scheme = match[1]!.toLowerCase();
  const dialect = SCHEMES[scheme.split("+")[0]!];
  if (!dialect) return fail(DbErrorCode.UNSUPPORTED_URI, `unsupported database URI scheme "${scheme}"`);
  const rest = match[2]!;
  const queryAt = rest.indexOf("?");
  const params = new URLSearchParams(queryAt === -1 ? "" : rest.slice(queryAt + 1));
  const mapped = mapQueryParams(dialect, params, (param, fix) =>
    fail(DbErrorCode.BAD_URI_PARAM, `unsupported URI parameter "${param}"`, fix),
  );
  if (dialect === "sqlite") {
    const dbName = sqlitePath(queryAt === -1 ? rest : rest.slice(0, queryAt), context.root, fail);
    return { dialect, options: { dbName, ...mapped }, location: dbName, display };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(DbErrorCode.BAD_URI, "malformed database URI");
  }
  const decode = (part: string, what: string): string => {
    try {
      return decodeURIComponent(part);
    } catch {
      return fail(DbErrorCode.BAD_URI, `bad percent-encoding in the ${what}`);
    }
  };
  const dbName = decode(url.pathname.replace(/^\//, ""), "database name");
  if (dbName === "" || dbName.includes("/")) {
    fail(DbErrorCode.BAD_URI, "database URI names no database", `end it with /<database>, e.g. ${scheme}://host/mydb`);
  }
  if (url.port !== "" && !/^\d+$/.test(url.port)) fail(DbErrorCode.BAD_URI, "bad port");
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1") || "localhost";
  const port = url.port === "" ? DEFAULT_PORTS[dialect] : Number(url.port);
  const options: ConnectionOptions = { dbName, host, port, ...mapped };
  if (url.username) options.user = decode(url.username, "user name");
  if (url.password) options.password = decode(url.password, "password");
  return { dialect, options, location: `${host}:${port}/${dbName}`, display };
}

/** The SQLite file for the part after `sqlite://`: `/rel.db`, `//abs.db`, `/:memory:` or empty. */
function sqlitePath(rest: string, root: string, fail: (code: DbErrorCode, what: string, fix?: string) => never): string {
  if (rest === "" || rest === "/" || rest === "/:memory:") return ":memory:";
  if (!rest.startsWith("/")) {
    const name = rest.replace(/^[^/]*\//, "");
    return fail(DbErrorCode.BAD_URI, "SQLite URI with two slashes", `SQLite URIs have three: sqlite:///${name || rest}`);
  }
  let path: string;
  try {
    path = decodeURIComponent(rest.slice(1));
  } catch {
    return fail(DbErrorCode.BAD_URI, "bad percent-encoding in the SQLite path");
  }
  if (isAbsolute(path) || /^[a-z]:[\\/]/i.test(path)) return path;
  if (!isAbsolute(root)) {
    throw new Error(`parseDatabaseUri: project root must be absolute, got ${JSON.stringify(root)}`);
  }
  return resolve(root, path);
}
