/**
 * env.ts `transactionMode: "per-run"` through the command API, in this process. On SQLite and
 * PostgreSQL an upgrade or downgrade run is one transaction on the bind: a second connection
 * sees none of it before the end, and a failure anywhere (a revision, the foreign key check
 * before COMMIT) rolls all of it back. On MySQL/MariaDB it behaves as per-revision. `--sql`
 * prints one BEGIN/COMMIT around the run.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, describe, test } from "node:test";
import { tableExistsSql } from "../../src/migrate/dialect/index.ts";
import { commands } from "../../src/migrate/index.ts";
import { servers, type TestServer } from "../support/databases.ts";
import { tableRevision, writeRevision, type HandRevision } from "../support/migrations.ts";
import { TempProject } from "../support/project.ts";
import { withDatabase, withOrms, type MikroORM } from "./helpers.ts";

const project = TempProject.fromExample("tutorial");
rmSync(project.path("additives"), { recursive: true, force: true });
after(() => project.remove());

/** Runs `fn` with the app config's context (without models: only revisions run), closing it after. */
async function withApp<T>(app: string, fn: (ctx: commands.MigrateContext) => Promise<T> | T): Promise<T> {
  const ctx = await commands.loadContext(app, { root: project.root, out: () => undefined, models: false });
  try {
    return await fn(ctx);
  } finally {
    await commands.closeContext(ctx);
  }
}

let apps = 0;
/** A new app config on `uri` (and its `test` bind on `testUri`) with its migrations folder, env.ts set to per-run. */
async function perRunApp(uri: string, testUri?: string): Promise<string> {
  const app = `per_run_${++apps}`;
  const binds = testUri ? `[binds]\ntest = ${testUri}\n` : "";
  project.write(`app_configs/${app}.ini`, `PACKAGE = fluid\nEXT_SQLALCHEMY = 1\nEXT_SCHEDULER = 0\nDATABASE_URI = ${uri}\n${binds}`);
  await withApp(app, (ctx) => void commands.init(ctx));
  const env = `additives/migrations/${app}/env.ts`;
  project.write(env, project.read(env).replace('transactionMode: "per-revision"', 'transactionMode: "per-run"'));
  return app;
}

/** Revision ids `<prefix>00000000001`, ... (12 characters). */
const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(12 - prefix.length, "0")}`);

/**
 * A revision creating table `name` that first calls the probe (a global, as revisions run in
 * this process), so the test sees what other connections see while the run goes on.
 */
function probed(id: string, down: string | null, name: string, extra: Partial<HandRevision> = {}): HandRevision {
  const probe = `await (globalThis as { wfProbe?: (id: string) => Promise<void> }).wfProbe?.(revision);`;
  const table = tableRevision(id, down, name);
  return { ...table, upgrade: [probe, ...table.upgrade], downgrade: [probe, ...table.downgrade], ...extra };
}

const hook = globalThis as { wfProbe?: (id: string) => Promise<void> };

/** Revisions committed in the version table, read on a connection of the probe's own. */
async function committed(probe: MikroORM): Promise<string> {
  const rows = (await probe.em.getConnection().execute("select revision from wf_migrate_version order by revision")) as { revision: string }[];
  return rows.map((r) => r.revision).join(" ") || "-";
}

/** Which of `names` are tables in the database. */
async function tablesAmong(server: TestServer, probe: MikroORM, names: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const name of names) {
    if (((await probe.em.getConnection().execute(tableExistsSql(server.dialect), [name])) as unknown[]).length > 0) found.push(name);
  }
  return found;
}

const states = (rows: readonly commands.StatusRow[]) => rows.map((r) => `${r.revision} ${r.state}`);

for (const server of servers) {
  const transactional = server.dialect !== "mysql";
  /** A fresh database, and a connection of the test's own to it (the probe). */
  const withProbe = (fn: (uri: string, probe: MikroORM) => Promise<void>) =>
    withDatabase(() => server.create(), (db) => withOrms(db, [() => []], (probe) => fn(db.uri, probe!)));

  describe(`transactionMode "per-run" on ${server.dialect}`, { skip: server.skip }, () => {
    test(
      transactional
        ? "upgrade and downgrade of a chain each run in one transaction; the version rows follow"
        : "behaves as per-revision: each revision commits before the next, without an error",
      () =>
        withProbe(async (uri, probe) => {
          const app = await perRunApp(uri);
          const [a1, a2, a3] = ids("a", 3);
          writeRevision(project, app, probed(a1!, null, "pr_one"));
          writeRevision(project, app, probed(a2!, a1!, "pr_two"));
          writeRevision(project, app, probed(a3!, a2!, "pr_three"));
          const seen: string[] = [];
          hook.wfProbe = async (id) => void seen.push(`${id}: ${await committed(probe)}`);
          try {
            const up = await withApp(app, (ctx) => commands.upgrade(ctx));
            assert.deepEqual(up.map((e) => `${e.revision.id} ${e.status}`), [`${a1} applied`, `${a2} applied`, `${a3} applied`]);
            assert.deepEqual(seen, transactional ? [`${a1}: -`, `${a2}: -`, `${a3}: -`] : [`${a1}: -`, `${a2}: ${a1}`, `${a3}: ${a1} ${a2}`]);
            assert.deepEqual(await withApp(app, (ctx) => commands.status(ctx)).then(states), [`${a1} applied`, `${a2} applied`, `${a3} applied`]);
            assert.deepEqual(await tablesAmong(server, probe, ["pr_one", "pr_two", "pr_three"]), ["pr_one", "pr_two", "pr_three"]);

            seen.length = 0;
            const down = await withApp(app, (ctx) => commands.downgrade(ctx, "base"));
            assert.deepEqual(down.map((e) => e.revision.id), [a3, a2, a1]);
            const all = `${a1} ${a2} ${a3}`;
            assert.deepEqual(seen, transactional ? [`${a3}: ${all}`, `${a2}: ${all}`, `${a1}: ${all}`] : [`${a3}: ${all}`, `${a2}: ${a1} ${a2}`, `${a1}: ${a1}`]);
            assert.deepEqual(await withApp(app, (ctx) => commands.status(ctx)).then(states), [`${a1} pending`, `${a2} pending`, `${a3} pending`]);
            assert.deepEqual(await tablesAmong(server, probe, ["pr_one", "pr_two", "pr_three"]), []);
          } finally {
            delete hook.wfProbe;
          }
        }),
    );

    // Only where DDL is transactional: MySQL/MariaDB run per-run as per-revision (the test above).
    if (transactional) test("a run whose third revision fails is rolled back whole, to where it started; the rerun after a fix completes", () =>
      withProbe(async (uri, probe) => {
        const app = await perRunApp(uri);
        const [b0, b1, b2, b3] = ids("b", 4);
        writeRevision(project, app, tableRevision(b0!, null, "pr_zero"));
        await withApp(app, (ctx) => commands.upgrade(ctx));
        writeRevision(project, app, tableRevision(b1!, b0!, "pr_one"));
        writeRevision(project, app, tableRevision(b2!, b1!, "pr_two"));
        const third = tableRevision(b3!, b2!, "pr_three");
        const broken = writeRevision(project, app, { ...third, upgrade: [...third.upgrade, `op.execute("this is not sql");`] });

        await assert.rejects(withApp(app, (ctx) => commands.upgrade(ctx)), (error: Error & { code?: string }) => {
          assert.equal(error.code, "WF_ERR_MIGRATE_REVISION_FAILED");
          assert.match(
            error.message,
            new RegExp(
              `^upgrade of revision ${b3} \\(additives/migrations/${app}/default/versions/${b3}\\.ts\\) failed on bind "default": .*\\(statement: this is not sql;?\\); ` +
                `the whole run on bind "default" was rolled back \\(transactionMode "per-run"\\), with the 2 revision\\(s\\) it had upgraded \\(${b1}, ${b2}\\): ` +
                `the database is at revision ${b0}, where the run started; fix the revision and run the command again, which starts the run over from there$`,
            ),
          );
          return true;
        });
        const tables = ["pr_zero", "pr_one", "pr_two", "pr_three"];
        assert.deepEqual(await tablesAmong(server, probe, tables), ["pr_zero"]);
        assert.equal(await committed(probe), b0);

        // The fix goes to a new path: this process imported the broken module, and ES modules load once.
        const fixed = project.read(broken).replace(`  op.execute("this is not sql");\n`, "");
        rmSync(project.path(broken));
        project.write(broken.replace(/\.ts$/, "_fixed.ts"), fixed);
        const rerun = await withApp(app, (ctx) => commands.upgrade(ctx));
        assert.deepEqual(rerun.map((e) => `${e.revision.id} ${e.status}`), [`${b1} applied`, `${b2} applied`, `${b3} applied`]);
        assert.deepEqual(await tablesAmong(server, probe, tables), tables);
        assert.equal(await committed(probe), `${b0} ${b1} ${b2} ${b3}`);
      }),
    );

    if (server.dialect === "sqlite") {
      test("a foreign key broken by the run fails its one check before COMMIT, and the run is rolled back", () =>
        withProbe(async (uri, probe) => {
          const app = await perRunApp(uri);
          const [f1, f2] = ids("f", 2);
          writeRevision(project, app, {
            id: f1!,
            down: null,
            upgrade: [`op.execute("create table pr_parent (id integer primary key)");`, `op.execute("create table pr_child (id integer primary key, parent_id integer references pr_parent (id))");`],
            downgrade: [`op.execute("drop table pr_child");`, `op.execute("drop table pr_parent");`],
          });
          // Foreign keys are off during the run (for SQLite's table rebuilds): only the check sees this.
          writeRevision(project, app, { id: f2!, down: f1!, upgrade: [`op.execute("insert into pr_child (id, parent_id) values (1, 42)");`], downgrade: [] });
          await assert.rejects(withApp(app, (ctx) => commands.upgrade(ctx)), {
            code: "WF_ERR_MIGRATE_REVISION_FAILED",
            message: new RegExp(
              `^the upgrade run's COMMIT failed on bind "default": 1 rows break foreign keys \\(.*\\); the whole run on bind "default" was rolled back \\(transactionMode "per-run"\\), ` +
                `with the 2 revision\\(s\\) it had upgraded \\(${f1}, ${f2}\\): the database is at base, where the run started; find the revision that leaves them`,
            ),
          });
          assert.deepEqual(await tablesAmong(server, probe, ["pr_parent", "pr_child"]), []);
          assert.equal(await committed(probe), "-");
        }));

      // One SQLite file takes one writer: holding the default bind's transaction open while the
      // test bind (another connection) begins its own would wait forever.
      test("two binds sharing one database: each bind's run commits before the next bind's begins", () =>
        withProbe(async (uri, probe) => {
          const app = await perRunApp(uri, uri);
          const [s1, s2] = ids("s", 2);
          writeRevision(project, app, tableRevision(s1!, null, "pr_default"));
          writeRevision(project, app, tableRevision(s2!, null, "pr_test", { bind: "test" }));
          const run = await withApp(app, (ctx) => commands.upgrade(ctx));
          assert.deepEqual(run.map((e) => `${e.bind} ${e.revision.id} ${e.status}`), [`default ${s1} applied`, `test ${s2} applied`]);
          assert.deepEqual(await tablesAmong(server, probe, ["pr_default", "pr_test"]), ["pr_default", "pr_test"]);
        }));
    }
  });
}

describe(`--sql with transactionMode "per-run"`, () => {
  test("upgrade and downgrade print one begin/commit around the run, on SQLite and PostgreSQL", async () => {
    /** The frame statements and the revisions, in order. */
    const outline = (sql: string) =>
      sql.split("\n").flatMap((line) => {
        const step = /^-- (upgrade|downgrade) (\w+) /.exec(line);
        if (step) return [`${step[1]} ${step[2]}`];
        return /^(begin|commit|pragma)/.test(line) ? [line] : [];
      });
    for (const [uri, begin, end] of [
      ["sqlite:///offline_per_run.db", ["pragma foreign_keys = off;", "begin immediate;"], ["commit;", "pragma foreign_keys = on;"]],
      ["postgresql://nobody@127.0.0.1:1/nothing", ["begin;"], ["commit;"]],
    ] as const) {
      const app = await perRunApp(uri);
      const [o1, o2, o3] = ids("o", 3);
      writeRevision(project, app, tableRevision(o1!, null, "offline_one"));
      writeRevision(project, app, tableRevision(o2!, o1!, "offline_two"));
      writeRevision(project, app, tableRevision(o3!, o2!, "offline_three"));
      const [up, down] = await withApp(app, async (ctx) => [await commands.upgradeSql(ctx), await commands.downgradeSql(ctx, "head:base")]);
      assert.deepEqual(outline(up), [...begin, `upgrade ${o1}`, `upgrade ${o2}`, `upgrade ${o3}`, ...end], up);
      assert.deepEqual(outline(down), [...begin, `downgrade ${o3}`, `downgrade ${o2}`, `downgrade ${o1}`, ...end], down);
    }
  });
});
