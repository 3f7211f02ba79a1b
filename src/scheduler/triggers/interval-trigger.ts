/**
 * Fires every fixed duration (APScheduler's `IntervalTrigger`). Durations are elapsed time, so a
 * `days: 1` interval stays 24 hours across a daylight-saving change; use {@link CronTrigger} for
 * wall-clock times. The grid is `startDate + k * interval`: runs stay on it whatever the delays.
 */
import { schedulerErrors } from "../errors.ts";
import { type DateInput, toDate } from "./dates.ts";
import type { Trigger } from "./trigger.ts";

/** Arguments of {@link IntervalTrigger}; the parts add up (`{ minutes: 1, seconds: 30 }` is 90 s). */
export interface IntervalTriggerOptions {
  weeks?: number;
  days?: number;
  hours?: number;
  minutes?: number;
  /** May have a fraction (`0.5` is 500 ms). */
  seconds?: number;
  /** The first fire time, and the origin of the grid. Default: one interval after the job is scheduled. */
  startDate?: DateInput;
  /** No fire time after this (inclusive). */
  endDate?: DateInput;
  /** Reads offset-less date strings in this IANA zone (default: local). */
  timezone?: string;
}

/** The stored form of an {@link IntervalTrigger}. */
export interface IntervalTriggerSpec {
  type: "interval";
  intervalMs: number;
  startDate: string | null;
  endDate: string | null;
}

const UNIT_MS = { weeks: 604_800_000, days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1_000 } as const;

function formatDuration(ms: number): string {
  const days = Math.floor(ms / UNIT_MS.days);
  let rest = ms - days * UNIT_MS.days;
  const hours = Math.floor(rest / UNIT_MS.hours);
  rest -= hours * UNIT_MS.hours;
  const minutes = Math.floor(rest / UNIT_MS.minutes);
  const seconds = (rest - minutes * UNIT_MS.minutes) / 1000;
  const clock = `${hours}:${String(minutes).padStart(2, "0")}:${seconds < 10 ? "0" : ""}${seconds}`;
  return days ? `${days} day${days === 1 ? "" : "s"}, ${clock}` : clock;
}

/**
 * Fires every `weeks/days/hours/minutes/seconds`, optionally between `startDate` and `endDate`.
 *
 * @example
 * ```ts
 * scheduler.addJob(heart, new IntervalTrigger({ seconds: 5 }));
 * scheduler.addJob(report, new IntervalTrigger({ hours: 1, startDate: "2030-01-01T00:30:00Z" }));
 * ```
 */
export class IntervalTrigger implements Trigger {
  /** The interval in milliseconds. */
  readonly intervalMs: number;
  readonly startDate: Date | null;
  readonly endDate: Date | null;

  constructor(options: IntervalTriggerOptions) {
    let total = 0;
    for (const unit of Object.keys(UNIT_MS) as (keyof typeof UNIT_MS)[]) {
      const value = options[unit];
      if (value === undefined) continue;
      if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
        throw schedulerErrors.badTrigger("IntervalTrigger", `${unit} must be a number >= 0, got ${String(value)}`);
      }
      total += value * UNIT_MS[unit];
    }
    this.intervalMs = Math.round(total);
    if (this.intervalMs <= 0) {
      throw schedulerErrors.badTrigger(
        "IntervalTrigger",
        "the interval must be positive: pass weeks, days, hours, minutes or seconds, e.g. { seconds: 5 }",
      );
    }
    this.startDate = options.startDate === undefined ? null : toDate(options.startDate, options.timezone, "IntervalTrigger startDate");
    this.endDate = options.endDate === undefined ? null : toDate(options.endDate, options.timezone, "IntervalTrigger endDate");
  }

  /** Rebuilds a trigger from {@link IntervalTrigger.toSpec}. */
  static fromSpec(spec: IntervalTriggerSpec): IntervalTrigger {
    return new IntervalTrigger({
      seconds: spec.intervalMs / 1000,
      ...(spec.startDate ? { startDate: new Date(spec.startDate) } : {}),
      ...(spec.endDate ? { endDate: new Date(spec.endDate) } : {}),
    });
  }

  getNextFireTime(previous: Date | null, now: Date): Date | null {
    let next: number;
    if (previous) {
      next = previous.getTime() + this.intervalMs;
    } else if (!this.startDate) {
      next = now.getTime() + this.intervalMs;
    } else {
      const start = this.startDate.getTime();
      const elapsed = now.getTime() - start;
      next = elapsed <= 0 ? start : start + Math.ceil(elapsed / this.intervalMs) * this.intervalMs;
    }
    if (this.endDate && next > this.endDate.getTime()) return null;
    return new Date(next);
  }

  toSpec(): IntervalTriggerSpec {
    return {
      type: "interval",
      intervalMs: this.intervalMs,
      startDate: this.startDate?.toISOString() ?? null,
      endDate: this.endDate?.toISOString() ?? null,
    };
  }

  toString(): string {
    return `interval[${formatDuration(this.intervalMs)}]`;
  }
}
