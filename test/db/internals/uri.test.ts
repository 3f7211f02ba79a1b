import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DbError, type DbErrorCode } from "../../../src/db/index.ts";
import { parseDatabaseUri } from "../../../src/db/uri.ts";

const context = { key: "DATABASE_URI", root: "/srv/project" };
const parse = (uri: string, key = "DATABASE_URI") => parseDatabaseUri(uri, { ...context, key });

function rejects(uri: string, code: DbErrorCode, ...fragments: string[]): void {
  assert.throws(
    () => parse(uri, "SQLALCHEMY_BINDS.test"),
    (error: unknown) => {
      assert.ok(error instanceof DbError, `expected a DbError, got ${String(error)}`);
      assert.equal(error.code, code);
      assert.doesNotMatch(error.message, /\n/);
      assert.match(error.message, /SQLALCHEMY_BINDS\.test/);
      if (code !== "WF_ERR_DB_BAD_URI_PARAM") assert.match(error.message, /sqlite:\/\/\/relative\.db.*mariadb:\/\//);
      for (const fragment of fragments) assert.ok(error.message.includes(fragment), `${error.message} lacks ${fragment}`);
      return true;
    },
  );
}

describe("parseDatabaseUri: sqlite", () => {
  it("resolves a relative file against the project root, never the cwd", () => {
    const target = parse("sqlite:///app.db");
    assert.equal(target.dialect, "sqlite");
    assert.deepEqual(target.options, { dbName: "/srv/project/app.db" });
    assert.equal(parse("sqlite:///data/sub/app.db").options.dbName, "/srv/project/data/sub/app.db");
  });

  it("keeps an absolute file (four slashes)", () => {
    assert.equal(parse("sqlite:////var/lib/app.db").options.dbName, "/var/lib/app.db");
  });

  it("understands memory databases, percent-encoding and driver suffixes", () => {
    assert.equal(parse("sqlite:///:memory:").options.dbName, ":memory:");
    assert.equal(parse("sqlite://").options.dbName, ":memory:");
    assert.equal(parse("sqlite:///my%20app.db").options.dbName, "/srv/project/my app.db");
    assert.equal(parse("sqlite+pysqlite:///app.db").dialect, "sqlite");
  });

  it("maps mode and timeout onto better-sqlite3 options", () => {
    assert.deepEqual(parse("sqlite:///app.db?mode=ro&timeout=2.5").options.driverOptions, { readonly: true, timeout: 2500 });
  });

  it("explains two slashes", () => {
    rejects("sqlite://app.db", "WF_ERR_DB_BAD_URI", "sqlite:///app.db");
  });
});

describe("parseDatabaseUri: servers", () => {
  it("reads every part of a PostgreSQL URI, decoding user and password", () => {
    const target = parse("postgresql://app%40corp:p%40ss%2Fw@db.example.com:6543/shop");
    assert.equal(target.dialect, "postgresql");
    assert.deepEqual(target.options, {
      dbName: "shop",
      host: "db.example.com",
      port: 6543,
      user: "app@corp",
      password: "p@ss/w",
    });
    assert.equal(target.location, "db.example.com:6543/shop");
    assert.equal(target.display, "postgresql://app%40corp:********@db.example.com:6543/shop");
  });

  it("accepts postgres:// and postgresql+driver://, with the default port", () => {
    for (const uri of ["postgres://u@h/db", "postgresql+psycopg2://u@h/db", "POSTGRESQL://u@h/db"]) {
      const target = parse(uri);
      assert.equal(target.dialect, "postgresql");
      assert.equal(target.options.port, 5432);
    }
  });

  it("maps mysql:// and mariadb:// onto the mysql driver with port 3306", () => {
    assert.deepEqual(parse("mysql://root@127.0.0.1/test").options, { dbName: "test", host: "127.0.0.1", port: 3306, user: "root" });
    assert.equal(parse("mariadb://root@localhost:3307/test").dialect, "mysql");
    assert.equal(parse("mysql+pymysql://root@[::1]/test").options.host, "::1");
  });

  it("maps query parameters per dialect", () => {
    const pg = parse("postgresql://h/db?schema=app&sslmode=require&application_name=web&connect_timeout=5&pool_max=20");
    assert.equal(pg.options.schema, "app");
    assert.deepEqual(pg.options.pool, { max: 20 });
    assert.deepEqual(pg.options.driverOptions, {
      ssl: { rejectUnauthorized: false },
      application_name: "web",
      connectionTimeoutMillis: 5000,
    });
    const my = parse("mysql://h/db?charset=utf8mb4&timezone=%2B02:00&ssl=true");
    assert.equal(my.options.charset, "utf8mb4");
    assert.equal(my.options.timezone, "+02:00");
    assert.deepEqual(my.options.driverOptions, { ssl: {} });
  });
});

describe("parseDatabaseUri: errors name the key and the accepted forms", () => {
  it("rejects unsupported schemes", () => {
    rejects("oracle://u@h/db", "WF_ERR_DB_UNSUPPORTED_URI", "oracle", "sqlite:///relative.db", "mariadb://");
  });

  it("rejects malformed URIs", () => {
    rejects("", "WF_ERR_DB_BAD_URI", "empty");
    rejects("app.db", "WF_ERR_DB_BAD_URI", "no scheme");
    rejects("postgresql://h:port/db", "WF_ERR_DB_BAD_URI");
    rejects("postgresql://h/", "WF_ERR_DB_BAD_URI", "names no database");
    rejects("mysql://h", "WF_ERR_DB_BAD_URI", "names no database");
  });

  it("rejects unknown or bad query parameters, listing the known ones", () => {
    rejects("postgresql://h/db?sslmod=require", "WF_ERR_DB_BAD_URI_PARAM", "sslmod", "sslmode");
    rejects("postgresql://h/db?sslmode=sometimes", "WF_ERR_DB_BAD_URI_PARAM", "verify-full");
    rejects("mysql://h/db?pool_max=lots", "WF_ERR_DB_BAD_URI_PARAM", "whole number");
    rejects("sqlite:///a.db?schema=x", "WF_ERR_DB_BAD_URI_PARAM", "mode, timeout");
  });

  it("never prints the password", () => {
    assert.throws(() => parse("postgresql://u:hunter2@h/db?nope=1"), (error: Error) => !error.message.includes("hunter2"));
    assert.throws(() => parse("postgresql://h/db?password=hunter2&nope=1"), (error: Error) => !error.message.includes("hunter2"));
    assert.throws(() => parse("postgresql://:hunter2@h:bad/db"), (error: Error) => !error.message.includes("hunter2"));
  });
});
