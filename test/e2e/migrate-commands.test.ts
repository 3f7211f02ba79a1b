/**
 * Every `wf migrate` command and its errors through the real `wf`, on SQLite (the same
 * code paths run on the other databases in migrate-safety and seed-migrate).
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, rmSync } from "node:fs";
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
    await ok(project, "upgrade", "app", "+1");
    assert.match(await ok(project, "current", "app"), /^default: a1a1a1a1a1a1$/m);
    await ok(project, "upgrade", "app", "c3c3");
    assert.match(await ok(project, "current", "app"), /^default: c3c3c3c3c3c3 \(head\)$/m);
    await ok(project, "downgrade", "app");
    assert.match(await ok(project, "current", "app"), /^default: b2b2b2b2b2b2$/m);
    await ok(project, "downgrade", "app", "a1a1a1");
    assert.match(await ok(project, "current", "app"), /^default: a1a1a1a1a1a1$/m);
    await ok(project, "downgrade", "app", "base");
    assert.match(await ok(project, "current", "app"), /^default: base/m);
    assert.match(await ok(project, "upgrade", "app", "default@head"), /\[3\/3\] upgrade default c3c3c3c3c3c3/);
    assert.match(await ok(project, "upgrade", "app"), /nothing to upgrade/);
  });

  test("history (-r, --indicate-current), heads, branches, show", async () => {
    const project = await linear();
    await ok(project, "upgrade", "app", "b2b2");
    const history = await ok(project, "history", "app", "--indicate-current");
    assert.deepEqual(history.trim().split("\n"), [
      "default: b2b2b2b2b2b2 -> c3c3c3c3c3c3 (head), create three",
      "default: a1a1a1a1a1a1 -> b2b2b2b2b2b2 (current), create two",
      "default: <base> -> a1a1a1a1a1a1, create one",
    ]);
    const range = await ok(project, "history", "app", "-r", "b2b2:head");
    assert.equal(range.trim().split("\n").length, 2);
    assert.match(await ok(project, "heads", "app"), /^default: c3c3c3c3c3c3 \(head\), create three$/m);
    assert.match(await ok(project, "branches", "app"), /no branch points/);
    const show = await ok(project, "show", "app", "b2b2");
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

  test("revision --head branches, --depends-on orders across binds, a bind added later starts its own root", async () => {
    const project = fresh();
    await ok(project, "init", "app");
    await ok(project, "revision", "app", "-a", "-m", "models");
    await ok(project, "upgrade", "app");
    project.write("app_configs/app.ini", `${project.read("app_configs/app.ini")}\n[binds]\ntest = sqlite:///later.db\n`);
    const added = await ok(project, "revision", "app", "-a", "-m", "the new bind");
    assert.match(added, /bind "default": no changes detected/);
    assert.match(added, /bind "test": wrote additives\/migrations\/app\/test\/versions\//);
    assert.ok(existsSync(project.path("additives/migrations/app/test/versions")), "own folder");
    const [testFile] = readdirSync(project.path("additives/migrations/app/test/versions"));
    assert.match(project.read(`additives/migrations/app/test/versions/${testFile}`), /export const downRevision: string \| string\[\] \| null = null;/);
    const [defaultHead] = readdirSync(project.path("additives/migrations/app/default/versions")).map((f) => /_([0-9a-f]{12})_/.exec(f)![1]!);
    const dependent = await ok(project, "revision", "app", "--bind", "test", "-m", "after default", "--depends-on", defaultHead!);
    assert.match(dependent, /bind "test": wrote/);
    const upgraded = await ok(project, "upgrade", "app");
    assert.match(upgraded, /\[1\/2\] upgrade test [0-9a-f]{12} "the new bind"/);
    assert.match(upgraded, /\[2\/2\] upgrade test [0-9a-f]{12} "after default"/);
    const branch = await ok(project, "revision", "app", "-m", "side", "--head", defaultHead!);
    assert.match(branch, /bind "default": wrote/);
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

  test("nothing to change writes no file; --empty does; likely renames warn", async () => {
    const project = fresh();
    await ok(project, "init", "app");
    await ok(project, "revision", "app", "-a");
    await ok(project, "upgrade", "app");
    assert.match(await ok(project, "revision", "app", "-a"), /no changes detected; no revision written/);
    assert.match(await ok(project, "revision", "app", "-a", "--empty", "-m", "placeholder"), /wrote .*_placeholder\.ts \(0 operation/);
    await ok(project, "upgrade", "app");
    project.write("fluid/models.ts", project.read("fluid/models.ts").replace("  value: p.string(),\n  createdAt", "  label: p.string(),\n  createdAt"));
    const renamed = await ok(project, "revision", "app", "-a", "-m", "rename");
    assert.match(renamed, /warning: .*value.*label|warning: .*label.*value/);
    const check = await wf(project, "check", "app");
    assert.equal(check.code, 1, "pending revision fails check");
  });
});

describe("wf migrate reports what does not add up", () => {
  test("an applied revision whose file is gone: current, status and check say so", async () => {
    const project = await linear();
    await ok(project, "upgrade", "app");
    rmSync(project.path("additives/migrations/app/default/versions/c3c3c3c3c3c3.ts"));
    assert.match(await ok(project, "current", "app"), /^default: b2b2b2b2b2b2 \(head\), c3c3c3c3c3c3 \(no file\)$/m);
    const status = await wf(project, "status", "app");
    assert.equal(status.code, 1);
    assert.match(status.stdout, /^default\s+c3c3c3c3c3c3\s+missing-file/m);
    const check = await wf(project, "check", "app");
    assert.equal(check.code, 1);
    assert.match(check.stdout, /revision c3c3c3c3c3c3 is applied but its file is gone/);
  });

  test("a bind folder whose bind is no longer configured fails status, check and upgrade", async () => {
    const project = await linear();
    writeRevision(project, "app", tableRevision("t1t1t1t1t1t1", null, "elsewhere", { bind: "gone" }));
    const status = await wf(project, "status", "app");
    assert.equal(status.code, 1);
    assert.match(status.stdout, /^gone\s+t1t1t1t1t1t1\s+unconfigured-bind/m);
    const check = await wf(project, "check", "app");
    assert.equal(check.code, 1);
    assert.match(check.stdout, /additives\/migrations\/app\/gone holds revisions, but bind "gone" is not configured for "app"/);
    await fails(project, /^error: additives\/migrations\/app\/gone holds revisions but bind "gone" is not configured .* \[WF_ERR_MIGRATE_UNKNOWN_BIND\]$/, "upgrade", "app");
  });

  test("upgrade warns about an applied revision edited afterwards", async () => {
    const project = await linear();
    await ok(project, "upgrade", "app", "b2b2");
    const file = "additives/migrations/app/default/versions/a1a1a1a1a1a1.ts";
    project.write(file, `${project.read(file)}// edited\n`);
    assert.match(await ok(project, "upgrade", "app"), /^warning: bind "default": revision a1a1a1a1a1a1 \(.*a1a1a1a1a1a1\.ts\) was edited after it was applied$/m);
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
    await fails(project, /^error: no revision "zzz999"; wf migrate history app lists the revisions \[WF_ERR_MIGRATE_UNKNOWN_REVISION\]$/, "show", "app", "zzz999");
    await fails(project, /^error: revision prefix "abc" matches 2 revisions \(abc111111111, abc222222222\); give more characters \[WF_ERR_MIGRATE_AMBIGUOUS_REVISION\]$/, "upgrade", "app", "abc");
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
    await fails(project, /^error: cannot go 3 revisions down on bind "default": only 1 is applied; use "base" to unapply them all \[WF_ERR_MIGRATE_BELOW_BASE\]$/, "downgrade", "app", "-3");
    await fails(project, /^error: bind "nope" is not configured .* \[WF_ERR_MIGRATE_UNKNOWN_BIND\]$/, "upgrade", "app", "--bind", "nope");
    const unreachable = await project.wf(["migrate", "current", "app"], { env: { ...env, DATABASE_URI: "postgresql://postgres@127.0.0.1:1/nothing" } });
    assert.equal(unreachable.code, 1);
    assert.equal(unreachable.stderr.trimEnd().split("\n").length, 1, unreachable.stderr);
    assert.match(unreachable.stderr.trimEnd(), /^error: cannot connect bind "default" \(postgresql at 127\.0\.0\.1:1.*ECONNREFUSED.* \[WF_ERR_DB_UNREACHABLE\]$/);
  });

  test("every migrate command has --help", async () => {
    const project = fresh();
    for (const command of ["init", "revision", "migrate", "upgrade", "downgrade", "current", "history", "heads", "branches", "show", "stamp", "merge", "check", "status"]) {
      const help = await project.wf(["migrate", command, "--help"]);
      assert.equal(help.code, 0, command);
      assert.match(help.stdout, new RegExp(`^Usage: wf migrate ${command} `, "m"));
      assert.match(help.stdout, /Examples?:/, command);
    }
  });
});
