/**
 * Fires when the wall clock matches cron-like fields (APScheduler's `CronTrigger`). All cron
 * parsing and calendar arithmetic, time zones and daylight saving included, is croner's; this
 * file only maps APScheduler's field model onto a croner pattern.
 */
import { Cron, CronDate, CronPattern } from "croner";
import { schedulerErrors } from "../errors.ts";
import { type DateInput, toDate } from "./dates.ts";
import type { Trigger } from "./trigger.ts";

/** A cron field: a number, or an expression such as `"*"`, `"*\/5"`, `"1-5"`, `"mon-fri"`, `"1,15"`. */
export type CronFieldValue = number | string;

/**
 * The fields of {@link CronTrigger}. As in APScheduler, fields more significant than the least
 * significant one given default to `*`, less significant ones to their minimum: `{ hour: 3 }`
 * fires daily at 03:00:00. `week` and `dayOfWeek` default to `*`. All given fields must match
 * (day and dayOfWeek included).
 */
export interface CronFields {
  /** Four-digit year (1-9999). */
  year?: CronFieldValue;
  /** 1-12 or `jan`-`dec`. */
  month?: CronFieldValue;
  /** Day of month 1-31, or `"L"` / `"last"` for the last day of the month. */
  day?: CronFieldValue;
  /** ISO week number 1-53. */
  week?: CronFieldValue;
  /**
   * Day of week: names (`mon`-`sun`, ranges `mon-fri`) or crontab numbers (0 or 7 = Sunday, 1 =
   * Monday). Note: APScheduler 3 numbered Monday 0; names read the same everywhere.
   */
  dayOfWeek?: CronFieldValue;
  hour?: CronFieldValue;
  minute?: CronFieldValue;
  second?: CronFieldValue;
}

/** Arguments of {@link CronTrigger}. */
export interface CronTriggerOptions extends CronFields {
  /** IANA zone the fields are read in, e.g. `"Europe/Paris"` (default: the process's local zone). */
  timezone?: string;
  /** No fire time before this (inclusive). */
  startDate?: DateInput;
  /** No fire time after this (inclusive). */
  endDate?: DateInput;
}

/** The stored form of a {@link CronTrigger}. */
export interface CronTriggerSpec {
  type: "cron";
  /** The fields given (as strings), or null for a crontab trigger. */
  fields: Partial<Record<keyof CronFields, string>> | null;
  /** The crontab line, or null for a field trigger. */
  crontab: string | null;
  timezone: string | null;
  startDate: string | null;
  endDate: string | null;
}

const FIELD_ORDER = ["year", "month", "day", "week", "dayOfWeek", "hour", "minute", "second"] as const;
type FieldName = (typeof FIELD_ORDER)[number];
const FIELD_MINIMUM: Record<FieldName, string> = {
  year: "*",
  month: "1",
  day: "1",
  week: "*",
  dayOfWeek: "*",
  hour: "0",
  minute: "0",
  second: "0",
};

// APScheduler's `week` field (ISO week of the year) has no counterpart in croner: no croner
// pattern field, option or helper gives the ISO week (checked up to croner 11.0.1). So it is
// done here, in small steps that keep croner for everything else: the week expression is parsed
// by croner's own field parser (parseWeeks); a croner match in an unwanted ISO week (isoWeek, of
// the day in the trigger's zone) sends the search, by calendar arithmetic, to the Monday 00:00 of
// the next wanted week, and croner searches again from there, at most this often.
const MAX_WEEK_SKIPS = 1_000;
// Week 53 comes back after at most seven years.
const MAX_WEEKS_AHEAD = 53 * 8;
// Marks options built by fromCrontab (not exported, so only this module can set it).
const CRONTAB = Symbol("crontab");
const DAY_MS = 86_400_000;
// A zone's midnight falls within this of the UTC midnight of the same date.
const MAX_ZONE_OFFSET_MS = 15 * 3_600_000;

/** The calendar day of `date` in `timezone`, as days since 1970-01-01. */
function localDay(date: Date, timezone: string | undefined): number {
  const local = new CronDate<undefined>(date, timezone);
  return Date.UTC(local.year, local.month, local.day) / DAY_MS;
}

/** Days since Monday (0-6) of a day number. */
function weekday(day: number): number {
  return (new Date(day * DAY_MS).getUTCDay() + 6) % 7;
}

/** The ISO 8601 week number (1-53) of a day number: the week of its Thursday. */
function isoWeek(day: number): number {
  const thursday = day - weekday(day) + 3;
  const yearStart = Date.UTC(new Date(thursday * DAY_MS).getUTCFullYear(), 0, 1) / DAY_MS;
  return 1 + Math.floor((thursday - yearStart) / 7);
}

/** The Monday (a day number) of the first wanted week after the week of `day`, or null. */
function nextWantedMonday(day: number, weeks: ReadonlySet<number>): number | null {
  let monday = day - weekday(day);
  for (let step = 0; step < MAX_WEEKS_AHEAD; step++) {
    monday += 7;
    if (weeks.has(isoWeek(monday))) return monday;
  }
  return null;
}

/**
 * Parses a week expression (`10`, `1-3,10`, `*\/2`, `10-20/5`) with croner's field parser. Croner
 * has no week field, so the expression is given as the minute field, whose 0-59 covers weeks
 * 1-53; `*` is turned into `1-53` first, since weeks count from 1 (APScheduler's `*\/2` is 1, 3,
 * 5, ...), and 0 or anything past 53 is refused.
 */
function parseWeeks(expression: string): Set<number> {
  const normalised = expression.trim().replace(/(^|,)\*(?=$|,|\/)/g, "$11-53");
  const pattern = new CronPattern(`0 ${normalised} 0 * * *`, undefined, { mode: "6-part" });
  const weeks = new Set<number>();
  pattern.minute.forEach((on, week) => {
    if (on) weeks.add(week);
  });
  if (weeks.has(0) || [...weeks].some((week) => week > 53)) throw new RangeError("weeks are numbered 1-53");
  return weeks;
}

function fieldString(value: CronFieldValue): string {
  const text = String(value).trim();
  return text.toLowerCase() === "last" ? "L" : text;
}

interface CronParts {
  pattern: string;
  domAndDow: boolean;
  mode: "5-part" | "7-part";
  weeks: Set<number> | null;
  label: string;
}

function partsFromFields(fields: Partial<Record<FieldName, string>>): Omit<CronParts, "label"> {
  const given = FIELD_ORDER.filter((name) => fields[name] !== undefined);
  const least = given.length ? FIELD_ORDER.indexOf(given[given.length - 1]!) : FIELD_ORDER.length;
  const value = (name: FieldName): string =>
    fields[name] ?? (FIELD_ORDER.indexOf(name) > least ? FIELD_MINIMUM[name] : "*");
  const pattern = [value("second"), value("minute"), value("hour"), value("day"), value("month"), value("dayOfWeek"), value("year")].join(" ");
  const week = value("week");
  return { pattern, domAndDow: true, mode: "7-part", weeks: week === "*" ? null : parseWeeks(week) };
}

/**
 * Fires on wall-clock times matching the given fields, in `timezone`.
 *
 * @example
 * ```ts
 * new CronTrigger({ hour: 3 });                                  // every day at 03:00:00
 * new CronTrigger({ dayOfWeek: "mon-fri", hour: 9, minute: 30, timezone: "Europe/Paris" });
 * new CronTrigger({ minute: "*\/15" });                          // every 15 minutes, at :00 seconds
 * CronTrigger.fromCrontab("0 9 * * 1-5", "America/New_York");
 * ```
 */
export class CronTrigger implements Trigger {
  readonly timezone: string | undefined;
  readonly startDate: Date | null;
  readonly endDate: Date | null;
  readonly #spec: CronTriggerSpec;
  readonly #cron: Cron;
  readonly #mondays: Cron | null;
  readonly #weeks: Set<number> | null;
  readonly #label: string;

  constructor(options: CronTriggerOptions = {}) {
    const crontab = (options as CronTriggerOptions & { [CRONTAB]?: string })[CRONTAB];
    let parts: CronParts;
    let spec: CronTriggerSpec;
    if (crontab !== undefined) {
      parts = { pattern: crontab, domAndDow: false, mode: "5-part", weeks: null, label: `cron[${crontab}]` };
      spec = { type: "cron", fields: null, crontab, timezone: options.timezone ?? null, startDate: null, endDate: null };
    } else {
      const fields: Partial<Record<FieldName, string>> = {};
      for (const name of FIELD_ORDER) {
        const raw = options[name];
        if (raw === undefined) continue;
        if (typeof raw !== "number" && typeof raw !== "string") {
          throw schedulerErrors.badTrigger("CronTrigger", `${name} must be a number or a string, got ${typeof raw}`);
        }
        fields[name] = fieldString(raw);
      }
      const label = `cron[${FIELD_ORDER.filter((n) => fields[n] !== undefined).map((n) => `${n}='${fields[n]}'`).join(", ")}]`;
      try {
        parts = { ...partsFromFields(fields), label };
      } catch (cause) {
        throw schedulerErrors.badTrigger(label, "a field is not a valid cron expression", cause);
      }
      spec = { type: "cron", fields, crontab: null, timezone: options.timezone ?? null, startDate: null, endDate: null };
    }
    const where = crontab !== undefined ? `CronTrigger.fromCrontab("${crontab}")` : parts.label;
    this.timezone = options.timezone;
    this.startDate = options.startDate === undefined ? null : toDate(options.startDate, this.timezone, `${where} startDate`);
    this.endDate = options.endDate === undefined ? null : toDate(options.endDate, this.timezone, `${where} endDate`);
    try {
      this.#cron = new Cron(parts.pattern, { timezone: this.timezone, paused: true, mode: parts.mode, domAndDow: parts.domAndDow });
      this.#mondays = parts.weeks ? new Cron("0 0 0 * * 1", { timezone: this.timezone, paused: true }) : null;
      this.#cron.nextRun(new Date(0)); // croner checks the time zone only when it computes
    } catch (cause) {
      const badZone = cause instanceof Error && /timezone/i.test(cause.message);
      throw schedulerErrors.badTrigger(
        where,
        badZone ? `timezone "${this.timezone}" is not an IANA time zone (e.g. "Europe/Paris")` : "invalid cron schedule",
        cause,
      );
    }
    this.#weeks = parts.weeks;
    this.#label = parts.label;
    this.#spec = { ...spec, startDate: this.startDate?.toISOString() ?? null, endDate: this.endDate?.toISOString() ?? null };
  }

  /**
   * A trigger from a standard five-field crontab line (`minute hour day month dayOfWeek`, or a
   * nickname such as `@daily`). As in cron, when both day and dayOfWeek are restricted either
   * may match.
   *
   * @example
   * ```ts
   * scheduler.addJob(cleanup, CronTrigger.fromCrontab("*\/5 * * * *"));
   * ```
   */
  static fromCrontab(expression: string, timezone?: string): CronTrigger {
    if (typeof expression !== "string") {
      throw schedulerErrors.badTrigger("CronTrigger.fromCrontab", `expects a crontab string, got ${typeof expression}`);
    }
    const options: CronTriggerOptions & { [CRONTAB]: string } = { [CRONTAB]: expression.trim() };
    if (timezone !== undefined) options.timezone = timezone;
    return new CronTrigger(options);
  }

  /** Rebuilds a trigger from {@link CronTrigger.toSpec}. */
  static fromSpec(spec: CronTriggerSpec): CronTrigger {
    const timezone = spec.timezone ?? undefined;
    if (spec.crontab !== null) return CronTrigger.fromCrontab(spec.crontab, timezone);
    return new CronTrigger({
      ...spec.fields,
      ...(timezone ? { timezone } : {}),
      ...(spec.startDate ? { startDate: new Date(spec.startDate) } : {}),
      ...(spec.endDate ? { endDate: new Date(spec.endDate) } : {}),
    });
  }

  getNextFireTime(previous: Date | null, now: Date): Date | null {
    let after = previous ? previous.getTime() : now.getTime() - 1;
    if (this.startDate && after < this.startDate.getTime() - 1) after = this.startDate.getTime() - 1;
    for (let skip = 0; skip < MAX_WEEK_SKIPS; skip++) {
      const next = this.#cron.nextRun(new Date(after));
      if (!next || (this.endDate && next.getTime() > this.endDate.getTime())) return null;
      if (!this.#weeks) return next;
      const day = localDay(next, this.timezone);
      if (this.#weeks.has(isoWeek(day))) return next;
      const monday = nextWantedMonday(day, this.#weeks);
      const midnight = monday === null ? null : this.#mondays?.nextRun(new Date(monday * DAY_MS - MAX_ZONE_OFFSET_MS));
      if (!midnight) return null;
      after = midnight.getTime() - 1;
    }
    return null;
  }

  toSpec(): CronTriggerSpec {
    return structuredClone(this.#spec);
  }

  toString(): string {
    return this.#label;
  }
}
