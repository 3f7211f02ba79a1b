import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CronTrigger, SchedulerErrorCodes, type CronTriggerOptions } from "../../../src/scheduler/index.ts";
import { triggerFromSpec } from "../../../src/scheduler/triggers/from-spec.ts";

const NOW = new Date("2030-01-01T10:20:30.500Z"); // a Tuesday
const next = (trigger: CronTrigger, now = NOW, previous: Date | null = null) =>
  trigger.getNextFireTime(previous, now)?.toISOString() ?? null;
const utc = (options: CronTriggerOptions) => new CronTrigger({ timezone: "UTC", ...options });

describe("CronTrigger fields", () => {
  test("fields below the least significant one given default to their minimum", () => {
    assert.equal(next(utc({ hour: 3 })), "2030-01-02T03:00:00.000Z");
    assert.equal(next(utc({ minute: "*/15" })), "2030-01-01T10:30:00.000Z");
    assert.equal(next(utc({ month: 6 })), "2030-06-01T00:00:00.000Z");
  });

  test("with no field at all, every second fires", () => {
    assert.equal(next(utc({})), "2030-01-01T10:20:31.000Z");
  });

  test("the next fire time is strictly after the previous one", () => {
    const trigger = utc({ second: "*/10" });
    assert.equal(next(trigger, NOW, new Date("2030-01-01T10:20:40Z")), "2030-01-01T10:20:50.000Z");
  });

  test("now on a matching second is itself the first fire time", () => {
    assert.equal(next(utc({ minute: 30 }), new Date("2030-01-01T10:30:00Z")), "2030-01-01T10:30:00.000Z");
  });

  test("day of week by name, ranges and lists", () => {
    assert.equal(next(utc({ dayOfWeek: "mon-fri", hour: 9, minute: 30 })), "2030-01-02T09:30:00.000Z");
    assert.equal(next(utc({ dayOfWeek: "sat,sun", hour: 0 })), "2030-01-05T00:00:00.000Z");
  });

  test("day of week numbers follow crontab: 0 and 7 are Sunday, 1 is Monday", () => {
    assert.equal(next(utc({ dayOfWeek: 0, hour: 0 })), "2030-01-06T00:00:00.000Z");
    assert.equal(next(utc({ dayOfWeek: 7, hour: 0 })), "2030-01-06T00:00:00.000Z");
    assert.equal(next(utc({ dayOfWeek: 1, hour: 0 })), "2030-01-07T00:00:00.000Z");
  });

  test("day and dayOfWeek must both match (APScheduler semantics)", () => {
    // The next Friday the 13th after 2030-01-01 is in September 2030.
    assert.equal(next(utc({ day: 13, dayOfWeek: "fri", hour: 0 })), "2030-09-13T00:00:00.000Z");
  });

  test("day \"last\" is the last day of the month", () => {
    assert.equal(next(utc({ month: 2, day: "last", hour: 0 })), "2030-02-28T00:00:00.000Z");
    assert.equal(next(utc({ month: 2, day: "L", hour: 0 }), new Date("2032-01-01T00:00:00Z")), "2032-02-29T00:00:00.000Z");
  });

  test("year restricts, and a past year never fires", () => {
    assert.equal(next(utc({ year: 2031 })), "2031-01-01T00:00:00.000Z");
    assert.equal(next(utc({ year: 2020 })), null);
  });

  test("week is the ISO week number", () => {
    assert.equal(next(utc({ week: 10 })), "2030-03-04T00:00:00.000Z");
    assert.equal(next(utc({ week: "*/2", dayOfWeek: "mon" })), "2030-01-14T00:00:00.000Z");
    assert.equal(next(utc({ week: 1, dayOfWeek: "mon" })), "2030-12-30T00:00:00.000Z"); // ISO week 1 of 2031
  });

  test("week takes ranges with steps and lists, counting from week 1", () => {
    const mondays = (week: string) => {
      const trigger = utc({ week, dayOfWeek: "mon" });
      const first = trigger.getNextFireTime(null, NOW);
      return [first, trigger.getNextFireTime(first, NOW)].map((date) => date?.toISOString().slice(0, 10));
    };
    assert.deepEqual(mondays("10-20/5"), ["2030-03-04", "2030-04-08"]); // weeks 10 and 15
    assert.deepEqual(mondays("1,*/20"), ["2030-05-20", "2030-10-07"]); // weeks 21 and 41 (1 has passed)
  });

  test("week 53 fires only in the years that have one", () => {
    const trigger = utc({ week: 53 });
    assert.equal(next(trigger), "2032-12-27T00:00:00.000Z");
    assert.equal(next(trigger, NOW, new Date("2033-01-02T00:00:00Z")), "2037-12-28T00:00:00.000Z");
  });

  test("week is the ISO week of the day in the trigger's timezone", () => {
    // 2030-01-06T23:30Z is Sunday of week 1 in UTC, and Monday of week 2 in Paris.
    assert.equal(next(new CronTrigger({ week: 2, hour: 0, minute: 30, timezone: "Europe/Paris" })), "2030-01-06T23:30:00.000Z");
    assert.equal(next(utc({ week: 2, hour: 0, minute: 30 })), "2030-01-07T00:30:00.000Z");
  });

  test("start and end dates bound the fire times (both inclusive)", () => {
    const trigger = utc({ minute: 0, startDate: "2030-01-02T00:00:00Z", endDate: "2030-01-02T02:00:00Z" });
    assert.equal(next(trigger), "2030-01-02T00:00:00.000Z");
    assert.equal(next(trigger, NOW, new Date("2030-01-02T01:00:00Z")), "2030-01-02T02:00:00.000Z");
    assert.equal(next(trigger, NOW, new Date("2030-01-02T02:00:00Z")), null);
  });

  test("describes the fields it was given", () => {
    assert.equal(String(utc({ dayOfWeek: "mon-fri", hour: 9 })), "cron[dayOfWeek='mon-fri', hour='9']");
  });
});

describe("CronTrigger timezone", () => {
  test("fields are wall-clock time in the timezone, across daylight saving", () => {
    const nine = new CronTrigger({ hour: 9, timezone: "America/New_York" });
    assert.equal(next(nine), "2030-01-01T14:00:00.000Z"); // EST, UTC-5
    assert.equal(next(nine, new Date("2030-07-01T00:00:00Z")), "2030-07-01T13:00:00.000Z"); // EDT, UTC-4
  });

  test("a wall-clock time skipped by the spring change does not fire that day", () => {
    // Europe/Paris jumps from 02:00 to 03:00 on 2030-03-31.
    const trigger = new CronTrigger({ hour: 2, minute: 30, timezone: "Europe/Paris" });
    const fire = trigger.getNextFireTime(null, new Date("2030-03-30T12:00:00Z"));
    assert.ok(fire);
    assert.notEqual(fire.toISOString().slice(0, 10), "2030-03-30");
    assert.ok(fire.getTime() > new Date("2030-03-31T00:00:00Z").getTime());
  });

  test("an unknown timezone is WF_ERR_SCHEDULER_BAD_TRIGGER naming it", () => {
    assert.throws(() => new CronTrigger({ hour: 1, timezone: "Mars/Olympus" }), (error: Error & { code?: string }) => {
      assert.equal(error.code, SchedulerErrorCodes.BAD_TRIGGER);
      assert.match(error.message, /Mars\/Olympus/);
      return true;
    });
  });
});

describe("CronTrigger.fromCrontab", () => {
  test("reads the five crontab fields", () => {
    assert.equal(next(CronTrigger.fromCrontab("*/5 * * * *", "UTC")), "2030-01-01T10:25:00.000Z");
    assert.equal(next(CronTrigger.fromCrontab("30 9 * * 1-5", "UTC")), "2030-01-02T09:30:00.000Z");
    assert.equal(next(CronTrigger.fromCrontab("@daily", "UTC")), "2030-01-02T00:00:00.000Z");
    assert.equal(String(CronTrigger.fromCrontab("*/5 * * * *")), "cron[*/5 * * * *]");
  });

  test("day of month and day of week restricted together: either matches, as in cron", () => {
    // The 13th, or any Friday: Friday 2030-01-04 comes first.
    assert.equal(next(CronTrigger.fromCrontab("0 0 13 * 5", "UTC")), "2030-01-04T00:00:00.000Z");
  });

  test("with a timezone", () => {
    assert.equal(next(CronTrigger.fromCrontab("0 9 * * *", "Asia/Tokyo")), "2030-01-02T00:00:00.000Z");
  });

  for (const bad of ["* * *", "* * * * * *", "61 * * * *", "*/0 * * * *", "5/10 * * * *"]) {
    test(`rejects "${bad}"`, () => {
      assert.throws(() => CronTrigger.fromCrontab(bad), { code: SchedulerErrorCodes.BAD_TRIGGER });
    });
  }
});

describe("CronTrigger validation and specs", () => {
  for (const [label, options] of [
    ["an hour out of range", { hour: 24 }],
    ["a bad expression", { minute: "every" }],
    ["week 0", { week: 0 }],
    ["week 54", { week: 54 }],
    ["a week step past 53", { week: "50-59/2" }],
    ["a field of the wrong type", { hour: true as unknown as number }],
  ] as const) {
    test(`rejects ${label}`, () => {
      assert.throws(() => new CronTrigger(options), { code: SchedulerErrorCodes.BAD_TRIGGER });
    });
  }

  test("field and crontab triggers survive a round trip through their spec", () => {
    for (const trigger of [
      new CronTrigger({ dayOfWeek: "mon", hour: 8, timezone: "Europe/Paris", endDate: "2031-01-01T00:00:00Z" }),
      CronTrigger.fromCrontab("*/5 * * * *", "UTC"),
    ]) {
      const copy = triggerFromSpec(JSON.parse(JSON.stringify(trigger.toSpec())));
      assert.deepEqual(copy.toSpec?.(), trigger.toSpec());
      assert.equal(next(copy as CronTrigger), next(trigger));
    }
  });
});
