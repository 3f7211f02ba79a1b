/**
 * Real database servers for tests and benchmarks: each user gets its own database under a
 * unique name and drops it afterwards. For tests the servers come from
 * `WF_TEST_POSTGRES_URI` / `WF_TEST_MYSQL_URI`; when one is not set, the tests that need it
 * skip with a line saying why.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import mysql from "mysql2/promise";

export type DialectName = "sqlite" | "postgresql" | "mysql";

/** A database created for one user; `drop()` removes it (idempotent). */
export interface TestDatabase {
  readonly dialect: DialectName;
  /** A WebFluid database URI (`sqlite:////abs/file.db`, `postgresql://...`, `mysql://...`). */
  readonly uri: string;
  /** The database name (file path for SQLite). */
  readonly name: string;
  drop(): Promise<void>;
}

/** A way to create databases of one dialect, or why it is not available here. */
export interface TestServer {
  readonly dialect: DialectName;
  /** Set when the server is not configured: pass it as `{ skip }` to `test`/`describe`. */
  readonly skip: string | false;
  /** A new empty database named `<prefix>_<time>_<random>` (a fresh file for SQLite). */
  create(prefix?: string): Promise<TestDatabase>;
}

export function uniqueName(prefix = "wf_test"): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
}

function withDatabase(serverUri: string, database: string): string {
  const url = new URL(serverUri);
  url.pathname = `/${database}`;
  return url.toString();
}

const sqliteServer: TestServer = {
  dialect: "sqlite",
  skip: false,
  async create() {
    const dir = mkdtempSync(join(tmpdir(), "wf-sqlite-"));
    const file = join(dir, "test.db");
    return {
      dialect: "sqlite",
      uri: `sqlite:///${file}`,
      name: file,
      async drop() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

/** How to run one administrative statement on a server, and how it quotes a database name. */
interface Admin {
  /** The environment variable that names the test server, and the server's name for people. */
  readonly variable: string;
  readonly label: string;
  quote(name: string): string;
  execute(serverUri: string, sql: string): Promise<void>;
  /** Drops even while other sessions are connected, where the server can. */
  readonly dropSuffix: string;
}

const ADMINS: Record<Exclude<DialectName, "sqlite">, Admin> = {
  postgresql: {
    variable: "WF_TEST_POSTGRES_URI",
    label: "PostgreSQL",
    quote: (name) => `"${name}"`,
    dropSuffix: " WITH (FORCE)",
    async execute(serverUri, sql) {
      const client = new pg.Client({ connectionString: serverUri });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    },
  },
  mysql: {
    variable: "WF_TEST_MYSQL_URI",
    label: "MariaDB/MySQL",
    quote: (name) => `\`${name}\``,
    dropSuffix: "",
    async execute(serverUri, sql) {
      const client = await mysql.createConnection(serverUri);
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    },
  },
};

/**
 * The server of `dialect` at `serverUri` (ignored for SQLite, whose databases are files in
 * fresh temporary folders); without a URI, a server whose tests skip.
 */
export function databaseServer(dialect: DialectName, serverUri: string | undefined): TestServer {
  if (dialect === "sqlite") return sqliteServer;
  const admin = ADMINS[dialect];
  return {
    dialect,
    skip: serverUri ? false : `${admin.variable} is not set: ${admin.label} tests skipped`,
    async create(prefix) {
      if (!serverUri) throw new Error(`${admin.variable} is not set`);
      const name = uniqueName(prefix);
      await admin.execute(serverUri, `CREATE DATABASE ${admin.quote(name)}`);
      let dropped = false;
      return {
        dialect,
        uri: withDatabase(serverUri, name),
        name,
        async drop() {
          if (dropped) return;
          dropped = true;
          await admin.execute(serverUri, `DROP DATABASE IF EXISTS ${admin.quote(name)}${admin.dropSuffix}`);
        },
      };
    },
  };
}

/** Every dialect, for conformance suites: `for (const server of servers) describe(server.dialect, { skip: server.skip }, ...)`. */
export const servers: readonly TestServer[] = [
  sqliteServer,
  databaseServer("postgresql", process.env.WF_TEST_POSTGRES_URI),
  databaseServer("mysql", process.env.WF_TEST_MYSQL_URI),
];

export function server(dialect: DialectName): TestServer {
  const found = servers.find((s) => s.dialect === dialect);
  if (!found) throw new Error(`unknown dialect ${dialect}`);
  return found;
}
