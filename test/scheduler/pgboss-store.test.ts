/**
 * The PostgreSQL job store in one process: what it keeps and how schedulers sharing it see each
 * other's changes. (Several processes: cluster.test.ts.)
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import {
  CronTrigger,
  IntervalTrigger,
  PgBossJobStore,
  Scheduler,
  type SchedulerLogger,
} from "../../src/scheduler/index.ts";
import { server, type TestDatabase } from "../support/databases.ts";

const postgres = server("postgresql");
const silent: SchedulerLogger = { debug() {}, info() {}, warn() {}, error() {} };
const databases: TestDatabase[] = [];
const schedulers: Scheduler[] = [];
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

after(async () => {
  for (const scheduler of schedulers) await scheduler.shutdown({ wait: false });
  for (const database of databases) await database.drop();
});

async function database(): Promise<string> {
  const created = await postgres.create();
  databases.push(created);
  return created.uri;
}

function scheduler(uri: string): Scheduler {
  const store = new PgBossJobStore({ connectionString: uri, syncIntervalSeconds: 0.2 });
  const created = new Scheduler({ jobstore: store, logger: silent });
  schedulers.push(created);
  return created;
}

async function noop() {}
// An hourly grid that started long ago: the next run time is predictable and never due in a test.
const hourly = () => new IntervalTrigger({ hours: 1, startDate: "2020-01-01T00:00:00Z" });

/** Polls `check` (bounded) until it is true. */
async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (await check()) return;
    await delay(100);
  }
  assert.fail(`${what} did not happen within 5 s`);
}

describe("PostgreSQL job store", { skip: postgres.skip, timeout: 60_000 }, () => {
  test("listJobs reads nothing from a database the scheduler never used", async () => {
    const uri = await database();
    const a = scheduler(uri);
    a.addJob(noop, hourly());
    const [info] = await a.listJobs();
    assert.equal(info?.nextRunTime?.getUTCMinutes(), 0);
    assert.equal(a.running, false);
  });

  test("the stored state outlives the scheduler; a changed trigger in code resets it", async () => {
    const uri = await database();
    const a = scheduler(uri);
    a.addJob(noop, hourly());
    await a.start();
    const first = a.getJob("noop")!.nextRunTime;
    await a.pauseJob("noop");
    await a.shutdown();

    const b = scheduler(uri);
    b.addJob(noop, hourly());
    const listed = await b.listJobs(); // without start: read from the store
    assert.equal(listed[0]?.paused, true);
    await b.start();
    assert.equal(b.getJob("noop")!.paused, true);
    await b.resumeJob("noop");
    assert.equal(b.getJob("noop")!.nextRunTime?.getTime(), first?.getTime());
    await b.shutdown();

    const c = scheduler(uri);
    c.addJob(noop, new IntervalTrigger({ hours: 2, startDate: "2020-01-01T00:30:00Z" }));
    await c.start();
    assert.equal(c.getJob("noop")!.nextRunTime?.getUTCMinutes(), 30);
    await c.shutdown();
  });

  test("pause, resume and reschedule in one scheduler reach the others sharing the store", async () => {
    const uri = await database();
    const a = scheduler(uri);
    const b = scheduler(uri);
    a.addJob(noop, hourly());
    b.addJob(noop, hourly());
    await a.start();
    await b.start();

    await a.pauseJob("noop");
    await eventually(() => b.getJob("noop")!.paused, "b seeing the pause");
    await a.resumeJob("noop");
    await eventually(() => !b.getJob("noop")!.paused, "b seeing the resume");

    await b.rescheduleJob("noop", CronTrigger.fromCrontab("15 3 * * *", "UTC"));
    await eventually(() => String(a.getJob("noop")!.trigger) === "cron[15 3 * * *]", "a seeing the new trigger");
    assert.equal(a.getJob("noop")!.nextRunTime?.toISOString().slice(11, 19), "03:15:00");

    await b.removeJob("noop");
    await eventually(() => a.getJob("noop") === undefined, "a seeing the removal");
  });

  test("due occurrences run once between two schedulers in one process", async () => {
    const uri = await database();
    const startDate = new Date(Math.ceil(Date.now() / 1000) * 1000);
    const pair = [scheduler(uri), scheduler(uri)];
    for (const each of pair) each.addJob(function tick() {}, new IntervalTrigger({ seconds: 1, startDate }));
    const executed: number[] = [];
    const { promise: ranThrice, resolve } = Promise.withResolvers<void>();
    for (const each of pair) {
      each.on("executed", ({ scheduledRunTime }) => {
        executed.push(scheduledRunTime.getTime());
        if (executed.length === 3) resolve();
      });
    }
    await Promise.all(pair.map((each) => each.start()));
    await ranThrice;
    // Shutdown waits for runs in progress: a duplicate that had started is counted.
    await Promise.all(pair.map((each) => each.shutdown()));
    assert.equal(new Set(executed).size, executed.length, "no occurrence ran twice");
  });
});
