/**
 * Fires once, at a given time (APScheduler's `DateTrigger`).
 */
import { type DateInput, toDate } from "./dates.ts";
import type { Trigger } from "./trigger.ts";

/** The stored form of a {@link DateTrigger}. */
export interface DateTriggerSpec {
  type: "date";
  runDate: string;
}

/**
 * Fires once at `runDate`. An ISO string without an offset is read in `timezone` (default: local).
 * A run date already past when the job is scheduled is a misfire unless within `misfireGraceTime`.
 *
 * @example
 * ```ts
 * scheduler.addJob(sendReport, new DateTrigger("2030-01-01T09:00:00", "Europe/Paris"));
 * ```
 */
export class DateTrigger implements Trigger {
  readonly runDate: Date;

  constructor(runDate: DateInput, timezone?: string) {
    this.runDate = toDate(runDate, timezone, "DateTrigger runDate");
  }

  /** Rebuilds a trigger from {@link DateTrigger.toSpec}. */
  static fromSpec(spec: DateTriggerSpec): DateTrigger {
    return new DateTrigger(new Date(spec.runDate));
  }

  getNextFireTime(previous: Date | null, _now: Date): Date | null {
    return previous ? null : new Date(this.runDate.getTime());
  }

  toSpec(): DateTriggerSpec {
    return { type: "date", runDate: this.runDate.toISOString() };
  }

  toString(): string {
    return `date[${this.runDate.toISOString()}]`;
  }
}
