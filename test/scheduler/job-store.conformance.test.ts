/**
 * One conformance suite for every job store: the contract the scheduler relies on, run against
 * the memory store and the PostgreSQL (pg-boss) store.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import {
  FakeClock,
  IntervalTrigger,
  MemoryJobStore,
  PgBossJobStore,
  Scheduler,
  type SchedulerLogger,
} from "../../src/scheduler/index.ts";
import { systemClock } from "../../src/scheduler/clock.ts";
import type { JobStore, RegisterRequest, StoreHost } from "../../src/scheduler/stores/job-store.ts";
import { planRuns } from "../../src/scheduler/run-plan.ts";
import { server, type TestDatabase } from "../support/databases.ts";

const postgres = server("postgresql");
const silent: SchedulerLogger = { debug() {}, info() {}, warn() {}, error() {} };
const databases: TestDatabase[] = [];
after(async () => {
  for (const database of databases) await database.drop();
});

interface StoreKind {
  name: string;
  skip: string | false;
  create(): Promise<JobStore>;
}

const kinds: StoreKind[] = [
  { name: "memory", skip: false, create: async () => new MemoryJobStore() },
  {
    name: "postgresql",
    skip: postgres.skip,
    async create() {
      const database = await postgres.create();
      databases.push(database);
      return new PgBossJobStore({ connectionString: database.uri });
    },
  },
];

const T0 = Date.UTC(2030, 0, 1);
const t = (seconds: number) => new Date(T0 + seconds * 1000);
const trigger = new IntervalTrigger({ seconds: 10, startDate: t(0) });
const request = (id: string, overrides: Partial<RegisterRequest> = {}): RegisterRequest => ({
  id,
  trigger: trigger.toSpec(),
  declared: JSON.stringify(trigger.toSpec()),
  nextRunTime: t(10),
  ...overrides,
});
const planner = (now: Date) => (state: { nextRunTime: Date }) =>
  planRuns({ trigger, nextRunTime: state.nextRunTime, now, coalesce: true, misfireGraceTime: null });

async function opened(kind: StoreKind) {
  const store = await kind.create();
  const delivered: Array<{ jobId: string; runTimes: number[] }> = [];
  const host: StoreHost = {
    clock: systemClock,
    logger: () => silent,
    dispatch: (jobId, runTimes) => void delivered.push({ jobId, runTimes: runTimes.map((time) => time.getTime()) }),
  };
  await store.open(host);
  return { store, delivered };
}

/** Waits (bounded, 5 s) until `done()`: a shared store delivers through its queue. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** Waits (bounded) until `delivered` has `count` entries. */
async function deliveries(delivered: unknown[], count: number): Promise<void> {
  await until(() => delivered.length >= count);
}

for (const kind of kinds) {
  describe(`job store conformance: ${kind.name}`, { skip: kind.skip, timeout: 60_000 }, () => {
    test("register keeps a stored state while the declared trigger is the same, and resets it when it changes", async () => {
      const { store } = await opened(kind);
      try {
        assert.deepEqual((await store.register(request("a"))).nextRunTime, t(10));
        await store.update("a", { nextRunTime: t(40), paused: true });
        const kept = await store.register(request("a", { nextRunTime: t(20) }));
        assert.deepEqual([kept.nextRunTime, kept.paused], [t(40), true]);
        await store.update("a", { paused: false });
        const reset = await store.register(request("a", { declared: "another trigger", nextRunTime: t(30) }));
        assert.deepEqual([reset.nextRunTime, reset.paused], [t(30), false]);
      } finally {
        await store.close();
      }
    });

    test("claim does nothing before the next run time, and delivers the due runs once", async () => {
      const { store, delivered } = await opened(kind);
      try {
        await store.register(request("a"));
        const early = await store.claim("a", t(9), planner(t(9)));
        assert.equal(early.plan, null);
        assert.deepEqual(early.state?.nextRunTime, t(10));

        const due = await store.claim("a", t(35), planner(t(35)));
        assert.deepEqual(due.plan?.runTimes, [t(30)]);
        assert.deepEqual(due.state?.nextRunTime, t(40));
        const again = await store.claim("a", t(35), planner(t(35)));
        assert.equal(again.plan, null);
        await deliveries(delivered, 1);
        assert.deepEqual(delivered, [{ jobId: "a", runTimes: [t(30).getTime()] }]);
      } finally {
        await store.close();
      }
    });

    test("paused and unknown jobs are never claimed", async () => {
      const { store } = await opened(kind);
      try {
        await store.register(request("a"));
        await store.update("a", { paused: true, nextRunTime: null });
        assert.equal((await store.claim("a", t(100), planner(t(100)))).plan, null);
        assert.deepEqual(await store.claim("ghost", t(100), planner(t(100))), { state: null, plan: null });
      } finally {
        await store.close();
      }
    });

    test("a finished job keeps a marker; remove forgets it; load and inspect read the states", async () => {
      const { store } = await opened(kind);
      try {
        await store.register(request("done"));
        await store.register(request("b"));
        await store.claim("done", t(10), () => ({ runTimes: [], missed: [], nextRunTime: null }));
        const states = await store.load(["done", "b", "missing"]);
        assert.deepEqual([...states.keys()].sort(), ["b", "done"]);
        assert.equal(states.get("done")?.nextRunTime, null);
        assert.equal((await store.register(request("done"))).nextRunTime, null);
        await store.remove("b");
        assert.deepEqual([...(await store.inspect(["b"])).keys()], []);
        assert.deepEqual(states.get("b")?.trigger, trigger.toSpec());
      } finally {
        await store.close();
      }
    });

    test("through a scheduler, after a downtime a run later than misfireGraceTime is missed and one within it runs", async () => {
      const store = await kind.create();
      const clock = new FakeClock(t(1));
      const scheduler = new Scheduler({ jobstore: store, clock, logger: silent });
      const executed: string[] = [];
      const missed: string[] = [];
      const seconds = (date: Date) => (date.getTime() - T0) / 1000;
      scheduler.on("executed", ({ jobId, scheduledRunTime }) => void executed.push(`${jobId}@${seconds(scheduledRunTime)}`));
      scheduler.on("missed", ({ jobId, scheduledRunTime }) => void missed.push(`${jobId}@${seconds(scheduledRunTime)}`));
      // Both jobs are due at 10, 20 and 30 when the scheduler comes back at 33.
      scheduler.addJob(async function each() {}, trigger, { coalesce: false, misfireGraceTime: 5 });
      scheduler.addJob(async function latest() {}, trigger, { coalesce: true, misfireGraceTime: 2 });
      try {
        await scheduler.start();
        await scheduler.shutdown();
        await clock.advanceTo(t(33));
        await scheduler.start();
        await clock.advance(0);
        await until(() => executed.length >= 1 && missed.length >= 3);
        // "each": 30 is 3 s late, within its 5 s; 10 and 20 are not. "latest": coalesced to 30, 3 s late, past its 2 s.
        assert.deepEqual(executed, ["each@30"]);
        assert.deepEqual(missed.sort(), ["each@10", "each@20", "latest@30"]);
        assert.deepEqual(scheduler.getJobs().map((job) => job.nextRunTime), [t(40), t(40)]);
      } finally {
        await scheduler.shutdown();
      }
    });
  });
}
