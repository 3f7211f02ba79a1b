/**
 * The options of a job (APScheduler's `add_job` keywords), their defaults and their checks.
 */
import { schedulerErrors } from "./errors.ts";
import type { GraceTime } from "./run-plan.ts";

/** A function the scheduler can run; its result is awaited when it is a promise. */
export type JobFunction<A extends unknown[] = unknown[]> = (...args: A) => unknown;

/** How a job runs: every field has a default. */
export interface JobSettings {
  /** A readable name (default: the function's name). */
  name: string;
  /** Arguments passed to the function on every run. */
  args: readonly unknown[];
  /** How many runs of this job may overlap in one process; a run over the limit is skipped. Default 1. */
  maxInstances: number;
  /** Run once, not once per occurrence, when several occurrences are due together. Default true. */
  coalesce: boolean;
  /** Seconds a run may start late and still run; null means however late. Default 1. */
  misfireGraceTime: GraceTime;
  /** Seconds of random delay (0 to jitter) added to each run, or null for none. Default null. */
  jitter: number | null;
}

/**
 * Options of `scheduler.addJob(fn, trigger, options)`.
 *
 * @example
 * ```ts
 * scheduler.addJob(sendDigest, CronTrigger.fromCrontab("0 8 * * *"), {
 *   id: "digest", args: ["daily"], misfireGraceTime: 600, jitter: 30,
 * });
 * ```
 */
export interface AddJobOptions<A extends unknown[] = unknown[]> extends Partial<Omit<JobSettings, "args">> {
  /** Stable, unique id (default: the function's name). Processes sharing a job store must agree on it. */
  id?: string;
  /** Arguments passed to the function on every run. */
  args?: A;
  /** Replace a job with the same id instead of failing. Default false. */
  replaceExisting?: boolean;
}

/** Changes accepted by `scheduler.modifyJob(id, changes)`. */
export interface JobChanges extends Partial<JobSettings> {
  /** A new function to run. */
  fn?: JobFunction;
  /** Move the next run (null pauses the job, a past date runs it at once). */
  nextRunTime?: Date | null;
}

/** The settings of a new job, from its options and function. */
export function resolveSettings(id: string, fn: JobFunction, options: Partial<JobSettings>): JobSettings {
  return checkSettings(id, {
    name: options.name ?? (functionName(fn) || id),
    args: options.args ?? [],
    maxInstances: options.maxInstances ?? 1,
    coalesce: options.coalesce ?? true,
    misfireGraceTime: options.misfireGraceTime === undefined ? 1 : options.misfireGraceTime,
    jitter: options.jitter ?? null,
  });
}

/** Throws on settings out of range; returns them otherwise. */
export function checkSettings(id: string, settings: JobSettings): JobSettings {
  const bad = (option: string, problem: string) => schedulerErrors.badOption(id, option, problem);
  if (typeof settings.name !== "string") throw bad("name", "must be a string");
  if (!Array.isArray(settings.args)) throw bad("args", "must be an array of arguments, e.g. { args: [42] }");
  if (!Number.isInteger(settings.maxInstances) || settings.maxInstances < 1) {
    throw bad("maxInstances", `must be an integer >= 1, got ${String(settings.maxInstances)}`);
  }
  if (typeof settings.coalesce !== "boolean") throw bad("coalesce", "must be true or false");
  const grace = settings.misfireGraceTime;
  if (grace !== null && (typeof grace !== "number" || !(grace >= 0))) {
    throw bad("misfireGraceTime", `must be seconds >= 0, or null for no limit, got ${String(grace)}`);
  }
  const jitter = settings.jitter;
  if (jitter !== null && (typeof jitter !== "number" || !(jitter >= 0) || !Number.isFinite(jitter))) {
    throw bad("jitter", `must be seconds >= 0, or null, got ${String(jitter)}`);
  }
  return settings;
}

/** A function's name without the `bound ` prefix that `fn.bind()` adds; "" for anonymous ones. */
export function functionName(fn: JobFunction): string {
  return (fn.name ?? "").replace(/^(bound )+/, "");
}
