/**
 * Runs job functions in this process (what APScheduler calls its executor): enforces
 * `maxInstances`, applies jitter, checks misfires, reports every outcome as an event and a log
 * line, and lets shutdown wait for the runs in progress.
 */
import { type Clock, sleep } from "./clock.ts";
import { withRun } from "./current-run.ts";
import type { SafeEmitter } from "./events.ts";
import type { JobRecord } from "./job.ts";
import type { SchedulerLogger } from "./logger.ts";
import { isMisfire } from "./run-plan.ts";

/** What the job runner needs from the scheduler. Internal. */
export interface RunnerHost {
  clock: Clock;
  logger(): SchedulerLogger;
  events: SafeEmitter;
  /** A number in [0, 1), for jitter. */
  random(): number;
  /** Calls a job function where it must run (inside its app). */
  runInContext<T>(run: () => T): T;
}

/** Runs jobs; one per scheduler. Internal. */
export class JobRunner {
  readonly #ctx: RunnerHost;
  readonly #inFlight = new Map<Promise<void>, string>();

  constructor(ctx: RunnerHost) {
    this.#ctx = ctx;
  }

  /** Ids of the jobs with runs in progress (one entry per run). */
  get running(): string[] {
    return [...this.#inFlight.values()];
  }

  /**
   * Runs `record` once for each of `runTimes`, one after another, as one instance (APScheduler
   * runs a non-coalesced backlog this way). Times later than the grace time are reported missed.
   */
  submit(record: JobRecord, runTimes: readonly Date[]): void {
    const { clock, events } = this.#ctx;
    const now = new Date(clock.now());
    const live = runTimes.filter((runTime) => !this.#missed(record, runTime, now));
    if (live.length === 0) return;
    const { maxInstances } = record.settings;
    if (record.running >= maxInstances) {
      for (const scheduledRunTime of live) {
        this.#ctx.logger().warn(
          { jobId: record.id, scheduledRunTime, running: record.running },
          `scheduler: run of job "${record.id}" skipped: maximum number of running instances reached (${maxInstances})`,
        );
        events.emit("maxInstances", { jobId: record.id, scheduledRunTime, running: record.running });
      }
      return;
    }
    record.running++;
    for (const scheduledRunTime of live) events.emit("submitted", { jobId: record.id, scheduledRunTime });
    const run = this.#run(record, live).finally(() => {
      record.running--;
      this.#inFlight.delete(run);
    });
    this.#inFlight.set(run, record.id);
  }

  /**
   * Waits for the runs in progress, at most `timeoutMs` of clock time; resolves to the ids of the
   * jobs still running then.
   */
  async drain(timeoutMs: number): Promise<string[]> {
    if (this.#inFlight.size === 0 || timeoutMs <= 0) return this.running;
    let timer: unknown;
    const timeout = new Promise<void>((resolve) => {
      timer = this.#ctx.clock.setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.allSettled([...this.#inFlight.keys()]), timeout]);
    this.#ctx.clock.clearTimeout(timer);
    return this.running;
  }

  async #run(record: JobRecord, runTimes: readonly Date[]): Promise<void> {
    const { clock, events } = this.#ctx;
    const jitter = record.settings.jitter;
    if (jitter) await sleep(clock, this.#ctx.random() * jitter * 1000);
    for (const [index, scheduledRunTime] of runTimes.entries()) {
      if (index > 0 && this.#missed(record, scheduledRunTime, new Date(clock.now()))) continue;
      const jobId = record.id;
      try {
        const call = () => record.fn(...record.settings.args);
        const retval = await withRun({ jobId, scheduledRunTime }, () => this.#ctx.runInContext(call));
        this.#ctx.logger().debug({ jobId, scheduledRunTime }, `scheduler: job "${jobId}" executed`);
        events.emit("executed", { jobId, scheduledRunTime, retval });
      } catch (error) {
        this.#ctx.logger().error({ jobId, scheduledRunTime, err: error }, `scheduler: job "${jobId}" raised an error`);
        events.emit("error", { jobId, scheduledRunTime, error });
      }
    }
  }

  #missed(record: JobRecord, runTime: Date, now: Date): boolean {
    if (!isMisfire(runTime, now, record.settings.misfireGraceTime)) return false;
    this.reportMissed(record, runTime, now);
    return true;
  }

  /** Logs and emits that `runTime` of `record` was too late to run at `now`. */
  reportMissed(record: JobRecord, runTime: Date, now: Date): void {
    const lateMs = now.getTime() - runTime.getTime();
    this.#ctx.logger().warn(
      { jobId: record.id, scheduledRunTime: runTime, lateMs },
      `scheduler: run time of job "${record.id}" was missed by ${lateMs / 1000} s`,
    );
    this.#ctx.events.emit("missed", { jobId: record.id, scheduledRunTime: runTime });
  }
}
