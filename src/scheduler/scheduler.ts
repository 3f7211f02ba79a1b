/**
 * The scheduler (APScheduler's `BaseScheduler`): jobs added at import time wait; `start()` opens
 * the job store and begins firing; `shutdown()` stops firing and waits for running jobs. This
 * file is the job API and the lifecycle; waking and claiming is claim-loop.ts, running is
 * job-runner.ts. Time comes from an injectable clock, so every rule here is tested without sleeping.
 */
import { ClaimLoop } from "./claim-loop.ts";
import { type Clock, systemClock } from "./clock.ts";
import { schedulerErrors } from "./errors.ts";
import { SafeEmitter, type SchedulerEventName, type SchedulerListener } from "./events.ts";
import { Job, type JobInfo, type JobOwner, type JobRecord } from "./job.ts";
import {
  type AddJobOptions,
  type JobChanges,
  type JobFunction,
  checkSettings,
  functionName,
  resolveSettings,
} from "./job-options.ts";
import { type SchedulerLogger, defaultLogger } from "./logger.ts";
import type { JobStore, ScheduleState, StoreHost } from "./stores/job-store.ts";
import { JobRunner } from "./job-runner.ts";
import { type JobStoreInput, resolveJobStore } from "./stores/resolve-store.ts";
import { triggerFromSpec } from "./triggers/from-spec.ts";
import { type Trigger, type TriggerSpec, isTrigger } from "./triggers/trigger.ts";

/** Options of `new Scheduler(options)` and `scheduler.configure(options)`. */
export interface SchedulerOptions {
  /**
   * Where schedule state lives: `"memory"` (default), a PostgreSQL URI (pg-boss: each occurrence
   * runs once across every process sharing the database), or a {@link JobStore}.
   */
  jobstore?: JobStoreInput;
  /** Log destination (default: pino on stdout). Fastify's `app.log` fits. */
  logger?: SchedulerLogger;
  /** Time source (default: the system clock); tests pass a `FakeClock`. */
  clock?: Clock;
  /** Random numbers in [0, 1) for jitter (default: `Math.random`). */
  random?: () => number;
  /**
   * Calls each job function: an app's scheduler runs its jobs inside the app
   * (`(run) => app.run(run)`), so that `db` in a job is that app's. Default: calls it as is.
   */
  runInContext?: <T>(run: () => T) => T;
}

/** Options of {@link Scheduler.shutdown}. */
export interface ShutdownOptions {
  /** Wait for running jobs (default true). */
  wait?: boolean;
  /** The longest wait for running jobs, in milliseconds (default 30 000). */
  timeoutMs?: number;
}

/** What {@link Scheduler.shutdown} reports. */
export interface ShutdownResult {
  /** Ids of the jobs still running when shutdown returned (one entry per run). */
  stillRunning: string[];
}

/**
 * The arguments after `trigger` in {@link Scheduler.addJob}: options are optional unless the
 * function takes arguments, and then `args` must match its parameters.
 */
export type AddJobRest<A extends unknown[]> = [] extends A
  ? [options?: AddJobOptions<A>]
  : [options: AddJobOptions<A> & { args: A }];

type SchedulerState = "stopped" | "starting" | "running" | "stopping";

interface Entry {
  record: JobRecord;
  job: Job;
}

function declaredTrigger(trigger: Trigger): { spec: TriggerSpec | null; declared: string } {
  const spec = trigger.toSpec?.() ?? null;
  return { spec, declared: spec ? JSON.stringify(spec) : `custom:${String(trigger)}` };
}

/**
 * Runs functions on triggers, after APScheduler. Apps use {@link scheduler} (each app runs its
 * own copy of the declared jobs); scripts and tests may make their own.
 *
 * @example
 * ```ts
 * import { IntervalTrigger, Scheduler } from "webfluid/scheduler";
 * const scheduler = new Scheduler();
 * scheduler.addJob(heart, new IntervalTrigger({ seconds: 5 })); // waits until start()
 * scheduler.on("error", ({ jobId, error }) => alert(jobId, error));
 * await scheduler.start();
 * // ...
 * await scheduler.shutdown({ wait: true, timeoutMs: 10_000 });
 * ```
 */
export class Scheduler implements JobOwner {
  #jobstoreInput: JobStoreInput | undefined;
  #store: JobStore | null = null;
  #clock: Clock;
  #logger: SchedulerLogger | undefined;
  #random: () => number;
  #runInContext: <T>(run: () => T) => T;
  readonly #events: SafeEmitter;
  readonly #runner: JobRunner;
  readonly #loop: ClaimLoop;
  readonly #entries = new Map<string, Entry>();
  #state: SchedulerState = "stopped";
  #starting: Promise<void> | null = null;
  readonly #inFlight = new Set<Promise<unknown>>();

  /**
   * @param options - Job store, logger, clock, ...
   * @param parent - @internal A scheduler whose listeners hear this one's events too (each
   *   app's scheduler has the one that `scheduler` uses outside any app).
   */
  constructor(options: SchedulerOptions = {}, parent?: Scheduler) {
    this.#jobstoreInput = options.jobstore;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger;
    this.#random = options.random ?? Math.random;
    this.#runInContext = options.runInContext ?? ((run) => run());
    this.#events = new SafeEmitter(() => this.#log(), parent && parent.#events);
    const scheduler = this;
    this.#runner = new JobRunner({
      get clock() {
        return scheduler.#clock;
      },
      logger: () => this.#log(),
      events: this.#events,
      random: () => this.#random(),
      runInContext: (run) => this.#runInContext(run),
    });
    this.#loop = new ClaimLoop({
      get clock() {
        return scheduler.#clock;
      },
      get store() {
        return scheduler.jobstore;
      },
      get running() {
        return scheduler.#state === "running";
      },
      records: () => [...this.#entries.values()].map((entry) => entry.record),
      holds: (record) => this.#holds(record),
      apply: (record, state) => this.#apply(record, state),
      missed: (record, runTime, now) => this.#runner.reportMissed(record, runTime, now),
      track: (operation) => this.#track(operation),
      logger: () => this.#log(),
    });
  }

  /**
   * Changes options before start (or after shutdown); those not given stay as they are.
   *
   * @example
   * ```ts
   * scheduler.configure({ jobstore: app.config.get("SCHEDULER_JOBSTORE"), logger: app.log });
   * ```
   */
  configure(options: SchedulerOptions): this {
    if (this.#state !== "stopped") throw schedulerErrors.running("configure()");
    if ("jobstore" in options) {
      this.#jobstoreInput = options.jobstore;
      this.#store = null;
    }
    if (options.clock) this.#clock = options.clock;
    if (options.logger) this.#logger = options.logger;
    if (options.random) this.#random = options.random;
    if (options.runInContext) this.#runInContext = options.runInContext;
    return this;
  }

  /** True between `start()` and `shutdown()`. */
  get running(): boolean {
    return this.#state === "running";
  }

  /**
   * The job store in use (resolved from the `jobstore` option on first use). `jobstore.shared`
   * tells whether several processes may run this scheduler together.
   */
  get jobstore(): JobStore {
    return (this.#store ??= resolveJobStore(this.#jobstoreInput));
  }

  /** Listens to an event (`executed`, `error`, `missed`, `maxInstances`, ...). */
  on<E extends SchedulerEventName>(event: E, listener: SchedulerListener<E>): this {
    this.#events.on(event, listener);
    return this;
  }

  /** Stops listening. */
  off<E extends SchedulerEventName>(event: E, listener: SchedulerListener<E>): this {
    this.#events.off(event, listener);
    return this;
  }

  /** Listens to the next occurrence of an event only; `off(event, listener)` cancels it. */
  once<E extends SchedulerEventName>(event: E, listener: SchedulerListener<E>): this {
    this.#events.once(event, listener);
    return this;
  }

  /**
   * Adds a job: `fn` runs on `trigger`. Before `start()` the job only waits. The id defaults to
   * the function's name; adding an id twice needs `replaceExisting`.
   *
   * @example
   * ```ts
   * scheduler.addJob(heart, new IntervalTrigger({ seconds: 5 }));
   * scheduler.addJob(greet, CronTrigger.fromCrontab("0 9 * * *"), { id: "greet-ann", args: ["Ann"] });
   * ```
   */
  addJob<A extends unknown[]>(fn: JobFunction<A>, trigger: Trigger, ...rest: AddJobRest<A>): Job {
    const options: AddJobOptions<A> = rest[0] ?? {};
    if (typeof fn !== "function") {
      throw schedulerErrors.badOption(options.id ?? "?", "fn", "(the first argument of addJob) must be a function");
    }
    const id = options.id ?? functionName(fn as JobFunction);
    if (!id) throw schedulerErrors.jobIdRequired();
    if (!isTrigger(trigger)) {
      throw schedulerErrors.badTrigger(
        `addJob("${id}")`,
        "the second argument must be a trigger, e.g. new IntervalTrigger({ seconds: 5 })",
      );
    }
    const settings = resolveSettings(id, fn as JobFunction, options);
    const existing = this.#entries.get(id);
    if (existing && !options.replaceExisting) throw schedulerErrors.duplicateJob(id);
    let entry: Entry;
    if (existing) {
      // The record is kept, so runs in progress still count against maxInstances.
      Object.assign(existing.record, { fn, trigger, settings, nextRunTime: null, pending: true });
      entry = existing;
    } else {
      const record: JobRecord = { id, fn: fn as JobFunction, trigger, settings, nextRunTime: null, paused: false, pending: true, running: 0 };
      entry = { record, job: new Job(record, this) };
      this.#entries.set(id, entry);
    }
    this.#events.emit(existing ? "modified" : "added", { jobId: id });
    if (this.#state === "running") this.#track(this.#register(entry.record).then(() => this.#loop.arm()));
    return entry.job;
  }

  /** Every job, in the order they were added. */
  getJobs(): Job[] {
    return [...this.#entries.values()].map((entry) => entry.job);
  }

  /** The job with this id, or undefined. */
  getJob(id: string): Job | undefined {
    return this.#entries.get(id)?.job;
  }

  /**
   * Describes every job with its next run time, for listings such as `wf jobs`. Works without
   * `start()`: a shared store is read (not written); other jobs show when they would first run.
   */
  async listJobs(): Promise<JobInfo[]> {
    if (this.#state === "running") return this.getJobs().map((job) => job.toJSON());
    const now = new Date(this.#clock.now());
    const stored = await this.jobstore.inspect([...this.#entries.keys()]);
    return this.getJobs().map((job) => {
      const info = job.toJSON();
      const state = stored.get(job.id);
      if (state) {
        const trigger = state.trigger ? triggerFromSpec(state.trigger) : job.trigger;
        return { ...info, trigger: String(trigger), nextRunTime: state.nextRunTime, paused: state.paused };
      }
      return { ...info, nextRunTime: info.paused ? null : job.trigger.getNextFireTime(null, now) };
    });
  }

  /** Pauses a job (in every process, with a shared store) until {@link Scheduler.resumeJob}. */
  async pauseJob(id: string): Promise<Job> {
    const { record, job } = this.#entry(id);
    record.paused = true;
    record.nextRunTime = null;
    await this.#persist(id, { paused: true, nextRunTime: null });
    this.#events.emit("modified", { jobId: id });
    return job;
  }

  /** Resumes a paused job; its next run time is computed from now. */
  async resumeJob(id: string): Promise<Job> {
    const { record, job } = this.#entry(id);
    const next = record.trigger.getNextFireTime(null, new Date(this.#clock.now()));
    record.paused = false;
    record.nextRunTime = record.pending ? null : next;
    await this.#persist(id, { paused: false, nextRunTime: next });
    this.#events.emit("modified", { jobId: id });
    this.#removeIfFinished(record, next);
    this.#loop.arm();
    return job;
  }

  /**
   * Changes a job's settings, function or next run time (`nextRunTime: new Date()` runs it at
   * once; null pauses it). Settings are this process's: other processes keep their own code.
   */
  async modifyJob(id: string, changes: JobChanges): Promise<Job> {
    const { record, job } = this.#entry(id);
    const { fn, nextRunTime, ...settings } = changes;
    if (fn !== undefined && typeof fn !== "function") throw schedulerErrors.badOption(id, "fn", "must be a function");
    record.settings = checkSettings(id, { ...record.settings, ...settings });
    if (fn) record.fn = fn;
    if (nextRunTime !== undefined) {
      record.paused = nextRunTime === null;
      if (!record.pending) record.nextRunTime = nextRunTime;
      await this.#persist(id, { paused: record.paused, nextRunTime });
    }
    this.#events.emit("modified", { jobId: id });
    this.#loop.arm();
    return job;
  }

  /** Gives a job a new trigger; the next run time is computed from now (in every process, with a shared store). */
  async rescheduleJob(id: string, trigger: Trigger): Promise<Job> {
    const { record, job } = this.#entry(id);
    if (!isTrigger(trigger)) throw schedulerErrors.badTrigger(`rescheduleJob("${id}")`, "expects a trigger, e.g. new IntervalTrigger({ minutes: 1 })");
    const next = trigger.getNextFireTime(null, new Date(this.#clock.now()));
    record.trigger = trigger;
    record.paused = false;
    if (!record.pending) record.nextRunTime = next;
    await this.#persist(id, { trigger: trigger.toSpec?.() ?? null, paused: false, nextRunTime: next });
    this.#events.emit("modified", { jobId: id });
    this.#removeIfFinished(record, next);
    this.#loop.arm();
    return job;
  }

  /** Removes a job (and, with a shared store, its stored state; processes still defining it add it back when they start). */
  async removeJob(id: string): Promise<void> {
    this.#entry(id);
    this.#entries.delete(id);
    this.#loop.forget(id);
    if (this.#state === "running") await this.jobstore.remove(id);
    this.#events.emit("removed", { jobId: id });
    this.#loop.arm();
  }

  /**
   * Opens the job store and starts firing jobs. A process that must not run jobs (a CLI command,
   * a second worker with the memory store) simply does not call it. Calling it twice is harmless.
   */
  async start(): Promise<void> {
    if (this.#state === "starting") return this.#starting!;
    if (this.#state !== "stopped") return;
    this.#starting = this.#start().finally(() => {
      this.#starting = null;
    });
    return this.#starting;
  }

  async #start(): Promise<void> {
    this.#state = "starting";
    const store = this.jobstore;
    const host: StoreHost = {
      clock: this.#clock,
      logger: () => this.#log(),
      dispatch: (jobId, runTimes) => this.#dispatch(jobId, runTimes),
    };
    try {
      await store.open(host);
      await Promise.all([...this.#entries.values()].map((entry) => this.#register(entry.record)));
    } catch (error) {
      this.#state = "stopped";
      await store.close().catch(() => undefined);
      throw error;
    }
    this.#state = "running";
    this.#loop.start();
    this.#log().info({ jobstore: store.name, jobs: this.#entries.size }, "scheduler: started");
    this.#events.emit("started");
  }

  /**
   * Stops firing jobs and closes the store; with `wait` (default), waits up to `timeoutMs` for
   * the runs in progress. The scheduler can be started again afterwards.
   */
  async shutdown(options: ShutdownOptions = {}): Promise<ShutdownResult> {
    const { wait = true, timeoutMs = 30_000 } = options;
    if (this.#starting) await this.#starting.catch(() => undefined);
    if (this.#state === "stopped" || this.#state === "stopping") return { stillRunning: this.#runner.running };
    this.#state = "stopping";
    this.#loop.stop();
    await Promise.allSettled([...this.#inFlight]);
    await this.jobstore.close().catch((error: unknown) => {
      this.#log().error({ err: error }, "scheduler: closing the job store failed");
    });
    for (const { record } of this.#entries.values()) record.pending = true;
    const stillRunning = wait ? await this.#runner.drain(timeoutMs) : this.#runner.running;
    if (stillRunning.length) {
      this.#log().warn({ stillRunning }, `scheduler: shut down with ${stillRunning.length} job run(s) still in progress`);
    }
    this.#state = "stopped";
    this.#log().info({}, "scheduler: shut down");
    this.#events.emit("shutdown");
    return { stillRunning };
  }

  #log(): SchedulerLogger {
    return this.#logger ?? defaultLogger();
  }

  #entry(id: string): Entry {
    const entry = this.#entries.get(id);
    if (!entry) throw schedulerErrors.jobNotFound(id, [...this.#entries.keys()]);
    return entry;
  }

  /** True while `record` is the one held under its id (not removed or replaced since). */
  #holds(record: JobRecord): boolean {
    return this.#entries.get(record.id)?.record === record;
  }

  #track(promise: Promise<unknown>): void {
    const tracked = promise.catch((error: unknown) => {
      this.#log().error({ err: error }, "scheduler: a job store operation failed");
    });
    this.#inFlight.add(tracked);
    void tracked.finally(() => this.#inFlight.delete(tracked));
  }

  async #persist(id: string, patch: Partial<ScheduleState>): Promise<void> {
    if (this.#state === "running") await this.jobstore.update(id, patch);
  }

  async #register(record: JobRecord): Promise<void> {
    const { spec, declared } = declaredTrigger(record.trigger);
    const nextRunTime = record.trigger.getNextFireTime(null, new Date(this.#clock.now()));
    let state = await this.jobstore.register({ id: record.id, trigger: spec, declared, nextRunTime });
    if (!this.#holds(record)) return;
    if (record.paused && !state.paused) {
      // Paused before start: the pause is recorded now.
      state = { ...state, paused: true, nextRunTime: null };
      await this.jobstore.update(record.id, { paused: true, nextRunTime: null });
    }
    record.pending = false;
    this.#apply(record, state);
  }

  /** A running job whose trigger will not fire again is removed (as APScheduler does). */
  #removeIfFinished(record: JobRecord, next: Date | null): void {
    if (!next && !record.pending) this.#apply(record, { nextRunTime: null, paused: false, trigger: null });
  }

  /** Brings a record in line with the stored state; a finished job is removed. */
  #apply(record: JobRecord, state: ScheduleState | null): void {
    if (!state || (!state.paused && !state.nextRunTime)) {
      if (this.#holds(record)) {
        this.#entries.delete(record.id);
        this.#events.emit("removed", { jobId: record.id });
      }
      return;
    }
    record.paused = state.paused;
    record.nextRunTime = state.nextRunTime;
    if (state.trigger) {
      const stored = JSON.stringify(state.trigger);
      if (stored !== JSON.stringify(record.trigger.toSpec?.() ?? null)) record.trigger = triggerFromSpec(state.trigger);
    }
  }

  #dispatch(jobId: string, runTimes: readonly Date[]): void {
    const entry = this.#entries.get(jobId);
    if (!entry) {
      const error = schedulerErrors.jobNotDefined(jobId);
      this.#log().error({ jobId, err: error }, error.message);
      for (const scheduledRunTime of runTimes) this.#events.emit("error", { jobId, scheduledRunTime, error });
      return;
    }
    this.#runner.submit(entry.record, runTimes);
  }
}
