/**
 * `scheduler`: jobs declared once per process, run by each app's own scheduler.
 *
 * `scheduler.addJob(fn, trigger)` outside any app (at module level) declares a job: every
 * app gets its own copy, in its own scheduler, which runs it inside the app, so `db` in a
 * job is that app's database. Inside an app (a request, a hook, a job), `scheduler.addJob`,
 * `getJobs`, `pauseJob`, ... act on that app's scheduler. Listeners added outside any app
 * hear every app's scheduler.
 */
import { AppLocal, currentApp } from "../app/current-app.ts";
import type { Fluid } from "../app/fluid.ts";
import type { SchedulerEventName, SchedulerListener } from "./events.ts";
import type { Job, JobInfo } from "./job.ts";
import type { JobChanges, JobFunction } from "./job-options.ts";
import { Scheduler, type AddJobRest, type SchedulerOptions, type ShutdownOptions, type ShutdownResult } from "./scheduler.ts";
import type { JobStore } from "./stores/job-store.ts";
import type { Trigger } from "./triggers/trigger.ts";

/** The jobs declared outside any app; also the scheduler of a script that has no app. */
const declared = new Scheduler();

const schedulers = new AppLocal<Scheduler>("scheduler", (app) => {
  const own = new Scheduler({ runInContext: (run) => app.run(run) }, declared);
  for (const job of declared.getJobs()) copyJob(job, own);
  return own;
});

function copyJob(job: Job, to: Scheduler): void {
  const { id, name, maxInstances, coalesce, misfireGraceTime, jitter } = job;
  to.addJob(job.fn, job.trigger, { id, name, args: [...job.args], maxInstances, coalesce, misfireGraceTime, jitter, replaceExisting: true });
}

/**
 * The type of `scheduler`: a {@link Scheduler} that declares jobs for every app outside any
 * app, and is the current app's scheduler inside one.
 */
export class ContextScheduler extends Scheduler {
  /**
   * The scheduler of `app`: what `scheduler` is inside the app's requests, hooks and jobs. It
   * holds a copy of every declared job; `EXT_SCHEDULER = 1` starts it when the app serves.
   *
   * @example
   * ```ts
   * await scheduler.of(app).listJobs();
   * ```
   */
  of(app: Fluid): Scheduler {
    return schedulers.of(app);
  }

  /** The current app's scheduler; outside any app, the only app's that has one, else the declarations. */
  #current(): Scheduler {
    return schedulers.current() ?? declared;
  }

  /** Inside an app, on the app's scheduler; outside any, declares the job for every app (those running get it at once). */
  override addJob<A extends unknown[]>(fn: JobFunction<A>, trigger: Trigger, ...rest: AddJobRest<A>): Job {
    const app = currentApp();
    if (app) return schedulers.of(app).addJob(fn, trigger, ...rest);
    const job = declared.addJob(fn, trigger, ...rest);
    for (const own of schedulers.live()) copyJob(job, own);
    return job;
  }

  override on<E extends SchedulerEventName>(event: E, listener: SchedulerListener<E>): this {
    this.#listening().on(event, listener);
    return this;
  }

  override off<E extends SchedulerEventName>(event: E, listener: SchedulerListener<E>): this {
    this.#listening().off(event, listener);
    return this;
  }

  override once<E extends SchedulerEventName>(event: E, listener: SchedulerListener<E>): this {
    this.#listening().once(event, listener);
    return this;
  }

  override configure(options: SchedulerOptions): this {
    this.#current().configure(options);
    return this;
  }

  override get running(): boolean {
    return this.#current().running;
  }

  override get jobstore(): JobStore {
    return this.#current().jobstore;
  }

  override getJobs(): Job[] {
    return this.#current().getJobs();
  }

  override getJob(id: string): Job | undefined {
    return this.#current().getJob(id);
  }

  override listJobs(): Promise<JobInfo[]> {
    return this.#current().listJobs();
  }

  override pauseJob(id: string): Promise<Job> {
    return this.#current().pauseJob(id);
  }

  override resumeJob(id: string): Promise<Job> {
    return this.#current().resumeJob(id);
  }

  override modifyJob(id: string, changes: JobChanges): Promise<Job> {
    return this.#current().modifyJob(id, changes);
  }

  override rescheduleJob(id: string, trigger: Trigger): Promise<Job> {
    return this.#current().rescheduleJob(id, trigger);
  }

  override removeJob(id: string): Promise<void> {
    return this.#current().removeJob(id);
  }

  override start(): Promise<void> {
    return this.#current().start();
  }

  override shutdown(options?: ShutdownOptions): Promise<ShutdownResult> {
    return this.#current().shutdown(options);
  }

  /** Inside an app, its scheduler; outside any, the declarations, whose listeners hear every app's scheduler. */
  #listening(): Scheduler {
    const app = currentApp();
    return app ? schedulers.of(app) : declared;
  }
}

/**
 * Declares jobs for every app, and is the current app's scheduler inside one (what
 * `EXT_SCHEDULER = 1` starts when the app serves).
 *
 * @example
 * ```ts
 * import { scheduler, IntervalTrigger } from "webfluid/scheduler";
 * scheduler.addJob(heart, new IntervalTrigger({ seconds: 5 }));
 * ```
 */
export const scheduler = new ContextScheduler();
