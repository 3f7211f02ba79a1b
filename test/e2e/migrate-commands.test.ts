/**
 * Every `wf migrate` command and its errors through the real `wf`, on SQLite (the same
 * code paths run on the other databases in migrate-safety and seed-migrate). Each `wf`
 * start-up costs a second or two, so flows share invocations and independent read-only
 * checks run at once; cases that need no CLI are in test/migrate/commands.test.ts and
 * test/migrate/cli-help.test.ts.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { after, describe, test } from "node:test";
import { tableRevision, writeRevision } from "../support/migrations.ts";
import { TempProject, type WfResult } from "../support/project.ts";

const cleanup: (() => unknown)[] = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

const env = { WF_EXT_SCHEDULER: "0" };

function fresh(): TempProject {
  const project = TempProject.fromExample("tutorial");
  cleanup.push(() => project.remove());
  rmSync(project.path("additives"), { recursive: true, force: true });
  return project;
}

async function wf(project: TempProject, ...args: string[]): Promise<WfResult> {
  return project.wf(["migrate", ...args], { env });
}

async function ok(project: TempProject, ...args: string[]): Promise<string> {
  const result = await wf(project, ...args);
  assert.equal(result.code, 0, `wf migrate ${args.join(" ")}:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** Exit 1 with exactly one error line matching `pattern`. */
async function fails(project: TempProject, pattern: RegExp, ...args: string[]): Promise<void> {
  const result = await wf(project, ...args);
  assert.equal(result.code, 1, `wf migrate ${args.join(" ")} should fail:\n${result.stdout}${result.stderr}`);
  const lines = result.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0]!, pattern);
}

/** A project with a linear history r1 <- r2 <- r3 on the default bind. */
async function linear(): Promise<TempProject> {
  const project = fresh();
  await ok(project, "init", "app");
  writeRevision(project, "app", tableRevision("a1a1a1a1a1a1", null, "one", { message: "create one" }));
  writeRevision(project, "app", tableRevision("b2b2b2b2b2b2", "a1a1a1a1a1a1", "two", { message: "create two" }));
  writeRevision(project, "app", tableRevision("c3c3c3c3c3c3", "b2b2b2b2b2b2", "three", { message: "create three" }));
  return project;
}

describe("wf migrate commands", () => {
  test("targets: +N, -N, ids, prefixes, base, head", async () => {
    const project = await linear();
    assert.match(await ok(project, "upgrade", "app", "+1"), /^\[1\/1\] upgrade default a1a1a1a1a1a1 "create one"/m);
    assert.match(await ok(project, "upgrade", "app", "c3c3"), /^\[1\/2\] upgrade default b2b2b2b2b2b2 .*\n\[2\/2\] upgrade default c3c3c3c3c3c3 /m);
    assert.match(await ok(project, "downgrade", "app"), /^\[1\/1\] downgrade default c3c3c3c3c3c3 /m);
    assert.match(await ok(project, "downgrade", "app", "a1a1a1"), /^\[1\/1\] downgrade default b2b2b2b2b2b2 /m);
    assert.match(await ok(project, "current", "app"), /^default: a1a1a1a1a1a1$/m);
    assert.match(await ok(project, "downgrade", "app", "base"), /^\[1\/1\] downgrade default a1a1a1a1a1a1 /m);
    assert.match(await ok(project, "current", "app"), /^default: base/m);
    assert.match(await ok(project, "upgrade", "app", "default@head"), /\[3\/3\] upgrade default c3c3c3c3c3c3/);
    assert.match(await ok(project, "upgrade", "app"), /nothing to upgrade/);
  });

  test("history (-r, --indicate-current), heads, branches, show", async () => {
    const project = await linear();
    await ok(project, "upgrade", "app", "b2b2");
    // Read-only commands, run at once.
    const [history, range, heads, branches, show] = await Promise.all([
      ok(project, "history", "app", "--indicate-current"),
      ok(project, "history", "app", "-r", "b2b2:head"),
      ok(project, "heads", "app"),
      ok(project, "branches", "app"),
      ok(project, "show", "app", "b2b2"),
    ]);
    assert.deepEqual(history.trim().split("\n"), [
      "default: b2b2b2b2b2b2 -> c3c3c3c3c3c3 (head), create three",
      "default: a1a1a1a1a1a1 -> b2b2b2b2b2b2 (current), create two",
      "default: <base> -> a1a1a1a1a1a1, create one",
    ]);
    assert.equal(range.trim().split("\n").length, 2);
    assert.match(heads, /^default: c3c3c3c3c3c3 \(head\), create three$/m);
    assert.match(branches, /no branch points/);
    assert.match(show, /^Revision: b2b2b2b2b2b2$/m);
    assert.match(show, /^Parent: a1a1a1a1a1a1$/m);
    assert.match(show, /op\.createTable\("two"/);
  });

  test("stamp records without running; --purge empties the table first", async () => {
    const project = await linear();
    assert.match(await ok(project, "stamp", "app", "b2b2"), /stamped at b2b2b2b2b2b2/);
    assert.match(await ok(project, "current", "app"), /^default: b2b2b2b2b2b2$/m);
    // stamping ran nothing: upgrading from b2 creates only "three"
    assert.match(await ok(project, "upgrade", "app"), /\[1\/1\] upgrade default c3c3c3c3c3c3/);
    await ok(project, "stamp", "app", "base", "--purge");
    assert.match(await ok(project, "current", "app"), /^default: base/m);
  });

  test("multiple heads are an error naming them; merge joins them", async () => {
    const project = await linear();
    writeRevision(project, "app", tableRevision("d4d4d4d4d4d4", "b2b2b2b2b2b2", "four"));
    await fails(project, /^error: bind "default" has 2 heads \(c3c3c3c3c3c3, d4d4d4d4d4d4\); join them with "wf migrate merge app c3c3c3c3c3c3 d4d4d4d4d4d4", or upgrade to "heads" \[WF_ERR_MIGRATE_MULTIPLE_HEADS\]$/, "upgrade", "app");
    assert.match(await ok(project, "branches", "app"), /^default: b2b2b2b2b2b2 \(branchpoint\) -> c3c3c3c3c3c3, d4d4d4d4d4d4$/m);
    assert.match(await ok(project, "merge", "app", "c3c3", "d4d4", "-m", "join"), /wrote additives\/migrations\/app\/default\/versions\/.*_join\.ts/);
    await ok(project, "upgrade", "app");
    const current = await ok(project, "current", "app");
    assert.match(current, /^default: [0-9a-f]{12} \(head\)$/m);
  });

  test("init --multidb; a bind added later starts its own root; --depends-on pulls its dependency in first; --head starts a branch", async () => {
    const project = fresh();
    assert.match(await ok(project, "init", "app", "--multidb"), /with the multi-db template \(binds: default\)/);
    assert.match(project.read("additives/migrations/app/env.ts"), /template: "multi-db"/);
    const root = /_([0-9a-f]{12})_models\.ts/.exec(await ok(project, "revision", "app", "-a", "-m", "models"))![1]!;
    await ok(project, "upgrade", "app");
    project.write("app_configs/app.ini", `${project.read("app_configs/app.ini")}\n[binds]\ntest = sqlite:///later.db\n`);
    const added = await ok(project, "revision", "app", "-a", "-m", "the new bind");
    assert.match(added, /bind "default": no changes detected/);
    assert.match(added, /bind "test": wrote additives\/migrations\/app\/test\/versions\//);
    assert.ok(existsSync(project.path("additives/migrations/app/test/versions")), "own folder");
    const [testFile] = readdirSync(project.path("additives/migrations/app/test/versions"));
    assert.match(project.read(`additives/migrations/app/test/versions/${testFile}`), /export const downRevision: string \| string\[\] \| null = null;/);

    // A default revision not applied yet, and a test revision that needs it: upgrading only
    // the test bind applies the dependency first.
    writeRevision(project, "app", tableRevision("d2d2d2d2d2d2", root, "extra", { message: "extra table" }));
    const dependent = /wrote (\S+_after_default\.ts)/.exec(await ok(project, "revision", "app", "--bind", "test", "-m", "after default", "--depends-on", "d2d2"))![1]!;
    assert.match(project.read(dependent), /^export const dependsOn: string\[\] = \["d2d2d2d2d2d2"\];$/m);
    const steps = (await ok(project, "upgrade", "app", "test@head")).split("\n").filter((line) => /^\[\d\/3\]/.test(line));
    assert.equal(steps.length, 3, steps.join("\n"));
    assert.match(steps[2]!, /^\[3\/3\] upgrade test [0-9a-f]{12} "after default"/);
    assert.ok(steps.slice(0, 2).some((line) => / upgrade default d2d2d2d2d2d2 "extra table"/.test(line)), `the dependency first:\n${steps.join("\n")}`);

    // --head on a revision that already has a child: a second child, so a branch.
    const side = /wrote (\S+_side\.ts)/.exec(await ok(project, "revision", "app", "-m", "side", "--head", root))![1]!;
    assert.match(project.read(side), new RegExp(`^export const downRevision: string \\| string\\[\\] \\| null = "${root}";$`, "m"));
    const sideId = /_([0-9a-f]{12})_side\.ts$/.exec(side)![1]!;
    const children = [sideId, "d2d2d2d2d2d2"].sort((a, b) => (a.startsWith("d2") ? 1 : b.startsWith("d2") ? -1 : 0));
    assert.match(await ok(project, "branches", "app"), new RegExp(`^default: ${root} \\(branchpoint\\) -> (${children.join(", ")}|${[...children].reverse().join(", ")})$`, "m"));
  });

  test("--sql prints the SQL of an upgrade and of a downgrade range without connecting", async () => {
    const project = await linear();
    const up = await ok(project, "upgrade", "app", "--sql");
    assert.match(up, /create table `one`/);
    assert.match(up, /insert into wf_migrate_version .* values \('c3c3c3c3c3c3', 'default'/);
    assert.ok(!existsSync(project.path("app.db")), "nothing connected");
    const down = await ok(project, "downgrade", "app", "head:a1a1", "--sql");
    assert.match(down, /-- downgrade c3c3c3c3c3c3[\s\S]*drop table `three`[\s\S]*-- downgrade b2b2b2b2b2b2[\s\S]*drop table `two`/);
    assert.doesNotMatch(down, /drop table `one`/);
    await fails(project, /^error: downgrade --sql needs a range start:end/, "downgrade", "app", "base", "--sql");
  });

  test("--empty writes a file, nothing to change writes none; check passes at head and fails on pending revisions and model changes; migrate (= revision -a) prints blind spots and likely renames", async () => {
    const project = fresh();
    await ok(project, "init", "app");
    await ok(project, "revision", "app", "-a");
    await ok(project, "upgrade", "app");
    assert.match(await ok(project, "revision", "app", "-a", "--empty", "-m", "placeholder"), /wrote .*_placeholder\.ts \(0 operation/);
    const pending = await wf(project, "check", "app");
    assert.equal(pending.code, 1, "a pending revision fails check");
    assert.match(pending.stdout, /^bind "default": 1 revision\(s\) not applied \([0-9a-f]{12}\); run wf migrate upgrade app$/m);
    await ok(project, "upgrade", "app");
    const clean = await wf(project, "check", "app");
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /^ok: every bind is at head and matches its models$/m);
    assert.match(await ok(project, "revision", "app", "-a"), /no changes detected; no revision written/);
    assert.equal(readdirSync(project.path("additives/migrations/app/default/versions")).length, 2);

    // The models change while the database is at head: check's CI job fails and says what changed.
    project.write("fluid/models.ts", project.read("fluid/models.ts").replace("  value: p.string(),\n  createdAt", "  label: p.string(),\n  createdAt"));
    const differ = await wf(project, "check", "app");
    assert.equal(differ.code, 1, differ.stdout + differ.stderr);
    assert.match(differ.stdout, /^bind "default": the models differ from the migrations \(2 operation\(s\)\); run wf migrate revision app -a:$/m);
    assert.match(differ.stdout, /^ {4}op\.addColumn\("my_model", op\.column\("label", "string"/m);
    assert.match(differ.stdout, /^ {4}op\.dropColumn\("my_model", "value"\);$/m);
    assert.doesNotMatch(differ.stdout, /^ok:/m);

    const renamed = await ok(project, "migrate", "app", "-m", "rename");
    assert.match(renamed, /^bind "default": warning: my_model: column value is dropped and label \(string\) added; if it is a rename, replace both with op\.renameColumn\("my_model", "value", "label"\) to keep the data$/m);
    assert.match(renamed, /^bind "default": not compared \(docs\/migrate\.md, "Blind spots"\): renames, column order, .*, lengths and precision, storage classes, foreign key names$/m);
    assert.match(renamed, /^bind "default": wrote additives\/migrations\/app\/default\/versions\/.*_rename\.ts \(2 operation\(s\)\)$/m);
  });

  test("env.ts hooks are honoured: versionTable, transactionMode, includeObject", async () => {
    const project = fresh();
    await ok(project, "init", "app");
    project.write(
      "additives/migrations/app/env.ts",
      [
        `import { defineMigrateEnv } from "webfluid/migrate";`,
        `export default defineMigrateEnv({`,
        `  versionTable: "deploy_versions",`,
        `  transactionMode: "none",`,
        `  includeObject: (object) => (object.table ?? object.name) !== "legacy_notes",`,
        `});`,
        ``,
      ].join("\n"),
    );
    // Objects another tool owns: a table includeObject keeps out, and a view.
    const db = new DatabaseSync(project.path("app.db"));
    db.exec("create table legacy_notes (id integer primary key, body text); create view legacy_view as select 1 as one;");
    db.close();

    const revision = await ok(project, "revision", "app", "-a", "-m", "models");
    assert.match(revision, /^bind "default": not compared: views: view legacy_view is not in the models: left alone$/m);
    const file = /wrote (\S+_models\.ts)/.exec(revision)![1]!;
    assert.match(project.read(file), /op\.createTable\("my_model"/);
    assert.doesNotMatch(project.read(file), /legacy_notes/, "includeObject kept the table out (it would be dropped otherwise)");
    const models = /_([0-9a-f]{12})_models\.ts$/.exec(file)![1]!;
    writeRevision(project, "app", {
      id: "bad000000001",
      down: models,
      upgrade: [`op.createTable("half_done", [op.column("id", "integer", { primary: true, autoincrement: true })]);`, `op.execute("this is not sql");`],
      downgrade: [`op.dropTable("half_done");`],
    });
    const failed = await wf(project, "upgrade", "app");
    assert.equal(failed.code, 1, failed.stdout + failed.stderr);
    assert.match(failed.stdout, /^\[1\/2\] upgrade default [0-9a-f]{12} "models"/m);
    assert.match(failed.stderr, /upgrade of revision bad000000001 .* it ran without a transaction \(MySQL\/MariaDB DDL, or transactionMode "none"\): the 1 operation\(s\) of it that ran were reversed; the database stays at its last good revision; fix the revision and run the command again \[WF_ERR_MIGRATE_REVISION_FAILED\]$/m);

    const after = new DatabaseSync(project.path("app.db"), { readOnly: true });
    try {
      const tables = (after.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[]).map((r) => r.name);
      assert.deepEqual(tables, ["deploy_versions", "deploy_versions_progress", "legacy_notes", "my_model"]);
      assert.deepEqual(after.prepare("select revision, bind from deploy_versions").all().map((r) => ({ ...r })), [{ revision: models, bind: "default" }]);
    } finally {
      after.close();
    }
    // The progress table (transactionMode "none") is Migrate's own: autogenerate leaves it out.
    rmSync(project.path("additives/migrations/app/default/versions/bad000000001.ts"));
    const check = await wf(project, "check", "app");
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.doesNotMatch(check.stdout, /deploy_versions/);
  });
});

describe("wf migrate reports what does not add up", () => {
  test("an applied revision whose file is gone: current, status and check say so", async () => {
    const project = await linear();
    await ok(project, "upgrade", "app");
    rmSync(project.path("additives/migrations/app/default/versions/c3c3c3c3c3c3.ts"));
    const [current, status, check] = await Promise.all([ok(project, "current", "app"), wf(project, "status", "app"), wf(project, "check", "app")]);
    assert.match(current, /^default: b2b2b2b2b2b2 \(head\), c3c3c3c3c3c3 \(no file\)$/m);
    assert.equal(status.code, 1);
    assert.match(status.stdout, /^default\s+c3c3c3c3c3c3\s+missing-file/m);
    assert.equal(check.code, 1);
    assert.match(check.stdout, /revision c3c3c3c3c3c3 is applied but its file is gone/);
  });

  test("a bind folder whose bind is no longer configured fails status, check and upgrade", async () => {
    const project = await linear();
    writeRevision(project, "app", tableRevision("t1t1t1t1t1t1", null, "elsewhere", { bind: "gone" }));
    const [status, check] = await Promise.all([
      wf(project, "status", "app"),
      wf(project, "check", "app"),
      fails(project, /^error: additives\/migrations\/app\/gone holds revisions but bind "gone" is not configured .* \[WF_ERR_MIGRATE_UNKNOWN_BIND\]$/, "upgrade", "app"),
    ]);
    assert.equal(status.code, 1);
    assert.match(status.stdout, /^gone\s+t1t1t1t1t1t1\s+unconfigured-bind/m);
    assert.equal(check.code, 1);
    assert.match(check.stdout, /additives\/migrations\/app\/gone holds revisions, but bind "gone" is not configured for "app"/);
  });

  test("upgrade --allow-edited warns about an applied revision edited afterwards (refused without it: migrate-faults)", async () => {
    const project = await linear();
    await ok(project, "upgrade", "app", "b2b2");
    const file = "additives/migrations/app/default/versions/a1a1a1a1a1a1.ts";
    project.write(file, `${project.read(file)}// edited\n`);
    assert.match(await ok(project, "upgrade", "app", "--allow-edited"), /^warning: bind "default": revision a1a1a1a1a1a1 \(.*a1a1a1a1a1a1\.ts\) was edited after it was applied$/m);
  });
});

describe("wf migrate errors", () => {
  test("init twice, no migrations folder, unknown revision, ambiguous prefix", async () => {
    const project = fresh();
    await fails(project, /^error: no migrations folder for app config "app" \(additives\/migrations\/app\/env\.ts is missing\); run init first: wf migrate init app \[WF_ERR_MIGRATE_NOT_INITIALIZED\]$/, "upgrade", "app");
    await ok(project, "init", "app");
    await fails(project, /^error: additives\/migrations\/app is already initialized; .* \[WF_ERR_MIGRATE_ALREADY_INITIALIZED\]$/, "init", "app");
    writeRevision(project, "app", tableRevision("abc111111111", null, "x"));
    writeRevision(project, "app", tableRevision("abc222222222", "abc111111111", "y"));
    await Promise.all([
      fails(project, /^error: no revision "zzz999"; wf migrate history app lists the revisions \[WF_ERR_MIGRATE_UNKNOWN_REVISION\]$/, "show", "app", "zzz999"),
      fails(project, /^error: revision prefix "abc" matches 2 revisions \(abc111111111, abc222222222\); give more characters \[WF_ERR_MIGRATE_AMBIGUOUS_REVISION\]$/, "upgrade", "app", "abc"),
    ]);
  });

  test("a revision file that fails to load names the file and the error", async () => {
    const project = fresh();
    await ok(project, "init", "app");
    const file = writeRevision(project, "app", tableRevision("eee111111111", null, "x"));
    project.write(file, project.read(file).replace("op.dropTable", "op.dropTable(("));
    await fails(project, /^error: could not load revision additives\/migrations\/app\/default\/versions\/eee111111111\.ts: .*eee111111111\.ts:\d+:\d+: ERROR: .* \[WF_ERR_MIGRATE_REVISION_LOAD_FAILED\]$/, "upgrade", "app");
  });

  test("downgrade below base, an unknown bind, an unreachable database", async () => {
    const project = fresh();
    await ok(project, "init", "app");
    writeRevision(project, "app", tableRevision("fff111111111", null, "x"));
    await ok(project, "upgrade", "app");
    const [, , unreachable] = await Promise.all([
      fails(project, /^error: cannot go 3 revisions down on bind "default": only 1 is applied; use "base" to unapply them all \[WF_ERR_MIGRATE_BELOW_BASE\]$/, "downgrade", "app", "-3"),
      fails(project, /^error: bind "nope" is not configured .* \[WF_ERR_MIGRATE_UNKNOWN_BIND\]$/, "upgrade", "app", "--bind", "nope"),
      project.wf(["migrate", "current", "app"], { env: { ...env, DATABASE_URI: "postgresql://postgres@127.0.0.1:1/nothing" } }),
    ]);
    assert.equal(unreachable.code, 1);
    assert.equal(unreachable.stderr.trimEnd().split("\n").length, 1, unreachable.stderr);
    assert.match(unreachable.stderr.trimEnd(), /^error: cannot connect bind "default" \(postgresql at 127\.0\.0\.1:1.*ECONNREFUSED.* \[WF_ERR_DB_UNREACHABLE\]$/);
  });
  test("autogenerate on a database behind head; malformed revision headers", async () => {
    const project = fresh();
    await ok(project, "init", "app");
    writeRevision(project, "app", tableRevision("aaa111111111", null, "one"));
    writeRevision(project, "app", tableRevision("bbb222222222", "aaa111111111", "two"));
    await ok(project, "upgrade", "app", "+1");
    await fails(project, /^error: bind "default" is not up to date \(1 revision\(s\) pending, e\.g\. bbb222222222\); run wf migrate upgrade app before autogenerating \[WF_ERR_MIGRATE_NOT_UP_TO_DATE\]$/, "revision", "app", "-a", "-m", "more");
    const bad = writeRevision(project, "app", tableRevision("ccc333333333", "bbb222222222", "three"));
    project.write(bad, project.read(bad).replace(`"ccc333333333"`, `"ccc 333!"`));
    await fails(project, /^error: additives\/migrations\/app\/default\/versions\/ccc333333333\.ts: "revision" must be an id of letters, digits, _ or -; got "ccc 333!" \[WF_ERR_MIGRATE_BAD_REVISION\]$/, "status", "app");
    project.write(bad, project.read(bad).replace(`"ccc 333!"`, `"ccc333333333"`).replace(`"bbb222222222"`, `"zzz999999999"`));
    await fails(project, /^error: revision ccc333333333 \(bind "default"\) has downRevision zzz999999999, which no revision file defines; restore that revision or fix downRevision \[WF_ERR_MIGRATE_BAD_REVISION\]$/, "upgrade", "app");
  });

  test("no DATABASE_URI; an env.ts or a main.ts that fails to load", async () => {
    const project = fresh();
    project.write("app_configs/nodb.ini", "PACKAGE = fluid\nEXT_SCHEDULER = 0\nEXT_MAIL = 0\n");
    await fails(project, /^error: app config "nodb" has no DATABASE_URI; set it in app_configs\/nodb\.ini \(e\.g\. DATABASE_URI = sqlite:\/\/\/app\.db\) so wf migrate knows what to migrate \[WF_ERR_MIGRATE_NO_DATABASE\]$/, "upgrade", "nodb");
    await ok(project, "init", "app");
    const env = "additives/migrations/app/env.ts";
    const original = project.read(env);
    project.write(env, `${original}\nthrow new Error("env exploded");\n`);
    await fails(project, /^error: could not load additives\/migrations\/app\/env\.ts: .*env exploded.* \[WF_ERR_MIGRATE_ENV_LOAD_FAILED\]$/, "current", "app");
    project.write(env, original);
    project.write("fluid/main.ts", `throw new Error("main exploded");\n${project.read("fluid/main.ts")}`);
    await fails(project, /^error: could not load fluid\/main\.ts \(imported for its models\): .*main exploded.* \[WF_ERR_MIGRATE_MODELS_LOAD_FAILED\]$/, "revision", "app", "-a", "-m", "x");
  });
});
