/**
 * The scheduler's error class and the messages it raises: one builder per code, each saying
 * what is wrong, where, and how to fix it. `docs/scheduler.md` also lists each code; a test
 * keeps the two in step.
 */
import { codesByName, type ErrorCodeOf } from "../error-codes.ts";
import { WebFluidError } from "../errors.ts";

/** The `WF_ERR_SCHEDULER_*` codes by short name: `SchedulerErrorCodes.DUPLICATE_JOB`. */
export const SchedulerErrorCodes = codesByName("scheduler");
/** One of {@link SchedulerErrorCodes}. */
export type SchedulerErrorCode = ErrorCodeOf<"scheduler">;

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
