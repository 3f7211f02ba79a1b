/**
 * The tutorial's jobs through the real `wf`: the heart beats under `wf run` only, one
 * worker runs in-process jobs, and with the PostgreSQL job store three app processes run
 * each occurrence exactly once.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import pg from "pg";
import { scheduler } from "../../src/scheduler/index.ts";
import { createTestApp } from "../../src/testing/index.ts";
import { server } from "../support/databases.ts";
import { TempProject, waitUntil, type RunningApp } from "../support/project.ts";

const cleanup: (() => unknown)[] = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

function example(): TempProject {
  const project = TempProject.fromExample("tutorial");
  cleanup.push(() => project.remove());
  return project;
}

/** Adds a one-second job to the example that says which process ran which occurrence. */
function addTickJob(project: TempProject, body: string): void {
  project.write(
    "fluid/ticks.ts",
    `import { currentRun } from "webfluid/scheduler";\nexport async function tick(): Promise<void> {\n${body}\n}\n`,
  );
  project.write(
    "fluid/main.ts",
    project
      .read("fluid/main.ts")
      .replace(`import { heart } from "./jobs.ts";`, `import { heart } from "./jobs.ts";\nimport { tick } from "./ticks.ts";`)
      .replace(
        "scheduler.addJob(heart, new IntervalTrigger({ seconds: 5 }));",
        "scheduler.addJob(heart, new IntervalTrigger({ seconds: 5 }));\nscheduler.addJob(tick, new IntervalTrigger({ seconds: 1 }), { id: \"tick\" });",
      ),
  );
}

describe("the tutorial's scheduler", () => {
  test("wf run starts the heart job; other commands and tests never do", async () => {
    const project = example();
    const jobs = await project.wf(["jobs", "app"]);
    assert.equal(jobs.code, 0, jobs.stderr);
    assert.match(jobs.stdout, /^ID\s+TRIGGER\s+NEXT RUN\nheart\s+interval\[0:00:05\]\s+\d{4}-\d\d-\d\dT/);
    for (const args of [["config", "app"], ["routes", "app"], ["jobs", "app"]]) {
      const result = await project.wf(args);
      assert.doesNotMatch(result.stdout + result.stderr, /heart: beat/, args.join(" "));
    }

    const app = await createTestApp("app", { root: project.root, overrides: { DATABASE_URI: "sqlite:///:memory:" } });
    assert.equal(scheduler.running, false, "a test app does not start jobs");
    await app.shutdown();

    const running = await project.start("app");
    try {
      await waitUntil(() => /heart: beat at/.test(running.output()), 15_000, () => `no heartbeat:\n${running.output()}`);
    } finally {
      assert.equal((await running.stop()).code, 0);
    }
  });

  test("with --workers 2 and the memory store, only worker 1 runs jobs", async () => {
    const project = example();
    addTickJob(project, "  console.log(`tick by worker ${process.env.WF_WORKER_ID}`);");
    const app = await project.start("app", { args: ["--workers", "2"] });
    try {
      await waitUntil(() => (app.output().match(/tick by worker/g) ?? []).length >= 3, 15_000, () => `no ticks:\n${app.output()}`);
    } finally {
      await app.stop();
    }
    const workers = new Set([...app.output().matchAll(/tick by worker (\S+)/g)].map((m) => m[1]));
    assert.deepEqual([...workers], ["1"]);
  });

  test("--reload stops the old process's jobs before the new one starts them", async () => {
    const project = example();
    addTickJob(project, "  console.log(`tick ${process.pid} ${currentRun()!.scheduledRunTime.toISOString()}`);");
    const app = await project.start("app", { args: ["--reload"] });
    const ticks = () => [...app.output().matchAll(/^tick (\d+) (\S+)$/gm)].map((m) => ({ pid: m[1]!, at: m[2]! }));
    try {
      await waitUntil(() => ticks().length >= 2, 15_000, () => `no ticks:\n${app.output()}`);
      project.write("fluid/jobs.ts", `${project.read("fluid/jobs.ts")}\n// changed\n`);
      await waitUntil(() => new Set(ticks().map((t) => t.pid)).size === 2 && ticks().filter((t) => t.pid !== ticks()[0]!.pid).length >= 2, 30_000, () => `no reload:\n${app.output()}`);
    } finally {
      await app.stop();
    }
    const seen = ticks();
    const first = seen[0]!.pid;
    const switchAt = seen.findIndex((t) => t.pid !== first);
    assert.ok(seen.slice(switchAt).every((t) => t.pid !== first), "no tick of the old process after the new one started");
    assert.equal(new Set(seen.map((t) => t.at)).size, seen.length, "no occurrence fired twice");
  });

  const postgres = server("postgresql");
  test("three app processes with the PostgreSQL store run each occurrence exactly once", { skip: postgres.skip }, async () => {
    const database = await postgres.create();
    cleanup.push(() => database.drop());
    const client = new pg.Client({ connectionString: database.uri });
    await client.connect();
    cleanup.push(() => client.end());
    await client.query("create table ticks (id serial primary key, occurrence timestamptz not null, pid int not null)");

    const project = example();
    addTickJob(
      project,
      `  const { db } = await import("webfluid/db");
  await using e = db.asyncExecutor({ bind: "default" });
  await e.em.getConnection().execute("insert into ticks (occurrence, pid) values (?, ?)", [currentRun()!.scheduledRunTime, process.pid]);`,
    );
    const env = { DATABASE_URI: database.uri, WF_SCHEDULER_JOBSTORE: database.uri };
    const apps: RunningApp[] = [];
    try {
      for (let i = 0; i < 3; i++) apps.push(await project.start("app", { env }));
      await waitUntil(async () => (await client.query("select count(*)::int as n from ticks")).rows[0].n >= 8, 30_000, () => "too few ticks");
    } finally {
      for (const app of apps) await app.stop();
    }
    const rows = (await client.query("select occurrence, count(*)::int as n from ticks group by occurrence order by occurrence")).rows as { occurrence: Date; n: number }[];
    assert.deepEqual(rows.filter((r) => r.n !== 1), [], "no occurrence ran twice");
    const times = rows.map((r) => r.occurrence.getTime());
    for (let i = 1; i < times.length; i++) assert.equal(times[i]! - times[i - 1]!, 1000, "no occurrence missing");
  });
});
