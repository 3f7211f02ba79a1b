import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DateTrigger, SchedulerErrorCodes } from "../../../src/scheduler/index.ts";

describe("DateTrigger", () => {
  test("fires once at its run date, even when now is later (the scheduler decides on misfire)", () => {
    const trigger = new DateTrigger(new Date("2030-01-01T09:00:00Z"));
    assert.equal(trigger.getNextFireTime(null, new Date("2030-01-02T00:00:00Z"))?.toISOString(), "2030-01-01T09:00:00.000Z");
    assert.equal(trigger.getNextFireTime(trigger.runDate, new Date("2030-01-01T09:00:00Z")), null);
  });

  test("reads an ISO string without offset in the given timezone, with one as is", () => {
    assert.equal(new DateTrigger("2030-01-01T09:00:00", "America/New_York").runDate.toISOString(), "2030-01-01T14:00:00.000Z");
    assert.equal(new DateTrigger("2030-01-01T09:00:00+02:00").runDate.toISOString(), "2030-01-01T07:00:00.000Z");
    assert.equal(new DateTrigger("2030-01-01T09:00:00Z", "Asia/Tokyo").runDate.toISOString(), "2030-01-01T09:00:00.000Z");
  });

  test("keeps the fraction of a second of an ISO string", () => {
    assert.equal(new DateTrigger("2030-01-01T09:00:00.5Z").runDate.toISOString(), "2030-01-01T09:00:00.500Z");
    assert.equal(new DateTrigger("2030-01-01T09:00:00.250", "Europe/Paris").runDate.toISOString(), "2030-01-01T08:00:00.250Z");
    assert.equal(new DateTrigger("2030-01-01T09:00:00.999+02:00").runDate.toISOString(), "2030-01-01T07:00:00.999Z");
  });

  test("describes itself and survives its spec", () => {
    const trigger = new DateTrigger("2030-01-01T09:00:00Z");
    assert.equal(String(trigger), "date[2030-01-01T09:00:00.000Z]");
    assert.deepEqual(DateTrigger.fromSpec(trigger.toSpec()).toSpec(), trigger.toSpec());
  });

  test("rejects what is not a date", () => {
    assert.throws(() => new DateTrigger("next tuesday"), { code: SchedulerErrorCodes.BAD_TRIGGER });
    assert.throws(() => new DateTrigger(new Date("nope")), { code: SchedulerErrorCodes.BAD_TRIGGER });
  });
});
