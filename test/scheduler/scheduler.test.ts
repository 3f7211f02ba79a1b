/**
 * The scheduler through its public API, on a fake clock: no test here sleeps.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  CronTrigger,
  currentRun,
  DateTrigger,
  FakeClock,
  IntervalTrigger,
  MemoryJobStore,
  Scheduler,
  SchedulerErrorCodes,
  type SchedulerEventMap,
  type SchedulerLogger,
} from "../../src/scheduler/index.ts";
import type { StoreHost } from "../../src/scheduler/stores/job-store.ts";

const T0 = Date.UTC(2030, 0, 1);
/** Seconds since T0. */
const sec = (date: Date | null | undefined) => (date ? (date.getTime() - T0) / 1000 : null);

interface LogLine {
  level: "debug" | "info" | "warn" | "error";
  fields: Record<string, unknown>;
  message: string;
}

function setup(options: { random?: () => number } = {}) {
  const clock = new FakeClock(T0);
  const logs: LogLine[] = [];
  const line = (level: LogLine["level"]) => (fields: object, message: string) =>
    void logs.push({ level, fields: fields as Record<string, unknown>, message });
  const logger: SchedulerLogger = { debug: line("debug"), info: line("info"), warn: line("warn"), error: line("error") };
  const scheduler = new Scheduler({ clock, logger, ...options });
  const events: Array<{ name: keyof SchedulerEventMap; jobId?: string; at?: number | null }> = [];
  for (const name of ["submitted", "executed", "error", "missed", "maxInstances", "added", "modified", "removed"] as const) {
    scheduler.on(name, (event: { jobId: string; scheduledRunTime?: Date }) =>
      void events.push({ name, jobId: event.jobId, at: sec(event.scheduledRunTime) }),
    );
  }
  const of = (name: keyof SchedulerEventMap) => events.filter((event) => event.name === name).map((event) => event.at);
  /** Resolves after `ms` of fake time (for job bodies). */
  const sleep = (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
  return { clock, logs, scheduler, events, of, sleep };
}

/** A job that records the occurrence of each run (seconds since T0). */
function recorder() {
  const runs: Array<number | null> = [];
  async function tick() {
    runs.push(sec(currentRun()?.scheduledRunTime));
  }
  return { runs, tick };
}

describe("lifecycle", () => {
  test("jobs added before start only wait; start fires them, one interval after start", async () => {
    const { clock, scheduler } = setup();
    const { runs, tick } = recorder();
    const job = scheduler.addJob(tick, new IntervalTrigger({ seconds: 5 }));
    assert.equal(job.pending, true);
    assert.equal(job.nextRunTime, null);
    await clock.advance(60_000);
    assert.deepEqual(runs, []);

    await scheduler.start();
    assert.equal(scheduler.running, true);
    assert.equal(job.pending, false);
    assert.equal(sec(job.nextRunTime), 65);
    await clock.advance(15_000);
    assert.deepEqual(runs, [65, 70, 75]);
    await scheduler.shutdown();
  });

  test("start twice is harmless; after shutdown nothing fires; a restart resumes", async () => {
    const { clock, scheduler } = setup();
    const { runs, tick } = recorder();
    scheduler.addJob(tick, new IntervalTrigger({ seconds: 1 }), { misfireGraceTime: null, coalesce: true });
    await scheduler.start();
    await scheduler.start();
    await clock.advance(2_000);
    assert.deepEqual(runs, [1, 2]);
    await scheduler.shutdown();
    assert.equal(scheduler.running, false);
    await clock.advance(5_000);
    assert.deepEqual(runs, [1, 2]);
    await scheduler.start();
    await clock.advance(1_000);
    // The memory store kept the state: the backlog (3..7) coalesced into one run at 7, then 8.
    assert.deepEqual(runs, [1, 2, 7, 8]);
    await scheduler.shutdown();
  });

  test("jobs added while running are scheduled at once", async () => {
    const { clock, scheduler } = setup();
    await scheduler.start();
    const { runs, tick } = recorder();
    const job = scheduler.addJob(tick, new IntervalTrigger({ seconds: 2 }));
    await clock.advance(0);
    assert.equal(sec(job.nextRunTime), 2);
    await clock.advance(4_000);
    assert.deepEqual(runs, [2, 4]);
    await scheduler.shutdown();
  });

  test("a job whose trigger is exhausted is removed after its last run", async () => {
    const { clock, scheduler, of } = setup();
    const { runs, tick } = recorder();
    scheduler.addJob(tick, new DateTrigger(new Date(T0 + 3_000)));
    await scheduler.start();
    await clock.advance(10_000);
    assert.deepEqual(runs, [3]);
    assert.equal(scheduler.getJob("tick"), undefined);
    assert.equal(of("removed").length, 1);
    await scheduler.shutdown();
  });

  test("cron triggers fire on the wall clock (now itself when it matches)", async () => {
    const { clock, scheduler } = setup();
    const { runs, tick } = recorder();
    scheduler.addJob(tick, new CronTrigger({ second: "*/20", timezone: "UTC" }));
    await scheduler.start();
    await clock.advance(60_000);
    assert.deepEqual(runs, [0, 20, 40, 60]);
    await scheduler.shutdown();
  });

  test("listJobs shows next run times without starting", async () => {
    const { scheduler } = setup();
    scheduler.addJob(recorder().tick, new IntervalTrigger({ seconds: 30 }), { id: "a" });
    scheduler.addJob(recorder().tick, CronTrigger.fromCrontab("0 9 * * *", "UTC"), { id: "b" });
    const listed = await scheduler.listJobs();
    assert.deepEqual(
      listed.map((job) => [job.id, job.trigger, sec(job.nextRunTime), job.pending]),
      [
        ["a", "interval[0:00:30]", 30, true],
        ["b", "cron[0 9 * * *]", 9 * 3600, true],
      ],
    );
    assert.equal(scheduler.running, false);
  });
});

describe("addJob", () => {
  test("the id defaults to the function name and must be unique", () => {
    const { scheduler } = setup();
    async function heart() {}
    const job = scheduler.addJob(heart, new IntervalTrigger({ seconds: 5 }));
    assert.equal(job.id, "heart");
    assert.equal(job.name, "heart");
    assert.throws(() => scheduler.addJob(heart, new IntervalTrigger({ seconds: 5 })), { code: SchedulerErrorCodes.DUPLICATE_JOB });
    assert.equal(scheduler.addJob(heart, new IntervalTrigger({ seconds: 5 }), { id: "heart-2" }).id, "heart-2");
    assert.equal(scheduler.addJob(heart.bind(null), new IntervalTrigger({ seconds: 5 }), { id: "bound" }).name, "heart");
  });

  test("replaceExisting replaces the job, keeping the same Job object", async () => {
    const { clock, scheduler } = setup();
    const calls: string[] = [];
    const first = scheduler.addJob(() => void calls.push("first"), new IntervalTrigger({ seconds: 1 }), { id: "x" });
    const second = scheduler.addJob(() => void calls.push("second"), new IntervalTrigger({ seconds: 1 }), { id: "x", replaceExisting: true });
    assert.equal(first, second);
    assert.equal(scheduler.getJobs().length, 1);
    await scheduler.start();
    await clock.advance(1_000);
    assert.deepEqual(calls, ["second"]);
    await scheduler.shutdown();
  });

  test("an anonymous function needs an id", () => {
    const { scheduler } = setup();
    assert.throws(() => scheduler.addJob(() => {}, new IntervalTrigger({ seconds: 1 })), { code: SchedulerErrorCodes.JOB_ID_REQUIRED });
  });

  test("args are passed on every run", async () => {
    const { clock, scheduler } = setup();
    const seen: Array<[string, number]> = [];
    scheduler.addJob((name: string, count: number) => void seen.push([name, count]), new IntervalTrigger({ seconds: 1 }), {
      id: "greet",
      args: ["ann", 2],
    });
    await scheduler.start();
    await clock.advance(2_000);
    assert.deepEqual(seen, [["ann", 2], ["ann", 2]]);
    await scheduler.shutdown();
  });

  test("bad options and triggers are rejected with their codes", () => {
    const { scheduler } = setup();
    const trigger = new IntervalTrigger({ seconds: 1 });
    const tick = recorder().tick;
    assert.throws(() => scheduler.addJob(tick, trigger, { maxInstances: 0 }), { code: SchedulerErrorCodes.BAD_OPTION });
    assert.throws(() => scheduler.addJob(tick, trigger, { misfireGraceTime: -1 }), { code: SchedulerErrorCodes.BAD_OPTION });
    assert.throws(() => scheduler.addJob(tick, trigger, { jitter: -2 }), { code: SchedulerErrorCodes.BAD_OPTION });
    assert.throws(() => scheduler.addJob(tick, { seconds: 5 } as unknown as IntervalTrigger), { code: SchedulerErrorCodes.BAD_TRIGGER });
  });
});

describe("misfires and coalescing", () => {
  test("an occurrence later than the grace time is missed, reported and logged", async () => {
    const { clock, scheduler, of, logs } = setup();
    const { runs, tick } = recorder();
    scheduler.addJob(tick, new DateTrigger(new Date(T0 - 5_000)), { misfireGraceTime: 2 });
    await scheduler.start();
    await clock.advance(0);
    assert.deepEqual(runs, []);
    assert.deepEqual(of("missed"), [-5]);
    assert.ok(logs.some((line) => line.level === "warn" && line.fields.jobId === "tick" && /missed/.test(line.message)));
    await scheduler.shutdown();
  });

  test("within the grace time, a late occurrence still runs; a null grace time runs however late", async () => {
    const { clock, scheduler } = setup();
    const late = recorder();
    const never = recorder();
    scheduler.addJob(late.tick, new DateTrigger(new Date(T0 - 1_500)), { id: "late", misfireGraceTime: 2 });
    scheduler.addJob(never.tick, new DateTrigger(new Date(T0 - 3_600_000)), { id: "never", misfireGraceTime: null });
    await scheduler.start();
    await clock.advance(0);
    assert.deepEqual(late.runs, [-1.5]);
    assert.deepEqual(never.runs, [-3600]);
    await scheduler.shutdown();
  });

  test("after a pause of the whole scheduler, a coalescing job runs once for the backlog", async () => {
    const { clock, scheduler, of } = setup();
    const { runs, tick } = recorder();
    scheduler.addJob(tick, new IntervalTrigger({ seconds: 1 }), { coalesce: true, misfireGraceTime: 3 });
    await scheduler.start();
    await clock.advance(2_000);
    await scheduler.shutdown();
    await clock.advance(10_500);
    await scheduler.start();
    await clock.advance(0);
    assert.deepEqual(runs, [1, 2, 12]);
    assert.deepEqual(of("missed"), []);
    await scheduler.shutdown();
  });

  test("without coalescing, each occurrence within grace runs (one after another) and older ones are missed", async () => {
    const { clock, scheduler, of } = setup();
    const { runs, tick } = recorder();
    scheduler.addJob(tick, new IntervalTrigger({ seconds: 1 }), { coalesce: false, misfireGraceTime: 3 });
    await scheduler.start();
    await clock.advance(2_000);
    await scheduler.shutdown();
    await clock.advance(10_500);
    await scheduler.start();
    await clock.advance(0);
    assert.deepEqual(runs, [1, 2, 10, 11, 12]);
    assert.deepEqual(of("missed"), [3, 4, 5, 6, 7, 8, 9]);
    await scheduler.shutdown();
  });
});

describe("maxInstances", () => {
  test("a run over the limit is skipped with a maxInstances event and a warning", async () => {
    const { clock, scheduler, of, logs, sleep } = setup();
    const started: Array<number | null> = [];
    scheduler.addJob(
      async function slow() {
        started.push(sec(currentRun()?.scheduledRunTime));
        await sleep(2_500);
      },
      new IntervalTrigger({ seconds: 1 }),
    );
    await scheduler.start();
    await clock.advance(5_000);
    assert.deepEqual(started, [1, 4]);
    assert.deepEqual(of("maxInstances"), [2, 3, 5]);
    assert.ok(logs.some((line) => line.level === "warn" && line.fields.jobId === "slow" && /maximum number of running instances/.test(line.message)));
    await scheduler.shutdown({ timeoutMs: 0 });
  });

  test("maxInstances 2 lets two runs overlap", async () => {
    const { clock, scheduler, of, sleep } = setup();
    const job = scheduler.addJob(
      async function slow() {
        await sleep(2_500);
      },
      new IntervalTrigger({ seconds: 1 }),
      { maxInstances: 2 },
    );
    await scheduler.start();
    await clock.advance(2_000);
    assert.equal(job.running, 2);
    await clock.advance(1_000);
    assert.deepEqual(of("maxInstances"), [3]);
    await scheduler.shutdown({ timeoutMs: 0 });
  });
});

describe("jitter", () => {
  for (const random of [0, 0.5, 0.999]) {
    test(`a run starts between its occurrence and occurrence + jitter (random ${random})`, async () => {
      const { clock, scheduler } = setup({ random: () => random });
      const starts: Array<{ scheduled: number | null; actual: number | null }> = [];
      scheduler.addJob(
        function jittery() {
          starts.push({ scheduled: sec(currentRun()?.scheduledRunTime), actual: sec(new Date(clock.now())) });
        },
        new IntervalTrigger({ seconds: 10 }),
        { jitter: 4 },
      );
      await scheduler.start();
      await clock.advance(35_000);
      assert.deepEqual(starts.map((start) => start.scheduled), [10, 20, 30]);
      for (const { scheduled, actual } of starts) {
        assert.ok(actual! >= scheduled! && actual! <= scheduled! + 4, `started at ${actual} for ${scheduled}`);
        assert.equal(actual, scheduled! + random * 4);
      }
      await scheduler.shutdown();
    });
  }
});

describe("pause, resume, modify, reschedule, remove", () => {
  test("a paused job does not run; resuming computes the next run time from now", async () => {
    const { clock, scheduler } = setup();
    const { runs, tick } = recorder();
    const job = scheduler.addJob(tick, new IntervalTrigger({ seconds: 2, startDate: new Date(T0) }));
    await scheduler.start();
    await clock.advance(2_000);
    await scheduler.pauseJob("tick");
    assert.equal(job.paused, true);
    assert.equal(job.nextRunTime, null);
    await clock.advance(5_000);
    assert.deepEqual(runs, [0, 2]);
    await job.resume();
    assert.equal(sec(job.nextRunTime), 8);
    await clock.advance(2_000);
    assert.deepEqual(runs, [0, 2, 8]);
    await scheduler.shutdown();
  });

  test("modifyJob changes settings and function; nextRunTime now runs it at once", async () => {
    const { clock, scheduler, of } = setup();
    const calls: string[] = [];
    scheduler.addJob(() => void calls.push("old"), new IntervalTrigger({ hours: 1 }), { id: "job" });
    await scheduler.start();
    const job = await scheduler.modifyJob("job", {
      fn: () => void calls.push("new"),
      name: "renamed",
      nextRunTime: new Date(clock.now()),
    });
    await clock.advance(0);
    assert.deepEqual(calls, ["new"]);
    assert.equal(job.name, "renamed");
    assert.equal(sec(job.nextRunTime), 3600);
    assert.ok(of("modified").length >= 1);
    await assert.rejects(scheduler.modifyJob("job", { maxInstances: -1 }), { code: SchedulerErrorCodes.BAD_OPTION });
    await scheduler.shutdown();
  });

  test("rescheduleJob gives a new trigger and a next run time from now", async () => {
    const { clock, scheduler } = setup();
    const { runs, tick } = recorder();
    const job = scheduler.addJob(tick, new IntervalTrigger({ hours: 1 }));
    await scheduler.start();
    await clock.advance(10_000);
    await job.reschedule(new IntervalTrigger({ seconds: 3 }));
    assert.equal(String(job.trigger), "interval[0:00:03]");
    await clock.advance(6_000);
    assert.deepEqual(runs, [13, 16]);
    await scheduler.shutdown();
  });

  test("removeJob removes it; operations on unknown ids name the known ones", async () => {
    const { clock, scheduler } = setup();
    const { runs, tick } = recorder();
    scheduler.addJob(tick, new IntervalTrigger({ seconds: 1 }));
    await scheduler.start();
    await clock.advance(1_000);
    await scheduler.removeJob("tick");
    await clock.advance(5_000);
    assert.deepEqual(runs, [1]);
    assert.deepEqual(scheduler.getJobs(), []);
    await assert.rejects(scheduler.pauseJob("tick"), (error: Error & { code?: string }) => {
      assert.equal(error.code, SchedulerErrorCodes.JOB_NOT_FOUND);
      assert.match(error.message, /"tick"/);
      return true;
    });
    await scheduler.shutdown();
  });

  test("a job paused before start stays paused when the scheduler starts", async () => {
    const { clock, scheduler } = setup();
    const { runs, tick } = recorder();
    scheduler.addJob(tick, new IntervalTrigger({ seconds: 1 }));
    await scheduler.pauseJob("tick");
    await scheduler.start();
    await clock.advance(3_000);
    assert.deepEqual(runs, []);
    assert.equal(scheduler.getJob("tick")?.paused, true);
    await scheduler.shutdown();
  });
});

describe("failures", () => {
  test("a failing job is reported (event and log with the job id) and runs again next time", async () => {
    const { clock, scheduler, of, logs } = setup();
    let attempts = 0;
    const errors: unknown[] = [];
    scheduler.on("error", ({ error }) => void errors.push(error));
    scheduler.addJob(
      async function flaky() {
        attempts++;
        throw new Error(`boom ${attempts}`);
      },
      new IntervalTrigger({ seconds: 1 }),
    );
    await scheduler.start();
    await clock.advance(3_000);
    assert.equal(attempts, 3);
    assert.deepEqual(of("error"), [1, 2, 3]);
    assert.equal((errors[0] as Error).message, "boom 1");
    assert.ok(logs.some((line) => line.level === "error" && line.fields.jobId === "flaky" && line.fields.err instanceof Error));
    await scheduler.shutdown();
  });

  test("a listener that throws is logged and does not stop the scheduler", async () => {
    const { clock, scheduler, logs } = setup();
    const { runs, tick } = recorder();
    scheduler.on("executed", () => {
      throw new Error("bad listener");
    });
    scheduler.addJob(tick, new IntervalTrigger({ seconds: 1 }));
    await scheduler.start();
    await clock.advance(2_000);
    assert.deepEqual(runs, [1, 2]);
    assert.ok(logs.some((line) => line.level === "error" && /listener/.test(line.message)));
    await scheduler.shutdown();
  });

  test("an occurrence of a job this process never added is reported as WF_ERR_SCHEDULER_JOB_NOT_DEFINED", async () => {
    // A store shared with processes that define more jobs can deliver one this process lacks.
    class LeakyStore extends MemoryJobStore {
      host: StoreHost | null = null;
      override async open(host: StoreHost) {
        this.host = host;
        await super.open(host);
      }
    }
    const store = new LeakyStore();
    const { scheduler, logs } = setup();
    scheduler.configure({ jobstore: store });
    const errors: Array<{ jobId: string; code?: string }> = [];
    scheduler.on("error", ({ jobId, error }) => void errors.push({ jobId, code: (error as { code?: string }).code }));
    await scheduler.start();
    store.host!.dispatch("ghost", [new Date(T0)]);
    assert.deepEqual(errors, [{ jobId: "ghost", code: SchedulerErrorCodes.JOB_NOT_DEFINED }]);
    assert.ok(logs.some((line) => line.level === "error" && line.fields.jobId === "ghost"));
    await scheduler.shutdown();
  });

  test("executed carries the job's return value", async () => {
    const { clock, scheduler } = setup();
    const values: unknown[] = [];
    scheduler.on("executed", ({ retval }) => void values.push(retval));
    scheduler.addJob(async function answer() {
      return 42;
    }, new IntervalTrigger({ seconds: 1 }));
    await scheduler.start();
    await clock.advance(1_000);
    assert.deepEqual(values, [42]);
    await scheduler.shutdown();
  });
});

describe("events", () => {
  test("once listens to the next event only, and off removes a once-listener before it fires", () => {
    const { scheduler } = setup();
    const seen: string[] = [];
    const first = ({ jobId }: { jobId: string }) => void seen.push(`once ${jobId}`);
    const cancelled = ({ jobId }: { jobId: string }) => void seen.push(`cancelled ${jobId}`);
    const always = ({ jobId }: { jobId: string }) => void seen.push(`on ${jobId}`);
    scheduler.once("added", first).once("added", cancelled).on("added", always).off("added", cancelled);
    scheduler.addJob(function a() {}, new IntervalTrigger({ seconds: 1 }));
    scheduler.off("added", always);
    scheduler.addJob(function b() {}, new IntervalTrigger({ seconds: 1 }));
    assert.deepEqual(seen, ["once a", "on a"]);
  });
});

describe("shutdown", () => {
  test("waits for running jobs", async () => {
    const { clock, scheduler, sleep } = setup();
    let finished = false;
    scheduler.addJob(async function work() {
      await sleep(2_000);
      finished = true;
    }, new IntervalTrigger({ seconds: 1 }));
    await scheduler.start();
    await clock.advance(1_000);
    const done = scheduler.shutdown({ wait: true, timeoutMs: 10_000 });
    await clock.advance(2_000);
    assert.deepEqual(await done, { stillRunning: [] });
    assert.equal(finished, true);
  });

  test("gives up after the timeout and says which jobs still run", async () => {
    const { clock, scheduler, sleep, logs } = setup();
    scheduler.addJob(async function forever() {
      await sleep(3_600_000);
    }, new IntervalTrigger({ seconds: 1 }));
    await scheduler.start();
    await clock.advance(1_000);
    let settled = false;
    const done = scheduler.shutdown({ wait: true, timeoutMs: 5_000 }).finally(() => (settled = true));
    await clock.advance(4_000);
    assert.equal(settled, false);
    await clock.advance(1_000);
    assert.deepEqual(await done, { stillRunning: ["forever"] });
    assert.ok(logs.some((line) => line.level === "warn" && /still in progress/.test(line.message)));
  });

  test("wait: false returns at once", async () => {
    const { clock, scheduler, sleep } = setup();
    scheduler.addJob(async function forever() {
      await sleep(3_600_000);
    }, new IntervalTrigger({ seconds: 1 }));
    await scheduler.start();
    await clock.advance(1_000);
    assert.deepEqual(await scheduler.shutdown({ wait: false }), { stillRunning: ["forever"] });
  });
});

describe("configuration", () => {
  test("configure is refused while running; the store is chosen by the jobstore option", async () => {
    const { scheduler } = setup();
    assert.equal(scheduler.jobstore.name, "memory");
    assert.equal(scheduler.jobstore.shared, false);
    scheduler.configure({ jobstore: "postgresql://user:secret@127.0.0.1:1/none" });
    assert.equal(scheduler.jobstore.name, "postgresql");
    assert.equal(scheduler.jobstore.shared, true);
    const store = new MemoryJobStore();
    scheduler.configure({ jobstore: store });
    assert.equal(scheduler.jobstore, store);
    await scheduler.start();
    assert.throws(() => scheduler.configure({ jobstore: "memory" }), { code: SchedulerErrorCodes.RUNNING });
    await scheduler.shutdown();
  });

  test("an unsupported jobstore is WF_ERR_SCHEDULER_BAD_JOBSTORE naming SCHEDULER_JOBSTORE", () => {
    const scheduler = new Scheduler({ jobstore: "redis://127.0.0.1" });
    assert.throws(() => scheduler.jobstore, (error: Error & { code?: string }) => {
      assert.equal(error.code, SchedulerErrorCodes.BAD_JOBSTORE);
      assert.match(error.message, /SCHEDULER_JOBSTORE/);
      return true;
    });
  });

  test("an unreachable PostgreSQL store fails start with WF_ERR_SCHEDULER_STORE_UNAVAILABLE, password hidden", async () => {
    const scheduler = new Scheduler({ jobstore: "postgresql://user:secret@127.0.0.1:1/none", logger: silent });
    await assert.rejects(scheduler.start(), (error: Error & { code?: string }) => {
      assert.equal(error.code, SchedulerErrorCodes.STORE_UNAVAILABLE);
      assert.doesNotMatch(error.message, /secret/);
      return true;
    });
    assert.equal(scheduler.running, false);
  });
});

const silent: SchedulerLogger = { debug() {}, info() {}, warn() {}, error() {} };
