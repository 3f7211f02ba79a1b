/**
 * Migrate's commands through `webfluid/migrate`'s command API, in this process, on SQLite:
 * the cases that need no `wf` start-up (test/e2e/migrate-*.test.ts drive the CLI). One copy of
 * the tutorial serves every test (its models load once per process); each test has app
 * configs and databases of its own.
 */
import assert from "node:assert/strict";
import { existsSync, rmSync } from "node:fs";
import { after, describe, test } from "node:test";
import { commands } from "../../src/migrate/index.ts";
import { tableRevision, writeRevision } from "../support/migrations.ts";
import { TempProject } from "../support/project.ts";

const project = TempProject.fromExample("tutorial");
rmSync(project.path("additives"), { recursive: true, force: true });
after(() => project.remove());

/** An app config of the tutorial package on SQLite files of its own, with the `test` bind or not. */
function appConfig(name: string, options: { testBind?: boolean } = {}): string {
  const binds = options.testBind ? `\n[binds]\ntest = sqlite:///${name}_test.db\n` : "";
  project.write(`app_configs/${name}.ini`, `PACKAGE = fluid\nEXT_SQLALCHEMY = 1\nEXT_SCHEDULER = 0\nDATABASE_URI = sqlite:///${name}.db\n${binds}`);
  return name;
}

/** Runs `fn` with the app config's context (lines printed go to `lines`), closing it after. */
async function withApp<T>(app: string, fn: (ctx: commands.MigrateContext, lines: string[]) => Promise<T> | T): Promise<T> {
  const lines: string[] = [];
  const ctx = await commands.loadContext(app, { root: project.root, out: (line) => lines.push(line) });
  try {
    return await fn(ctx, lines);
  } finally {
    await commands.closeContext(ctx);
  }
}

const states = (rows: readonly commands.StatusRow[]) => rows.map((r) => `${r.bind} ${r.revision} ${r.state}`);

describe("init", () => {
  test("--multidb and --singledb force the template against what the binds suggest", async () => {
    const single = appConfig("forced_multi");
    const multi = appConfig("forced_single", { testBind: true });
    await withApp(single, (ctx) => {
      assert.deepEqual(ctx.binds, ["default"]);
      const result = commands.init(ctx, { multidb: true });
      assert.equal(result.template, "multi-db");
      assert.match(project.read("additives/migrations/forced_multi/env.ts"), /template: "multi-db"/);
      assert.match(project.read("additives/migrations/forced_multi/env.ts"), /Multi-db template: one history per bind \(default\)/);
    });
    await withApp(multi, (ctx) => {
      assert.deepEqual(ctx.binds, ["default", "test"]);
      assert.throws(() => commands.init(ctx, { multidb: true, singledb: true }), { code: "WF_ERR_MIGRATE_BAD_OPTION", message: /exclude each other/ });
      const result = commands.init(ctx, { singledb: true });
      assert.equal(result.template, "single-db");
      assert.deepEqual(result.created, ["additives/migrations/forced_single/env.ts", "additives/migrations/forced_single/default/versions"]);
      assert.ok(!existsSync(project.path("additives/migrations/forced_single/test")), "no folder for the test bind up front");
      assert.match(project.read("additives/migrations/forced_single/env.ts"), /template: "single-db"/);
    });
    // Without an option, the binds decide (the seed's journey).
    await withApp(appConfig("chosen", { testBind: true }), (ctx) => assert.equal(commands.init(ctx).template, "multi-db"));
  });
});

describe("stamp", () => {
  test("a revision id stamps only its own bind; --purge rewrites only the stamped bind's rows", async () => {
    const app = appConfig("stamped", { testBind: true });
    const [defaultRevision, testRevision] = await withApp(app, async (ctx) => {
      commands.init(ctx);
      const written = await commands.revision(ctx, { autogenerate: true, message: "tables" });
      await commands.upgrade(ctx);
      return written.map((r) => r.file!.id);
    });

    // Regression: without --bind, stamping the default bind's revision deleted the test
    // bind's rows; status then showed test pending and upgrade failed on "second_model
    // already exists".
    await withApp(app, async (ctx, lines) => {
      assert.deepEqual(await commands.stamp(ctx, defaultRevision!), { default: [defaultRevision] });
      assert.deepEqual(lines, [`bind "default": stamped at ${defaultRevision}`]);
      assert.deepEqual(states(await commands.status(ctx)), [`default ${defaultRevision} applied`, `test ${testRevision} applied`]);
      assert.deepEqual(await commands.upgrade(ctx), [], "nothing to upgrade");
    });

    await withApp(app, async (ctx) => {
      assert.deepEqual(await commands.stamp(ctx, "test@base"), { test: [] });
      assert.deepEqual(states(await commands.status(ctx)), [`default ${defaultRevision} applied`, `test ${testRevision} pending`]);
      assert.deepEqual(await commands.stamp(ctx, "base", { bind: "default" }), { default: [] });
      assert.deepEqual(await commands.stamp(ctx, "head"), { default: [defaultRevision], test: [testRevision] });
      await assert.rejects(commands.stamp(ctx, defaultRevision!, { bind: "test" }), { code: "WF_ERR_MIGRATE_UNKNOWN_REVISION", message: /in bind "test"/ });
    });

    // Both files edited after they were applied: --purge on the test bind accepts its edit only.
    for (const bind of ["default", "test"]) {
      const [file] = (await withApp(app, (ctx) => commands.history(ctx))).filter((r) => r.bind === bind);
      project.write(file!.shown, `${project.read(file!.shown)}// edited\n`);
    }
    await withApp(app, async (ctx) => {
      assert.deepEqual(states(await commands.status(ctx)), [`default ${defaultRevision} drift`, `test ${testRevision} drift`]);
      await commands.stamp(ctx, "test@head", { purge: true });
      assert.deepEqual(states(await commands.status(ctx)), [`default ${defaultRevision} drift`, `test ${testRevision} applied`]);
    });
  });
});

describe("upgrade --sql", () => {
  test("follows env.ts: the version table's name, and begin/commit only with transactionMode per-revision", async () => {
    // Two app configs, as env.ts (an ES module) loads once per process.
    const sql = async (app: string, edit: (env: string) => string = (env) => env) => {
      await withApp(appConfig(app), (ctx) => void commands.init(ctx));
      const env = `additives/migrations/${app}/env.ts`;
      project.write(env, edit(project.read(env)));
      writeRevision(project, app, tableRevision("0ff1ce000001", null, "offline_one"));
      return withApp(app, (ctx) => commands.upgradeSql(ctx));
    };
    const framed = await sql("offline");
    assert.match(framed, /^pragma foreign_keys = off;\nbegin immediate;\ncreate table `offline_one` [^\n]*;\ninsert into wf_migrate_version \(revision, bind, checksum, applied_at\) values \('0ff1ce000001', 'default', [^\n]*;\ncommit;\npragma foreign_keys = on;$/m);
    const bare = await sql("offline_bare", (env) =>
      env.replace('versionTable: "wf_migrate_version"', 'versionTable: "deploy_versions"').replace('transactionMode: "per-revision"', 'transactionMode: "none"'),
    );
    assert.match(bare, /^create table if not exists deploy_versions /m);
    assert.match(bare, /^insert into deploy_versions .*'0ff1ce000001'/m);
    assert.doesNotMatch(bare, /begin|commit|pragma|wf_migrate_version/);
  });
});
