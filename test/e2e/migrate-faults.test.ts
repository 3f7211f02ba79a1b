/**
 * Migrate when something is wrong, through the real `wf`: a pending revision that does not
 * load (nothing is applied; status and check name it), a revision interrupted by kill -9 on
 * MariaDB (every command says what is known to have run; `resolve` is the way out), an
 * applied revision edited since (upgrade refuses without --allow-edited), version rows of
 * another app config's history, and `wf run` on a database behind its migrations.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, describe, test } from "node:test";
import mysql from "mysql2/promise";
import { server } from "../support/databases.ts";
import { tableRevision, writeRevision } from "../support/migrations.ts";
import { RunningChild } from "../support/processes.ts";
import { TempProject, WF_BIN, waitUntil, type WfResult } from "../support/project.ts";

const cleanup: (() => unknown)[] = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

const baseEnv = { WF_EXT_SCHEDULER: "0" };

function fresh(options: { keepMigrations?: boolean } = {}): TempProject {
  const project = TempProject.fromExample("tutorial");
  cleanup.push(() => project.remove());
  if (!options.keepMigrations) rmSync(project.path("additives"), { recursive: true, force: true });
  return project;
}

function wf(project: TempProject, args: readonly string[], env: Record<string, string> = {}): Promise<WfResult> {
  return project.wf(["migrate", ...args], { env: { ...baseEnv, ...env } });
}

async function ok(project: TempProject, args: readonly string[], env: Record<string, string> = {}): Promise<string> {
  const result = await wf(project, args, env);
  assert.equal(result.code, 0, `wf migrate ${args.join(" ")}:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** Exit 1 with exactly one error line, which is returned. */
async function fails(project: TempProject, args: readonly string[], env: Record<string, string> = {}): Promise<string> {
  const result = await wf(project, args, env);
  assert.equal(result.code, 1, `wf migrate ${args.join(" ")} should fail:\n${result.stdout}${result.stderr}`);
  const lines = result.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, result.stderr);
  return lines[0]!;
}

describe("a revision that does not load", () => {
  test("upgrade applies nothing and names the file; status and check report it and exit 1", async () => {
    const project = fresh();
    await ok(project, ["init", "app"]);
    writeRevision(project, "app", tableRevision("aaa000000001", null, "first_table"));
    const broken = writeRevision(project, "app", tableRevision("bbb000000002", "aaa000000001", "second_table"));
    project.write(broken, `${project.read(broken)}\nexport const oops = ;\n`);

    const upgrade = await fails(project, ["upgrade", "app"]);
    assert.match(upgrade, /^error: could not load revision additives\/migrations\/app\/default\/versions\/bbb000000002\.ts: .*; nothing was upgraded .* \[WF_ERR_MIGRATE_REVISION_LOAD_FAILED\]$/);
    const [current, status, check] = await Promise.all([ok(project, ["current", "app"]), wf(project, ["status", "app"]), wf(project, ["check", "app"])]);
    assert.match(current, /^default: base \(nothing applied\)$/m, "the valid revision before it was not applied either");
    assert.equal(status.code, 1, status.stdout);
    assert.match(status.stdout, /^default\s+aaa000000001\s+pending\s/m);
    assert.match(status.stdout, /^default\s+bbb000000002\s+load-failed\s/m);
    assert.match(status.stdout, /^could not load revision additives\/migrations\/app\/default\/versions\/bbb000000002\.ts: /m);
    assert.equal(check.code, 1, check.stdout);
    assert.match(check.stdout, /^bind "default": could not load revision additives\/migrations\/app\/default\/versions\/bbb000000002\.ts: .*\[WF_ERR_MIGRATE_REVISION_LOAD_FAILED\]$/m);

    project.write(broken, project.read(broken).replace("\nexport const oops = ;\n", ""));
    assert.match(await ok(project, ["upgrade", "app"]), /^\[2\/2\] upgrade default bbb000000002 /m);
  });
});

describe("an applied revision edited afterwards", () => {
  test("upgrade refuses, naming the file and how to restore or re-stamp it; --allow-edited goes ahead", async () => {
    const project = fresh();
    await ok(project, ["init", "app"]);
    const file = writeRevision(project, "app", tableRevision("e1e1e1e1e1e1", null, "one"));
    await ok(project, ["upgrade", "app"]);
    project.write(file, `${project.read(file)}// edited\n`);
    writeRevision(project, "app", tableRevision("e2e2e2e2e2e2", "e1e1e1e1e1e1", "two"));

    const refused = await fails(project, ["upgrade", "app"]);
    assert.match(
      refused,
      /^error: bind "default": revision e1e1e1e1e1e1 \(additives\/migrations\/app\/default\/versions\/e1e1e1e1e1e1\.ts\) was edited after it was applied, .*git checkout -- additives\/migrations\/app\/default\/versions\/e1e1e1e1e1e1\.ts.*wf migrate stamp app e1e1e1e1e1e1 --purge.*--allow-edited.* \[WF_ERR_MIGRATE_REVISION_EDITED\]$/,
    );
    assert.match(await ok(project, ["current", "app"]), /^default: e1e1e1e1e1e1$/m, "nothing was applied");

    const allowed = await ok(project, ["upgrade", "app", "--allow-edited"]);
    assert.match(allowed, /^warning: bind "default": revision e1e1e1e1e1e1 \(.*\) was edited after it was applied$/m);
    assert.match(allowed, /^\[1\/1\] upgrade default e2e2e2e2e2e2 /m);
  });
});

describe("version rows of another history", () => {
  test("with SQLALCHEMY_BINDS in config.ts (app and app2 share test.db), check app names the other app config, the cause and the fix", async () => {
    const project = fresh();
    const config = "fluid/config.ts";
    project.write(config, project.read(config).replace("// SQLALCHEMY_BINDS = ", "SQLALCHEMY_BINDS = "));
    await ok(project, ["init", "app"]);
    await ok(project, ["init", "app2"]);
    const written = await ok(project, ["revision", "app2", "-a", "-m", "first"]);
    const id = /^bind "test": wrote additives\/migrations\/app2\/test\/versions\/\d+_\d+_([0-9a-f]{12})_first\.ts/m.exec(written)?.[1];
    assert.ok(id, written);
    await ok(project, ["upgrade", "app2"]);

    const [check, status] = await Promise.all([wf(project, ["check", "app"]), wf(project, ["status", "app"])]);
    assert.equal(check.code, 1, check.stdout + check.stderr);
    assert.doesNotMatch(check.stdout, /file is gone/);
    const line = check.stdout.split("\n").find((l) => l.includes("another history"));
    assert.ok(line, check.stdout);
    assert.match(line, new RegExp(`^the version rows of bind "test" \\(sqlite at .*test\\.db, from SQLALCHEMY_BINDS.*\\) belong to another history: revision\\(s\\) ${id} recorded there belong to app config "app2" \\(additives/migrations/app2/test/versions/.*_${id}_first\\.ts\\), not to "app"`));
    assert.match(line, /app configs "app" and "app2" share one database for bind "test" \(SQLALCHEMY_BINDS is set by config class MyConfig in fluid\/config\.ts, which every app config loads\); give each app config a database of its own for the bind/);
    assert.equal(status.code, 1);
    assert.match(status.stdout, new RegExp(`^test\\s+${id}\\s+other-history\\s+\\(app config "app2"\\)`, "m"));
  });
});

describe("wf run on a database behind its migrations", () => {
  test("warns once per bind with the command to run, migrates nothing, and a request failing on the missing table logs the hint", async () => {
    const project = fresh({ keepMigrations: true });
    const behind = await project.start("app", { env: baseEnv });
    let output: string;
    try {
      await waitUntil(() => /unapplied migration/.test(behind.output()), 30_000, () => `no warning:\n${behind.output()}`);
      const response = await fetch(`${behind.url}/my-model?id=1`);
      assert.equal(response.status, 500);
      await waitUntil(() => /failed on a missing table/.test(behind.output()), 10_000, () => `no hint:\n${behind.output()}`);
    } finally {
      output = (await behind.stop()).stdout;
    }
    const warnings = output.split("\n").filter((line) => line.includes("unapplied migration"));
    assert.equal(warnings.length, 1, output);
    assert.match(warnings[0]!, /bind \\"default\\": 1 unapplied migration\(s\) \(it was never migrated\); the app may fail until you run wf migrate upgrade app/);
    assert.match(output, /GET \/my-model\?id=1 failed on a missing table; the database may be behind its migrations: run wf migrate upgrade app/);
    assert.match(await ok(project, ["current", "app"]), /^default: base \(nothing applied\)$/m, "nothing was migrated");

    await ok(project, ["upgrade", "app"]);
    const upToDate = await project.start("app", { env: baseEnv });
    let after: string;
    try {
      assert.equal((await fetch(`${upToDate.url}/my-model?id=1`)).status, 404);
    } finally {
      after = (await upToDate.stop()).stdout;
    }
    assert.doesNotMatch(after, /unapplied migration|could not check the migrations/);
  });
});

const mariadb = server("mysql");

/** A project initialized on a MariaDB database of its own, with revision aaa000000001 creating "thing". */
async function initializedOnMariadb(): Promise<{ project: TempProject; env: Record<string, string> }> {
  const project = fresh();
  const database = await mariadb.create();
  cleanup.push(() => database.drop());
  const env = { DATABASE_URI: database.uri };
  await ok(project, ["init", "app"], env);
  writeRevision(project, "app", tableRevision("aaa000000001", null, "thing"));
  return { project, env };
}

describe("a revision interrupted on MariaDB", { skip: mariadb.skip }, () => {
  test("kill -9 mid-revision: every command names the revision and what ran of it; resolve is the way out", async () => {
    const { project, env } = await initializedOnMariadb();
    const slow = writeRevision(project, "app", {
      id: "bbb000000002",
      down: "aaa000000001",
      upgrade: [
        `op.addColumn("thing", op.column("extra", "string", { nullable: true }));`,
        `op.execute("select sleep(600)");`,
        `op.addColumn("thing", op.column("later", "string", { nullable: true }));`,
      ],
      downgrade: [`op.dropColumn("thing", "later");`, `op.dropColumn("thing", "extra");`],
    });

    const client = await mysql.createConnection(env.DATABASE_URI);
    cleanup.push(() => client.end());
    const upgrade = new RunningChild(process.execPath, [WF_BIN, "migrate", "upgrade", "app"], { cwd: project.root, env: { ...baseEnv, ...env } });
    // Wait for the event itself: the progress row saying the sleep has started.
    await waitUntil(
      async () => {
        if (!upgrade.running) throw new Error(`upgrade exited:\n${upgrade.output()}`);
        const [rows] = await client.query("select running from wf_migrate_version_progress").catch(() => [[]]); // not created yet
        return (rows as { running: string | null }[]).some((row) => row.running?.startsWith("execute"));
      },
      60_000,
      () => `the revision never reached its sleep:\n${upgrade.output()}`,
    );
    upgrade.child.kill("SIGKILL");
    await upgrade.exited();
    // The server notices the dead client only when the sleep ends: end that session, as a server restart would.
    const [sessions] = await client.query("select id from information_schema.processlist where db = database() and info like 'select sleep%'");
    for (const { id } of sessions as { id: number }[]) await client.query(`kill ${Number(id)}`);
    assert.match(await ok(project, ["history", "app"], env), /bbb000000002/);

    const interrupted =
      /the upgrade of revision bbb000000002 \(additives\/migrations\/app\/default\/versions\/bbb000000002\.ts\) started at [^ ]+ and was interrupted .*it is not recorded as applied: 1 operation\(s\) of it completed \(addColumn thing\.extra\); execute "select sleep\(600\)" had started and may or may not have taken effect; check the database, then either undo what ran by hand and run wf migrate resolve app bbb000000002 --rolled-back, or finish it by hand and run wf migrate resolve app bbb000000002 --applied/;
    const rerun = await fails(project, ["upgrade", "app"], env);
    assert.match(rerun, new RegExp(`^error: bind "default": ${interrupted.source} \\[WF_ERR_MIGRATE_INTERRUPTED\\]$`));
    assert.doesNotMatch(rerun, /nothing of it had run/);
    const [status, check, current, stamp] = await Promise.all([
      wf(project, ["status", "app"], env),
      wf(project, ["check", "app"], env),
      ok(project, ["current", "app"], env),
      fails(project, ["stamp", "app", "head"], env),
    ]);
    assert.equal(status.code, 1, status.stdout);
    assert.match(status.stdout, /^default\s+aaa000000001\s+applied\s/m);
    assert.match(status.stdout, /^default\s+bbb000000002\s+interrupted\s/m);
    assert.match(status.stdout, interrupted);
    assert.equal(check.code, 1, check.stdout);
    assert.match(check.stdout, new RegExp(`${interrupted.source} \\[WF_ERR_MIGRATE_INTERRUPTED\\]`));
    assert.match(current, new RegExp(`^warning: bind "default": ${interrupted.source}`, "m"));
    assert.match(stamp, /\[WF_ERR_MIGRATE_INTERRUPTED\]$/);

    assert.match(await fails(project, ["resolve", "app", "aaa000000001", "--applied"], env), /^error: revision aaa000000001 is not interrupted on any bind of "app"; what is: bbb000000002 on bind "default" \[WF_ERR_MIGRATE_NOTHING_TO_RESOLVE\]$/);
    assert.match(await fails(project, ["resolve", "app", "bbb000000002"], env), /\[WF_ERR_MIGRATE_BAD_OPTION\]$/);
    // Undo by hand what ran, then say so.
    await client.query("alter table thing drop column extra");
    assert.match(await ok(project, ["resolve", "app", "bbb0", "--rolled-back"], env), /^bind "default": the upgrade of revision bbb000000002 is recorded as rolled back; the revision is not applied$/m);
    assert.match(await fails(project, ["resolve", "app", "bbb000000002", "--rolled-back"], env), /^error: nothing to resolve: no revision of "app" is interrupted on any bind; .* \[WF_ERR_MIGRATE_NOTHING_TO_RESOLVE\]$/);

    project.write(slow, project.read(slow).replace(`  op.execute("select sleep(600)");\n`, ""));
    assert.match(await ok(project, ["upgrade", "app"], env), /^\[1\/1\] upgrade default bbb000000002 /m);
    const done = await wf(project, ["status", "app"], env);
    assert.equal(done.code, 0, done.stdout);
  });

  test("a failure that cannot be undone leaves the revision interrupted until resolved as applied", async () => {
    const { project, env } = await initializedOnMariadb();
    writeRevision(project, "app", {
      id: "ccc000000002",
      down: "aaa000000001",
      upgrade: [`op.execute("insert into thing (value) values ('x')");`, `op.execute("this is not sql");`],
      downgrade: [`op.execute("delete from thing");`],
    });
    const failed = await fails(project, ["upgrade", "app"], env);
    assert.match(failed, /could not all be reversed .*undo them by hand; then record that with wf migrate resolve app ccc000000002 --rolled-back, fix the revision and run the command again \[WF_ERR_MIGRATE_REVISION_FAILED\]$/);
    const again = await fails(project, ["upgrade", "app"], env);
    assert.match(again, /the upgrade of revision ccc000000002 .* 1 operation\(s\) of it completed \(execute "insert into thing \(value\) values \('x'\)"\); execute "this is not sql" had started and may or may not have taken effect; it failed \(.*\) and nothing of it was reversed; .* \[WF_ERR_MIGRATE_INTERRUPTED\]$/);
    assert.match(await ok(project, ["resolve", "app", "ccc000000002", "--applied"], env), /recorded as completed; the revision is applied$/m);
    assert.match(await ok(project, ["current", "app"], env), /^default: ccc000000002 \(head\)$/m);
  });
});
