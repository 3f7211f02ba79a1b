/**
 * The seed's command sequences, verbatim, through the real `wf` on a copy of the tutorial
 * without its migrations: single-db (app) and multi-db (app2 with the "test" bind), on
 * SQLite, PostgreSQL and MariaDB; then the same revisions on the other databases; and the
 * example's own `npm start` (migrate, then serve) with the migrations it ships.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { servers, type TestDatabase, type TestServer } from "../support/databases.ts";
import { exited, freePort, TempProject, waitUntil, WF_BIN, type WfResult } from "../support/project.ts";

const cleanup: (() => unknown)[] = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

async function database(server: TestServer): Promise<TestDatabase> {
  const db = await server.create();
  cleanup.push(() => db.drop());
  return db;
}

/** The tutorial as a new user has it before the Migrate page: no additives/ folder at all. */
function freshTutorial(): TempProject {
  const project = TempProject.fromExample("tutorial");
  cleanup.push(() => project.remove());
  rmSync(project.path("additives"), { recursive: true, force: true });
  return project;
}

function ok(result: WfResult, what: string): string {
  assert.equal(result.code, 0, `${what} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

async function postAndGet(url: string, value: string): Promise<void> {
  const created = await fetch(`${url}/my-model`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ value }) });
  assert.equal(created.status, 200, await created.clone().text());
  const { model_id } = (await created.json()) as { model_id: number };
  const fetched = (await (await fetch(`${url}/my-model?id=${model_id}`)).json()) as { value: string };
  assert.equal(fetched.value, value);
}

for (const server of servers) {
  describe(`the seed's Migrate flows on ${server.dialect}`, { skip: server.skip }, () => {
    test("single-db: init, revision -a, upgrade, run", async () => {
      const project = freshTutorial();
      const env: Record<string, string> = { WF_EXT_SCHEDULER: "0" };
      if (server.dialect !== "sqlite") env.DATABASE_URI = (await database(server)).uri;

      assert.match(ok(await project.wf(["migrate", "init", "app"], { env }), "init"), /single-db template/);
      assert.match(ok(await project.wf(["migrate", "revision", "app", "-a"], { env }), "revision"), /wrote additives\/migrations\/app\/default\/versions\/.*\.ts \(1 operation/);
      assert.match(ok(await project.wf(["migrate", "upgrade", "app"], { env }), "upgrade"), /\[1\/1\] upgrade default/);
      assert.match(ok(await project.wf(["migrate", "current", "app"], { env }), "current"), /^default: [0-9a-f]{12} \(head\)$/m);
      assert.match(ok(await project.wf(["migrate", "check", "app"], { env }), "check"), /ok: every bind is at head/);
      const second = ok(await project.wf(["migrate", "revision", "app", "-a"], { env }), "second revision");
      assert.match(second, /no changes detected; no revision written/);

      const app = await project.start("app", { env });
      try {
        const health = await (await fetch(`${app.url}/health`)).json();
        assert.deepEqual(health, { status: "ok" });
        await postAndGet(app.url, "single");
        assert.match(await (await fetch(`${app.url}/`)).text(), /Hello World!/);
      } finally {
        assert.equal((await app.stop()).code, 0);
      }
    });

    test("multi-db: app2 with the test bind; MyModel and SecondModel land in their databases", async () => {
      const project = freshTutorial();
      const env: Record<string, string> = { WF_EXT_SCHEDULER: "0" };
      if (server.dialect !== "sqlite") {
        env.DATABASE_URI = (await database(server)).uri;
        env.TEST_DB_URI = (await database(server)).uri;
      }
      assert.match(ok(await project.wf(["migrate", "init", "app2"], { env }), "init"), /multi-db template \(binds: default, test\)/);
      const revision = ok(await project.wf(["migrate", "revision", "app2", "-a"], { env }), "revision");
      assert.match(revision, /bind "default": wrote additives\/migrations\/app2\/default\/versions\//);
      assert.match(revision, /bind "test": wrote additives\/migrations\/app2\/test\/versions\//);
      const defaultRevision = readdirSync(project.path("additives/migrations/app2/default/versions"));
      const testRevision = readdirSync(project.path("additives/migrations/app2/test/versions"));
      assert.match(project.read(join("additives/migrations/app2/default/versions", defaultRevision[0]!)), /op\.createTable\("my_model"/);
      assert.match(project.read(join("additives/migrations/app2/test/versions", testRevision[0]!)), /op\.createTable\("second_model"/);

      ok(await project.wf(["migrate", "upgrade", "app2"], { env }), "upgrade");
      const current = ok(await project.wf(["migrate", "current", "app2"], { env }), "current");
      assert.match(current, /^default: [0-9a-f]{12} \(head\)$/m);
      assert.match(current, /^test: [0-9a-f]{12} \(head\)$/m);
      ok(await project.wf(["migrate", "check", "app2"], { env }), "check");

      const app = await project.start("app2", { env });
      try {
        await postAndGet(app.url, "multi");
      } finally {
        assert.equal((await app.stop()).code, 0);
      }
    });
  });
}

describe("dialect-neutral revisions", () => {
  const others = servers.filter((s) => s.dialect !== "sqlite");
  test("revisions autogenerated on SQLite upgrade, downgrade and upgrade on PostgreSQL and MariaDB", { skip: others.some((s) => s.skip) && "needs PostgreSQL and MariaDB" }, async () => {
    const project = freshTutorial();
    ok(await project.wf(["migrate", "init", "app"]), "init");
    ok(await project.wf(["migrate", "revision", "app", "-a", "-m", "create tables"]), "revision on sqlite");
    // Each database on its own, at the same time: the runs share nothing but the revision files.
    await Promise.all(
      others.map(async (server) => {
        const env = { DATABASE_URI: (await database(server)).uri, WF_EXT_SCHEDULER: "0" };
        ok(await project.wf(["migrate", "upgrade", "app"], { env }), `upgrade on ${server.dialect}`);
        ok(await project.wf(["migrate", "check", "app"], { env }), `check on ${server.dialect}`);
        ok(await project.wf(["migrate", "downgrade", "app", "base"], { env }), `downgrade on ${server.dialect}`);
        assert.match(ok(await project.wf(["migrate", "current", "app"], { env }), "current"), /^default: base/m);
        ok(await project.wf(["migrate", "upgrade", "app"], { env }), `upgrade again on ${server.dialect}`);
        ok(await project.wf(["migrate", "check", "app"], { env }), `check again on ${server.dialect}`);
      }),
    );
  });

  test("a revision autogenerated on PostgreSQL upgrades and downgrades on SQLite and MariaDB", { skip: others.some((s) => s.skip) && "needs PostgreSQL and MariaDB" }, async () => {
    const project = freshTutorial();
    const pg = { DATABASE_URI: (await database(others.find((s) => s.dialect === "postgresql")!)).uri, WF_EXT_SCHEDULER: "0" };
    ok(await project.wf(["migrate", "init", "app"], { env: pg }), "init");
    ok(await project.wf(["migrate", "revision", "app", "-a"], { env: pg }), "revision on postgresql");
    const mysql = { DATABASE_URI: (await database(others.find((s) => s.dialect === "mysql")!)).uri, WF_EXT_SCHEDULER: "0" };
    await Promise.all(
      [["sqlite", { WF_EXT_SCHEDULER: "0" }] as const, ["mysql", mysql] as const].map(async ([on, env]) => {
        ok(await project.wf(["migrate", "upgrade", "app"], { env }), `upgrade on ${on}`);
        ok(await project.wf(["migrate", "check", "app"], { env }), `check on ${on}`);
        ok(await project.wf(["migrate", "downgrade", "app", "-1"], { env }), `downgrade on ${on}`);
        ok(await project.wf(["migrate", "upgrade", "app"], { env }), `upgrade again on ${on}`);
      }),
    );
  });
});

describe("the example's npm start", () => {
  test("migrates the example's database to head with the revisions it ships, then serves", async () => {
    const project = TempProject.fromExample("tutorial");
    cleanup.push(() => project.remove());
    const { scripts } = JSON.parse(project.read("package.json")) as { scripts: { start: string } };
    // What npm puts on PATH for a script: the package's wf.
    project.write(".bin/wf", `#!/bin/sh\nexec "${process.execPath}" "${WF_BIN}" "$@"\n`);
    chmodSync(project.path(".bin/wf"), 0o755);
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("WF_")));
    const port = await freePort();
    const child = spawn("sh", ["-c", scripts.start], {
      cwd: project.root,
      env: { ...env, PATH: `${project.path(".bin")}:${process.env.PATH ?? ""}`, WF_PORT: String(port), WF_EXT_SCHEDULER: "0" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitUntil(
        async () => {
          if (child.exitCode !== null) throw new Error(`npm start (${scripts.start}) exited with ${child.exitCode}:\n${output}`);
          return fetch(`${url}/health`).then(() => true, () => false);
        },
        60_000,
        () => `npm start did not serve within 60 s:\n${output}`,
      );
      assert.match(output, /^\[1\/1\] upgrade default [0-9a-f]{12} "create my_model"/m);
      await postAndGet(url, "started"); // the table exists: the database was migrated before serving
    } finally {
      process.kill(-child.pid!, "SIGTERM");
      await exited(child);
    }
  });
});
