import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { IntervalTrigger, SchedulerErrorCodes } from "../../../src/scheduler/index.ts";

const at = (iso: string) => new Date(iso);
const iso = (date: Date | null) => date?.toISOString() ?? null;

describe("IntervalTrigger", () => {
  test("without a start date, the first fire time is one interval after now", () => {
    const trigger = new IntervalTrigger({ seconds: 5 });
    assert.equal(iso(trigger.getNextFireTime(null, at("2030-01-01T00:00:00.250Z"))), "2030-01-01T00:00:05.250Z");
  });

  test("after a fire time, the next is exactly one interval later, whatever now is", () => {
    const trigger = new IntervalTrigger({ minutes: 1, seconds: 30 });
    const previous = at("2030-01-01T00:00:00Z");
    assert.equal(iso(trigger.getNextFireTime(previous, at("2030-01-01T05:00:00Z"))), "2030-01-01T00:01:30.000Z");
  });

  test("the units add up", () => {
    const trigger = new IntervalTrigger({ weeks: 1, days: 1, hours: 1, minutes: 1, seconds: 1.5 });
    assert.equal(trigger.intervalMs, 604_800_000 + 86_400_000 + 3_600_000 + 60_000 + 1_500);
    assert.equal(String(trigger), "interval[8 days, 1:01:01.5]");
    assert.equal(String(new IntervalTrigger({ seconds: 5 })), "interval[0:00:05]");
  });

  test("a future start date is the first fire time", () => {
    const trigger = new IntervalTrigger({ hours: 1, startDate: "2030-01-01T10:00:00Z" });
    assert.equal(iso(trigger.getNextFireTime(null, at("2030-01-01T08:00:00Z"))), "2030-01-01T10:00:00.000Z");
  });

  test("a past start date keeps its grid: the first grid point at or after now", () => {
    const trigger = new IntervalTrigger({ minutes: 10, startDate: "2030-01-01T00:05:00Z" });
    assert.equal(iso(trigger.getNextFireTime(null, at("2030-01-01T01:00:00Z"))), "2030-01-01T01:05:00.000Z");
    assert.equal(iso(trigger.getNextFireTime(null, at("2030-01-01T01:05:00Z"))), "2030-01-01T01:05:00.000Z");
  });

  test("nothing after the end date (inclusive)", () => {
    const trigger = new IntervalTrigger({ seconds: 10, startDate: "2030-01-01T00:00:00Z", endDate: "2030-01-01T00:00:20Z" });
    assert.equal(iso(trigger.getNextFireTime(at("2030-01-01T00:00:10Z"), at("2030-01-01T00:00:10Z"))), "2030-01-01T00:00:20.000Z");
    assert.equal(trigger.getNextFireTime(at("2030-01-01T00:00:20Z"), at("2030-01-01T00:00:20Z")), null);
  });

  test("date strings without an offset are read in the trigger's timezone", () => {
    const trigger = new IntervalTrigger({ days: 1, startDate: "2030-07-01T09:00:00", timezone: "Europe/Paris" });
    assert.equal(iso(trigger.startDate), "2030-07-01T07:00:00.000Z");
  });

  test("days are elapsed time: 24 hours across a daylight-saving change", () => {
    const trigger = new IntervalTrigger({ days: 1 });
    const before = at("2030-03-30T12:00:00Z"); // Europe switches to summer time on 2030-03-31
    assert.equal(iso(trigger.getNextFireTime(before, before)), "2030-03-31T12:00:00.000Z");
  });

  test("survives a round trip through its spec", () => {
    const trigger = new IntervalTrigger({ seconds: 90, startDate: "2030-01-01T00:00:00Z", endDate: "2030-02-01T00:00:00Z" });
    const copy = IntervalTrigger.fromSpec(JSON.parse(JSON.stringify(trigger.toSpec())));
    assert.deepEqual(copy.toSpec(), trigger.toSpec());
  });

  for (const [label, options] of [
    ["no duration", {}],
    ["a zero duration", { seconds: 0 }],
    ["a negative unit", { minutes: -1 }],
    ["a non-number", { seconds: "5" as unknown as number }],
    ["a bad start date", { seconds: 1, startDate: "yesterday" }],
  ] as const) {
    test(`rejects ${label} with WF_ERR_SCHEDULER_BAD_TRIGGER`, () => {
      assert.throws(() => new IntervalTrigger(options), { code: SchedulerErrorCodes.BAD_TRIGGER });
    });
  }
});
