/**
 * Real database servers for tests: each test gets its own database under a unique name
 * and drops it afterwards. Servers come from `WF_TEST_POSTGRES_URI` / `WF_TEST_MYSQL_URI`;
 * when one is not set, the tests that need it skip with a line saying why.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import mysql from "mysql2/promise";

export type DialectName = "sqlite" | "postgresql" | "mysql";

/** A database created for one test; `drop()` removes it (idempotent). */
export interface TestDatabase {
  readonly dialect: DialectName;
  /** A WebFluid database URI (`sqlite:////abs/file.db`, `postgresql://...`, `mysql://...`). */
  readonly uri: string;
  /** The database name (file path for SQLite). */
  readonly name: string;
  drop(): Promise<void>;
}

/** A way to create test databases of one dialect, or why it is not available here. */
export interface TestServer {
  readonly dialect: DialectName;
  /** Set when the server is not configured: pass it as `{ skip }` to `test`/`describe`. */
  readonly skip: string | false;
  create(): Promise<TestDatabase>;
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

function postgresServer(serverUri: string | undefined): TestServer {
  return {
    dialect: "postgresql",
    skip: serverUri ? false : "WF_TEST_POSTGRES_URI is not set: PostgreSQL tests skipped",
    async create() {
      if (!serverUri) throw new Error("WF_TEST_POSTGRES_URI is not set");
      const name = uniqueName();
      const admin = new pg.Client({ connectionString: serverUri });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE "${name}"`);
      } finally {
        await admin.end();
      }
      let dropped = false;
      return {
        dialect: "postgresql",
        uri: withDatabase(serverUri, name),
        name,
        async drop() {
          if (dropped) return;
          dropped = true;
          const client = new pg.Client({ connectionString: serverUri });
          await client.connect();
          try {
            await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
          } finally {
            await client.end();
          }
        },
      };
    },
  };
}

function mysqlServer(serverUri: string | undefined): TestServer {
  return {
    dialect: "mysql",
    skip: serverUri ? false : "WF_TEST_MYSQL_URI is not set: MariaDB/MySQL tests skipped",
    async create() {
      if (!serverUri) throw new Error("WF_TEST_MYSQL_URI is not set");
      const name = uniqueName();
      const admin = await mysql.createConnection(serverUri);
      try {
        await admin.query(`CREATE DATABASE \`${name}\``);
      } finally {
        await admin.end();
      }
      let dropped = false;
      return {
        dialect: "mysql",
        uri: withDatabase(serverUri, name),
        name,
        async drop() {
          if (dropped) return;
          dropped = true;
          const client = await mysql.createConnection(serverUri);
          try {
            await client.query(`DROP DATABASE IF EXISTS \`${name}\``);
          } finally {
            await client.end();
          }
        },
      };
    },
  };
}

/** Every dialect, for conformance suites: `for (const server of servers) describe(server.dialect, { skip: server.skip }, ...)`. */
export const servers: readonly TestServer[] = [
  sqliteServer,
  postgresServer(process.env.WF_TEST_POSTGRES_URI),
  mysqlServer(process.env.WF_TEST_MYSQL_URI),
];

export function server(dialect: DialectName): TestServer {
  const found = servers.find((s) => s.dialect === dialect);
  if (!found) throw new Error(`unknown dialect ${dialect}`);
  return found;
}
