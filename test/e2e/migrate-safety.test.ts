/**
 * Migrate's safety through the real `wf`, on SQLite, PostgreSQL and MariaDB: a revision
 * failing halfway in the second of two binds leaves every database at its last good revision
 * and the rerun after a fix completes; four concurrent `upgrade` processes apply each
 * revision exactly once (on SQLite also with env.ts `transactionMode: "per-run"`); a process
 * that waits longer than env.ts's `lockTimeout` gives up with `WF_ERR_MIGRATE_LOCKED`; an
 * applied revision edited afterwards is reported.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, describe, test } from "node:test";
import pg from "pg";
import mysql from "mysql2/promise";
import { migrationLockSql } from "../../src/migrate/dialect/index.ts";
import { servers, type TestDatabase, type TestServer } from "../support/databases.ts";
import { tableRevision, writeRevision } from "../support/migrations.ts";
import { TempProject } from "../support/project.ts";

const cleanup: (() => unknown)[] = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

interface SetUp {
  readonly project: TempProject;
  readonly env: Record<string, string>;
  readonly database: TestDatabase;
  /** The `test` bind's own database, when asked for. */
  readonly testDatabase?: TestDatabase;
}

async function setUp(server: TestServer, options: { testBind?: boolean; transactionMode?: "per-run" } = {}): Promise<SetUp> {
  const project = TempProject.fromExample("tutorial");
  cleanup.push(() => project.remove());
  rmSync(project.path("additives"), { recursive: true, force: true });
  const env: Record<string, string> = { WF_EXT_SCHEDULER: "0" };
  const create = async () => {
    const database = await server.create();
    cleanup.push(() => database.drop());
    return database;
  };
  const database = await create();
  env.DATABASE_URI = database.uri;
  const testDatabase = options.testBind ? await create() : undefined;
  if (testDatabase) {
    env.TEST_DB_URI = testDatabase.uri;
    project.write("app_configs/app.ini", `${project.read("app_configs/app.ini")}\n[binds]\ntest = \${TEST_DB_URI}\n`);
  }
  const init = await project.wf(["migrate", "init", "app"], { env });
  assert.equal(init.code, 0, init.stderr);
  if (options.transactionMode) {
    const file = "additives/migrations/app/env.ts";
    project.write(file, project.read(file).replace('transactionMode: "per-revision"', `transactionMode: "${options.transactionMode}"`));
  }
  return { project, env, database, testDatabase };
}

/**
 * Holds what another migrating process would hold on the bind's database until `release`:
 * the migration lock on PostgreSQL and MySQL/MariaDB, SQLite's write lock.
 */
async function holdMigrationLock(database: TestDatabase): Promise<{ release(): Promise<void> }> {
  const lock = migrationLockSql(database.dialect, `wf_migrate:${database.name}:wf_migrate_version:default`);
  if (database.dialect === "postgresql") {
    const client = new pg.Client({ connectionString: database.uri });
    await client.connect();
    assert.equal((await client.query(lock!.tryAcquire.sql)).rows[0].got, true);
    return { release: () => client.end() };
  }
  if (database.dialect === "mysql") {
    const client = await mysql.createConnection(database.uri);
    const [rows] = await client.query(lock!.tryAcquire.sql, [...lock!.tryAcquire.params]);
    assert.equal(Number((rows as { got: unknown }[])[0]!.got), 1);
    return { release: () => client.end() };
  }
  const { DatabaseSync } = await import("node:sqlite");
  const db = new DatabaseSync(database.uri.slice("sqlite:///".length));
  db.exec("begin immediate");
  return { release: async () => db.close() };
}

/** Table names in the bind's database. */
async function tables(server: TestServer, uri: string): Promise<string[]> {
  if (server.dialect === "postgresql") {
    const client = new pg.Client({ connectionString: uri });
    await client.connect();
    try {
      return (await client.query("select table_name from information_schema.tables where table_schema = 'public'")).rows.map((r) => r.table_name as string).sort();
    } finally {
      await client.end();
    }
  }
  if (server.dialect === "mysql") {
    const client = await mysql.createConnection(uri);
    try {
      const [rows] = await client.query("show tables");
      return (rows as Record<string, string>[]).map((r) => Object.values(r)[0]!).sort();
    } finally {
      await client.end();
    }
  }
  const { DatabaseSync } = await import("node:sqlite");
  const db = new DatabaseSync(uri.slice("sqlite:///".length), { readOnly: true });
  try {
    return (db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as { name: string }[]).map((r) => r.name).sort();
  } finally {
    db.close();
  }
}

for (const server of servers) {
  describe(`Migrate safety on ${server.dialect}`, { skip: server.skip }, () => {
    test("a revision failing halfway in the second bind leaves every database at its last good revision; the rerun after a fix completes", async () => {
      const { project, env, database, testDatabase } = await setUp(server, { testBind: true });
      writeRevision(project, "app", tableRevision("aaa000000001", null, "first_table"));
      writeRevision(project, "app", tableRevision("ccc000000001", null, "third_table", { bind: "test" }));
      const broken = writeRevision(project, "app", {
        id: "ddd000000002",
        bind: "test",
        down: "ccc000000001",
        upgrade: [
          `op.createTable("fourth_table", [op.column("id", "integer", { primary: true, autoincrement: true })]);`,
          `op.execute("this is not sql");`,
        ],
        downgrade: [`op.dropTable("fourth_table");`],
      });
      const failed = await project.wf(["migrate", "upgrade", "app"], { env });
      assert.equal(failed.code, 1);
      const lines = failed.stderr.trimEnd().split("\n");
      assert.equal(lines.length, 1, failed.stderr);
      assert.match(lines[0]!, /^error: upgrade of revision ddd000000002 \(additives\/migrations\/app\/test\/versions\/ddd000000002\.ts\) failed on bind "test": .*this is not sql.*; fix the revision and run the command again \[WF_ERR_MIGRATE_REVISION_FAILED\]$/);
      assert.match(failed.stdout, /^\[1\/3\] upgrade default aaa000000001 .*\n\[2\/3\] upgrade test ccc000000001 /m);
      const current = (await project.wf(["migrate", "current", "app"], { env })).stdout;
      assert.match(current, /^default: aaa000000001 \(head\)$/m);
      assert.match(current, /^test: ccc000000001$/m);
      const [defaultTables, testTables] = await Promise.all([tables(server, database.uri), tables(server, testDatabase!.uri)]);
      assert.deepEqual(defaultTables.filter((t) => t.endsWith("_table")), ["first_table"]);
      assert.deepEqual(testTables.filter((t) => t.endsWith("_table")), ["third_table"], "fourth_table undone");

      project.write(broken, project.read(broken).replace(`  op.execute("this is not sql");\n`, ""));
      const rerun = await project.wf(["migrate", "upgrade", "app"], { env });
      assert.equal(rerun.code, 0, rerun.stderr);
      assert.match(rerun.stdout, /^\[1\/1\] upgrade test ddd000000002 /m);
      const done = (await project.wf(["migrate", "current", "app"], { env })).stdout;
      assert.match(done, /^default: aaa000000001 \(head\)$/m);
      assert.match(done, /^test: ddd000000002 \(head\)$/m);
    });

    // per-run changes the SQLite protection (one begin immediate and re-read per run); elsewhere the lock is the same.
    for (const transactionMode of server.dialect === "sqlite" ? [undefined, "per-run" as const] : [undefined]) {
      test(`four concurrent upgrades apply each revision exactly once and all exit 0${transactionMode ? ` (transactionMode "${transactionMode}")` : ""}`, async () => {
        const { project, env, database } = await setUp(server, { transactionMode });
        let down: string | null = null;
        for (let i = 1; i <= 6; i++) {
          const id = `c${String(i).padStart(11, "0")}`;
          writeRevision(project, "app", tableRevision(id, down, `t${i}`));
          down = id;
        }
        const runs = await Promise.all(Array.from({ length: 4 }, () => project.wf(["migrate", "upgrade", "app"], { env })));
        for (const run of runs) assert.equal(run.code, 0, run.stderr);
        const applied = runs.flatMap((run) => run.stdout.split("\n").filter((line) => / upgrade default c\d+ .*statement\(s\)/.test(line)));
        assert.equal(applied.length, 6, `each revision applied once in total:\n${runs.map((r) => r.stdout).join("\n---\n")}`);
        assert.deepEqual(new Set(applied.map((line) => /c\d{11}/.exec(line)![0])).size, 6);
        if (transactionMode === "per-run") {
          // A run commits all or nothing, and the others read the version table inside their own: one process applied all six.
          assert.equal(runs.filter((run) => / upgrade default c\d+ .*statement\(s\)/.test(run.stdout)).length, 1, runs.map((r) => r.stdout).join("\n---\n"));
        }
        assert.deepEqual((await tables(server, database.uri)).filter((t) => /^t\d$/.test(t)), ["t1", "t2", "t3", "t4", "t5", "t6"]);
        const status = await project.wf(["migrate", "status", "app"], { env });
        assert.equal(status.code, 0, status.stdout);
        assert.equal((status.stdout.match(/ applied /g) ?? []).length, 6);
      });
    }

    test("a process that waits longer than lockTimeout for another's migration gives up with WF_ERR_MIGRATE_LOCKED, having changed nothing", async () => {
      const { project, env, database } = await setUp(server);
      const envFile = "additives/migrations/app/env.ts";
      project.edit(envFile, "lockTimeout: 600,", "lockTimeout: 1,");
      writeRevision(project, "app", tableRevision("l10000000001", null, "locked_out"));
      const held = await holdMigrationLock(database);
      let released = false;
      try {
        const started = Date.now();
        const run = await project.wf(["migrate", "upgrade", "app"], { env });
        assert.equal(run.code, 1, run.stdout + run.stderr);
        assert.match(run.stderr, /^error: another process held .* for 1 s \(lockTimeout in env\.ts\); check for a stuck wf migrate or a deploy migrating at the same time, and run again \[WF_ERR_MIGRATE_LOCKED\]\n$/);
        assert.ok(Date.now() - started >= 1000, "it waited for the lock before giving up");
        await held.release();
        released = true;
        assert.deepEqual((await tables(server, database.uri)).filter((t) => t === "locked_out"), []);
      } finally {
        if (!released) await held.release();
      }
      const rerun = await project.wf(["migrate", "upgrade", "app"], { env });
      assert.equal(rerun.code, 0, rerun.stderr);
      assert.match(rerun.stdout, /^\[1\/1\] upgrade default l10000000001 /m);
    });

    test("two binds sharing one database migrate without waiting on each other", async () => {
      const { project, env } = await setUp(server);
      writeRevision(project, "app", tableRevision("s10000000001", null, "shared_one"));
      writeRevision(project, "app", tableRevision("s20000000001", null, "shared_two", { bind: "test" }));
      project.write("app_configs/app.ini", `${project.read("app_configs/app.ini")}\n[binds]\ntest = \${DATABASE_URI}\n`);
      const run = await project.wf(["migrate", "upgrade", "app"], { env, timeoutMs: 60_000 });
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const current = await project.wf(["migrate", "current", "app"], { env });
      assert.match(current.stdout, /^default: s10000000001 \(head\)$/m);
      assert.match(current.stdout, /^test: s20000000001 \(head\)$/m);
    });

    test("an applied revision edited afterwards shows as drift in status and fails check", async () => {
      const { project, env } = await setUp(server);
      const file = writeRevision(project, "app", {
        id: "ddd000000001",
        down: null,
        upgrade: [
          `op.createTable("my_model", [op.column("id", "integer", { primary: true, autoincrement: true }), op.column("value", "string"), op.column("created_at", "datetime", { default: op.raw("current_timestamp") })]);`,
        ],
        downgrade: [`op.dropTable("my_model");`],
      });
      assert.equal((await project.wf(["migrate", "upgrade", "app"], { env })).code, 0);
      const clean = await project.wf(["migrate", "check", "app"], { env });
      assert.equal(clean.code, 0, clean.stdout + clean.stderr);
      project.write(file, `${project.read(file)}// edited after it was applied\n`);
      const [status, check] = await Promise.all([project.wf(["migrate", "status", "app"], { env }), project.wf(["migrate", "check", "app"], { env })]);
      assert.equal(status.code, 1);
      assert.match(status.stdout, /^default\s+ddd000000001\s+drift\s+/m);
      assert.equal(check.code, 1);
      assert.match(check.stdout, /revision ddd000000001 .* was edited after it was applied/);
    });
  });
}
