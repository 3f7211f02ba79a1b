/**
 * What every trigger answers: when does the job fire next. Triggers are pure: the answer depends
 * only on the arguments, never on a clock, so the maths is tested without time passing.
 */
import type { CronTriggerSpec } from "./cron-trigger.ts";
import type { DateTriggerSpec } from "./date-trigger.ts";
import type { IntervalTriggerSpec } from "./interval-trigger.ts";

/** The data that rebuilds a built-in trigger (stored by shared job stores). */
export type TriggerSpec = IntervalTriggerSpec | CronTriggerSpec | DateTriggerSpec;

/**
 * A schedule. Built-in: {@link IntervalTrigger}, {@link CronTrigger}, {@link DateTrigger}; any
 * object with this shape works in the memory store.
 *
 * @example
 * ```ts
 * const everyFive = new IntervalTrigger({ seconds: 5 });
 * everyFive.getNextFireTime(null, new Date("2030-01-01T00:00:00Z")); // 2030-01-01T00:00:05Z
 * ```
 */
export interface Trigger {
  /**
   * The next fire time: the first one after `previous` when the job has fired before, else the
   * first one at or after `now`. Null when the trigger will not fire again.
   */
  getNextFireTime(previous: Date | null, now: Date): Date | null;
  /** The data that rebuilds this trigger; built-in triggers have it, custom ones may not. */
  toSpec?(): TriggerSpec;
  /** A short description, e.g. `interval[0:00:05]` or `cron[*\/5 * * * *]`. */
  toString(): string;
}

/** True when `value` looks like a {@link Trigger}. */
export function isTrigger(value: unknown): value is Trigger {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { getNextFireTime?: unknown }).getNextFireTime === "function"
  );
}
