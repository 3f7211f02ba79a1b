/**
 * Every error the scheduler raises on purpose, declared once: a stable code and a one-line
 * message that says what is wrong, where, and how to fix it. `docs/scheduler.md` lists each
 * code; a test keeps the two in step.
 */
import { WebFluidError } from "../errors.ts";

/** The scheduler's error codes. */
export const SchedulerErrorCodes = {
  /** A job id was added twice without `replaceExisting`. */
  DUPLICATE_JOB: "WF_ERR_SCHEDULER_DUPLICATE_JOB",
  /** A job function has no name to derive an id from, and no `id` option was given. */
  JOB_ID_REQUIRED: "WF_ERR_SCHEDULER_JOB_ID_REQUIRED",
  /** An operation named a job id the scheduler does not have. */
  JOB_NOT_FOUND: "WF_ERR_SCHEDULER_JOB_NOT_FOUND",
  /** A shared job store delivered an occurrence of a job this process never added. */
  JOB_NOT_DEFINED: "WF_ERR_SCHEDULER_JOB_NOT_DEFINED",
  /** A trigger was given invalid arguments (interval, cron field, date, timezone). */
  BAD_TRIGGER: "WF_ERR_SCHEDULER_BAD_TRIGGER",
  /** A job option is out of range (`maxInstances`, `misfireGraceTime`, `jitter`, `args`). */
  BAD_OPTION: "WF_ERR_SCHEDULER_BAD_OPTION",
  /** The `jobstore` setting is neither `memory` nor a PostgreSQL URI. */
  BAD_JOBSTORE: "WF_ERR_SCHEDULER_BAD_JOBSTORE",
  /** The job store could not be opened or used (PostgreSQL unreachable, permissions, ...). */
  STORE_UNAVAILABLE: "WF_ERR_SCHEDULER_STORE_UNAVAILABLE",
  /** `configure()` was called while the scheduler is running. */
  RUNNING: "WF_ERR_SCHEDULER_RUNNING",
} as const;

/** One of {@link SchedulerErrorCodes}. */
export type SchedulerErrorCode = (typeof SchedulerErrorCodes)[keyof typeof SchedulerErrorCodes];

/** An error raised by `webfluid/scheduler`; `code` is one of {@link SchedulerErrorCodes}. */
export class SchedulerError extends WebFluidError<SchedulerErrorCode> {}

const C = SchedulerErrorCodes;

function reason(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/** Message builders, one per code; internal to the scheduler. */
export const schedulerErrors = {
  duplicateJob: (id: string) =>
    new SchedulerError(
      C.DUPLICATE_JOB,
      `job id "${id}" is already added to the scheduler: pass another { id } to addJob(), or { replaceExisting: true } to replace it`,
    ),
  jobIdRequired: () =>
    new SchedulerError(
      C.JOB_ID_REQUIRED,
      "addJob() got an anonymous function, so no job id can be derived from its name: pass { id: \"my-job\" } or use a named function",
    ),
  jobNotFound: (id: string, known: readonly string[]) =>
    new SchedulerError(
      C.JOB_NOT_FOUND,
      `no job with id "${id}" in the scheduler (known: ${known.length ? known.join(", ") : "none"}): check the id, or add the job first`,
    ),
  jobNotDefined: (id: string) =>
    new SchedulerError(
      C.JOB_NOT_DEFINED,
      `the shared job store delivered an occurrence of job "${id}", which this process never added: add the same jobs in every process that shares SCHEDULER_JOBSTORE`,
    ),
  badTrigger: (trigger: string, problem: string, cause?: unknown) =>
    new SchedulerError(
      C.BAD_TRIGGER,
      `${trigger}: ${problem}${cause === undefined ? "" : ` (${reason(cause)})`}`,
      cause === undefined ? undefined : { cause },
    ),
  badOption: (id: string, option: string, problem: string) =>
    new SchedulerError(C.BAD_OPTION, `job "${id}": option ${option} ${problem}`),
  badJobstore: (value: string) =>
    new SchedulerError(
      C.BAD_JOBSTORE,
      `job store "${value}" is not supported: set SCHEDULER_JOBSTORE (or the jobstore option) to "memory" or a postgresql:// URI`,
    ),
  storeUnavailable: (where: string, cause: unknown) =>
    new SchedulerError(
      C.STORE_UNAVAILABLE,
      `job store ${where} cannot be used: ${reason(cause)}; check SCHEDULER_JOBSTORE and that the server is reachable`,
      { cause },
    ),
  running: (what: string) =>
    new SchedulerError(C.RUNNING, `${what} while the scheduler is running: call it before start(), or after shutdown()`),
};
