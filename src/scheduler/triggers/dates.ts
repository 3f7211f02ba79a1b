/**
 * Turning trigger date arguments into instants. Strings are ISO 8601; without an offset they are
 * read as wall-clock time in the trigger's timezone (croner does the zone arithmetic).
 */
import { CronDate } from "croner";
import { schedulerErrors } from "../errors.ts";

/** A point in time: a `Date`, or an ISO 8601 string (`2030-01-01T09:00:00`, `...Z`, `...+02:00`). */
export type DateInput = Date | string;

/** Converts a {@link DateInput} to a `Date`, reading offset-less strings in `timezone` (local when unset). */
export function toDate(value: DateInput, timezone: string | undefined, where: string): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw schedulerErrors.badTrigger(where, "got an invalid Date");
    return new Date(value.getTime());
  }
  if (typeof value !== "string") {
    throw schedulerErrors.badTrigger(where, `expects a Date or an ISO 8601 string, got ${typeof value}`);
  }
  try {
    const date = new CronDate<undefined>(value, timezone).getDate();
    if (Number.isNaN(date.getTime())) throw new Error("not a date");
    // croner reads whole seconds: the fraction of "09:00:00.500" is added back here.
    const fraction = /T\d\d:\d\d:\d\d([.,]\d+)/.exec(value)?.[1];
    return fraction ? new Date(date.getTime() + Math.round(Number(`0.${fraction.slice(1)}`) * 1000)) : date;
  } catch (cause) {
    throw schedulerErrors.badTrigger(where, `cannot read "${value}" as an ISO 8601 date`, cause);
  }
}
