/**
 * The few tests on the real clock (one-second intervals, each a few seconds at most): they show
 * the system clock path works end to end. Each waits for the runs themselves; durations are never checked.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { currentRun, IntervalTrigger, Scheduler, type SchedulerLogger } from "../../src/scheduler/index.ts";

const silent: SchedulerLogger = { debug() {}, info() {}, warn() {}, error() {} };
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("real clock", () => {
  test("a one-second job runs on the real clock, each run knowing its occurrence", async () => {
    const scheduler = new Scheduler({ logger: silent });
    const occurrences: number[] = [];
    const { promise: ranThrice, resolve } = Promise.withResolvers<void>();
    scheduler.addJob(function tick() {
      occurrences.push(currentRun()!.scheduledRunTime.getTime());
      if (occurrences.length === 3) resolve();
    }, new IntervalTrigger({ seconds: 1 }));
    await scheduler.start();
    await ranThrice;
    await scheduler.shutdown();
    assert.deepEqual(occurrences.slice(1, 3).map((time, i) => time - occurrences[i]!), [1000, 1000]);
  });

  test("shutdown waits for a run in progress, and a failing run does not stop the next", async () => {
    const scheduler = new Scheduler({ logger: silent });
    let runs = 0;
    let finished = 0;
    const { promise: secondRunStarted, resolve } = Promise.withResolvers<void>();
    scheduler.addJob(async function work() {
      runs++;
      if (runs === 1) throw new Error("first run fails");
      resolve();
      await delay(300);
      finished++;
    }, new IntervalTrigger({ seconds: 1 }));
    await scheduler.start();
    await secondRunStarted;
    const { stillRunning } = await scheduler.shutdown({ wait: true, timeoutMs: 5_000 });
    assert.equal(runs, 2);
    assert.deepEqual(stillRunning, []);
    assert.equal(finished, 1);
  });
});
