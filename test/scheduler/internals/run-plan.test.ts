import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { IntervalTrigger, DateTrigger } from "../../../src/scheduler/index.ts";
import { isMisfire, planRuns } from "../../../src/scheduler/run-plan.ts";

const T0 = Date.UTC(2030, 0, 1);
const t = (seconds: number) => new Date(T0 + seconds * 1000);
const isos = (dates: Date[]) => dates.map((date) => (date.getTime() - T0) / 1000);
const everySecond = new IntervalTrigger({ seconds: 1, startDate: t(0) });

describe("planRuns", () => {
  test("nothing due: no runs, the next run time stays", () => {
    const plan = planRuns({ trigger: everySecond, nextRunTime: t(5), now: t(4.9), coalesce: true, misfireGraceTime: 1 });
    assert.deepEqual(plan, { runTimes: [], missed: [], nextRunTime: t(5) });
  });

  test("one due occurrence runs and the next one is computed from it", () => {
    const plan = planRuns({ trigger: everySecond, nextRunTime: t(5), now: t(5.2), coalesce: true, misfireGraceTime: 1 });
    assert.deepEqual(isos(plan.runTimes), [5]);
    assert.equal(plan.nextRunTime?.getTime(), t(6).getTime());
  });

  test("coalesce keeps only the latest due occurrence; older ones vanish without a miss", () => {
    const plan = planRuns({ trigger: everySecond, nextRunTime: t(1), now: t(10.5), coalesce: true, misfireGraceTime: 1 });
    assert.deepEqual(isos(plan.runTimes), [10]);
    assert.deepEqual(plan.missed, []);
    assert.equal(plan.nextRunTime?.getTime(), t(11).getTime());
  });

  test("coalesce: the latest due occurrence past the grace time is missed", () => {
    const hourly = new IntervalTrigger({ hours: 1, startDate: t(0) });
    const plan = planRuns({ trigger: hourly, nextRunTime: t(0), now: t(3 * 3600 + 600), coalesce: true, misfireGraceTime: 60 });
    assert.deepEqual(plan.runTimes, []);
    assert.deepEqual(isos(plan.missed), [3 * 3600]);
  });

  test("without coalesce, each due occurrence within grace runs and older ones are missed", () => {
    const plan = planRuns({ trigger: everySecond, nextRunTime: t(1), now: t(10.5), coalesce: false, misfireGraceTime: 3 });
    assert.deepEqual(isos(plan.missed), [1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(isos(plan.runTimes), [8, 9, 10]);
  });

  test("a null grace time never misses, however late", () => {
    const plan = planRuns({ trigger: everySecond, nextRunTime: t(1), now: t(5), coalesce: false, misfireGraceTime: null });
    assert.deepEqual(isos(plan.runTimes), [1, 2, 3, 4, 5]);
  });

  test("a large backlog is handed out in bounded slices", () => {
    const plan = planRuns({ trigger: everySecond, nextRunTime: t(1), now: t(100), coalesce: false, misfireGraceTime: null, maxRunTimes: 10 });
    assert.equal(plan.runTimes.length, 10);
    assert.equal(plan.nextRunTime?.getTime(), t(11).getTime());
  });

  test("an exhausted trigger leaves no next run time", () => {
    const once = new DateTrigger(t(3));
    const plan = planRuns({ trigger: once, nextRunTime: t(3), now: t(3.5), coalesce: true, misfireGraceTime: 1 });
    assert.deepEqual(isos(plan.runTimes), [3]);
    assert.equal(plan.nextRunTime, null);
  });

  test("isMisfire compares lateness with the grace time in seconds", () => {
    assert.equal(isMisfire(t(0), t(1), 1), false);
    assert.equal(isMisfire(t(0), t(1.001), 1), true);
    assert.equal(isMisfire(t(0), t(1e6), null), false);
  });
});
