/**
 * `webfluid/scheduler`: run functions on intervals, cron schedules or dates, after APScheduler;
 * in one process (memory store) or once per cluster (PostgreSQL store through pg-boss).
 *
 * @example
 * ```ts
 * import { scheduler, IntervalTrigger } from "webfluid/scheduler";
 * scheduler.addJob(heart, new IntervalTrigger({ seconds: 5 }));
 * ```
 */
export { Scheduler } from "./scheduler.ts";
export { scheduler, type ContextScheduler } from "./context-scheduler.ts";
export type { SchedulerOptions, ShutdownOptions, ShutdownResult } from "./scheduler.ts";
export { Job } from "./job.ts";
export type { JobInfo } from "./job.ts";
export type { AddJobOptions, JobChanges, JobFunction } from "./job-options.ts";
export { currentRun } from "./current-run.ts";
export type { JobRun } from "./current-run.ts";
export type {
  JobChangeEvent,
  JobErrorEvent,
  JobExecutedEvent,
  JobMaxInstancesEvent,
  JobRunEvent,
  SchedulerEventMap,
  SchedulerEventName,
  SchedulerListener,
} from "./events.ts";

export { IntervalTrigger } from "./triggers/interval-trigger.ts";
export type { IntervalTriggerOptions } from "./triggers/interval-trigger.ts";
export { CronTrigger } from "./triggers/cron-trigger.ts";
export type { CronFields, CronFieldValue, CronTriggerOptions } from "./triggers/cron-trigger.ts";
export { DateTrigger } from "./triggers/date-trigger.ts";
export type { DateInput } from "./triggers/dates.ts";
export type { Trigger } from "./triggers/trigger.ts";

export { MemoryJobStore } from "./stores/memory-store.ts";
export { PgBossJobStore } from "./stores/pgboss-store.ts";
export type { PgBossJobStoreOptions } from "./stores/pgboss-store.ts";

export type { Clock } from "./clock.ts";
export { FakeClock } from "./fake-clock.ts";
export type { SchedulerLogger } from "./logger.ts";
export { SchedulerError, SchedulerErrorCodes } from "./errors.ts";
export type { SchedulerErrorCode } from "./errors.ts";
