/**
 * Query parameters of database URIs (`?sslmode=require`, `?charset=utf8mb4`, ...), mapped
 * onto MikroORM and driver options per dialect. Unknown parameters are rejected so that a
 * typo never goes unnoticed.
 */
import type { ConnectionOptions, Dialect } from "./uri.ts";

/** Options passed through to the driver (pg `Pool`, mysql2 pool, better-sqlite3 `Database`). */
export type DriverOptions = Record<string, string | number | boolean | Record<string, boolean>>;

type Mapped = Omit<ConnectionOptions, "dbName" | "host" | "port" | "user" | "password">;
type Reject = (param: string, fix: string) => never;
type Apply = (value: string, into: Mapped, reject: (fix: string) => never) => void;

const seconds = (value: string, reject: (fix: string) => never): number => {
  const n = Number(value);
  if (value === "" || !Number.isFinite(n) || n < 0) reject("give a number of seconds, e.g. 10");
  return Math.round(n * 1000);
};

const count = (value: string, reject: (fix: string) => never): number => {
  if (!/^\d+$/.test(value)) reject("give a whole number, e.g. 10");
  return Number(value);
};

const flag = (value: string, reject: (fix: string) => never): boolean => {
  const v = value.toLowerCase();
  if (["1", "true", "yes", "on"].includes(v)) return true;
  if (["0", "false", "no", "off"].includes(v)) return false;
  return reject("give true or false");
};

const driver = (into: Mapped, key: string, value: DriverOptions[string]): void => {
  into.driverOptions = { ...into.driverOptions, [key]: value };
};

const pool: Record<string, Apply> = {
  pool_min: (v, into, reject) => void (into.pool = { ...into.pool, min: count(v, reject) }),
  pool_max: (v, into, reject) => void (into.pool = { ...into.pool, max: count(v, reject) }),
};

/** libpq's `sslmode` values as `pg` understands them. */
const SSL_MODES: Record<string, boolean | Record<string, boolean>> = {
  disable: false,
  allow: false,
  prefer: false,
  require: { rejectUnauthorized: false },
  "no-verify": { rejectUnauthorized: false },
  "verify-ca": true,
  "verify-full": true,
};

const PARAMS: Record<Dialect, Record<string, Apply>> = {
  sqlite: {
    mode: (v, into, reject) => {
      if (v !== "ro" && v !== "rw" && v !== "rwc") reject("use mode=ro (read-only), rw or rwc");
      if (v === "ro") driver(into, "readonly", true);
      if (v === "rw") driver(into, "fileMustExist", true);
    },
    timeout: (v, into, reject) => driver(into, "timeout", seconds(v, reject)),
  },
  postgresql: {
    ...pool,
    schema: (v, into) => void (into.schema = v),
    sslmode: (v, into, reject) => {
      const ssl = SSL_MODES[v];
      if (ssl === undefined) return reject(`use one of sslmode=${Object.keys(SSL_MODES).join("|")}`);
      driver(into, "ssl", ssl);
    },
    ssl: (v, into, reject) => driver(into, "ssl", flag(v, reject)),
    application_name: (v, into) => driver(into, "application_name", v),
    connect_timeout: (v, into, reject) => driver(into, "connectionTimeoutMillis", seconds(v, reject)),
  },
  mysql: {
    ...pool,
    charset: (v, into) => void (into.charset = v),
    timezone: (v, into) => void (into.timezone = v),
    ssl: (v, into, reject) => {
      if (flag(v, reject)) driver(into, "ssl", {});
    },
    connect_timeout: (v, into, reject) => driver(into, "connectTimeout", seconds(v, reject)),
  },
};

/**
 * Maps a URI's query parameters onto connection options for `dialect`.
 *
 * @param reject - Called with the parameter and a fix when a parameter is unknown or its value bad.
 */
export function mapQueryParams(dialect: Dialect, params: URLSearchParams, reject: Reject): Mapped {
  const known = PARAMS[dialect];
  const into: Mapped = {};
  for (const [param, value] of params) {
    const apply = Object.hasOwn(known, param) ? known[param] : undefined;
    if (!apply) reject(param, `${dialect} URIs accept ${Object.keys(known).join(", ")}`);
    else apply(value, into, (fix) => reject(`${param}=${value}`, fix));
  }
  return into;
}
