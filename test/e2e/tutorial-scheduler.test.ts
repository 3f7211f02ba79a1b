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
  /** A copy of the example whose one-second job inserts a row per occurrence into `ticks`. */
  async function clusterProject(grace: number) {
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
    project.write("fluid/main.ts", project.read("fluid/main.ts").replace(`{ id: "tick" }`, `{ id: "tick", misfireGraceTime: ${grace} }`));
    const env = { DATABASE_URI: database.uri, WF_SCHEDULER_JOBSTORE: database.uri };
    const count = async () => (await client.query("select count(*)::int as n from ticks")).rows[0].n as number;
    const occurrences = async () =>
      (await client.query("select occurrence, count(*)::int as n from ticks group by occurrence order by occurrence")).rows as { occurrence: Date; n: number }[];
    return { project, env, count, occurrences };
  }

  test("three app processes with the PostgreSQL store run each occurrence exactly once, also after one is SIGKILLed", { skip: postgres.skip }, async () => {
    const { project, env, count, occurrences } = await clusterProject(1);
    const apps: RunningApp[] = [];
    try {
      for (let i = 0; i < 3; i++) apps.push(await project.start("app", { env }));
      await waitUntil(async () => (await count()) >= 4, 30_000, () => "too few ticks");
      apps[0]!.child.kill("SIGKILL");
      const before = await count();
      await waitUntil(async () => (await count()) >= before + 5, 30_000, () => "the others stopped the schedule");
    } finally {
      for (const app of apps) await app.stop();
    }
    const rows = await occurrences();
    assert.deepEqual(rows.filter((r) => r.n !== 1), [], "no occurrence ran twice");
    const times = rows.map((r) => r.occurrence.getTime());
    // The killed process may take one accepted run with it (APScheduler: no retry), never more.
    const gaps = times.slice(1).map((t, i) => t - times[i]!).filter((gap) => gap !== 1000);
    assert.ok(gaps.length <= 1 && gaps.every((gap) => gap === 2000), `no occurrence missing beyond the killed run: gaps ${gaps.join(", ")}`);
  });

  test("every process stopped past the grace time and restarted: the coalesced job runs once", { skip: postgres.skip }, async () => {
    const { project, env, count, occurrences } = await clusterProject(30);
    const first = await project.start("app", { env });
    await waitUntil(async () => (await count()) >= 2, 30_000, () => "too few ticks");
    await first.stop();
    const stoppedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const again = await project.start("app", { env });
    const restartedAt = Date.now();
    try {
      await waitUntil(async () => (await occurrences()).some((r) => r.occurrence.getTime() > restartedAt), 30_000, () => "no run after restart");
    } finally {
      await again.stop();
    }
    const rows = await occurrences();
    assert.deepEqual(rows.filter((r) => r.n !== 1), [], "no occurrence ran twice");
    // Occurrences fell due every second while nothing ran, all within the 30 s grace time.
    // Without coalescing each would run on restart (rows 1 s apart throughout); coalesced,
    // one run stands for them all: exactly one gap, as long as the downtime.
    const times = rows.map((r) => r.occurrence.getTime());
    const gaps = times.slice(1).map((t, i) => t - times[i]!).filter((gap) => gap !== 1000);
    const shown = `stopped ${new Date(stoppedAt).toISOString()}, restarted ${new Date(restartedAt).toISOString()}: ${rows.map((r) => r.occurrence.toISOString()).join(", ")}`;
    assert.equal(gaps.length, 1, `one gap where the missed occurrences were coalesced (${shown})`);
    assert.ok(gaps[0]! >= 3000, `the gap spans the downtime (${shown})`);
  });
});
