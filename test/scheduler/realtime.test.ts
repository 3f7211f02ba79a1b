/**
 * The few tests on the real clock (one-second intervals, each a few seconds at most): they show
 * the system clock path works end to end. Counts are checked within bounds; durations never.
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
    scheduler.addJob(function tick() {
      occurrences.push(currentRun()!.scheduledRunTime.getTime());
    }, new IntervalTrigger({ seconds: 1 }));
    await scheduler.start();
    await delay(2_500);
    await scheduler.shutdown();
    assert.ok(occurrences.length >= 1 && occurrences.length <= 3, `ran ${occurrences.length} times in about 2.5 s`);
    for (let i = 1; i < occurrences.length; i++) assert.equal(occurrences[i]! - occurrences[i - 1]!, 1000);
  });

  test("shutdown waits for a run in progress, and a failing run does not stop the next", async () => {
    const scheduler = new Scheduler({ logger: silent });
    let runs = 0;
    let finished = 0;
    scheduler.addJob(async function work() {
      runs++;
      if (runs === 1) throw new Error("first run fails");
      await delay(300);
      finished++;
    }, new IntervalTrigger({ seconds: 1 }));
    await scheduler.start();
    for (let i = 0; i < 40 && runs < 2; i++) await delay(100);
    const { stillRunning } = await scheduler.shutdown({ wait: true, timeoutMs: 5_000 });
    assert.equal(runs, 2);
    assert.deepEqual(stillRunning, []);
    assert.equal(finished, 1);
  });
});
