/**
 * A scheduled job: its definition (function, trigger, settings) and its schedule state. `Job` is
 * the read-only view users get; the scheduler owns the record behind it.
 */
import type { JobChanges, JobFunction, JobSettings } from "./job-options.ts";
import type { GraceTime } from "./run-plan.ts";
import type { Trigger } from "./triggers/trigger.ts";

/** The scheduler's mutable state of one job. Internal. */
export interface JobRecord {
  readonly id: string;
  fn: JobFunction;
  trigger: Trigger;
  settings: JobSettings;
  /** The next occurrence; null while paused, pending or exhausted. */
  nextRunTime: Date | null;
  paused: boolean;
  /** Added but not scheduled yet (the scheduler is not running, or the store has not answered). */
  pending: boolean;
  /** Runs of this job in progress in this process. */
  running: number;
}

/** What a {@link Job} delegates its methods to (the scheduler). Internal. */
export interface JobOwner {
  pauseJob(id: string): Promise<Job>;
  resumeJob(id: string): Promise<Job>;
  modifyJob(id: string, changes: JobChanges): Promise<Job>;
  rescheduleJob(id: string, trigger: Trigger): Promise<Job>;
  removeJob(id: string): Promise<void>;
}

/** A plain description of a job, e.g. for `wf jobs`. */
export interface JobInfo {
  id: string;
  name: string;
  /** The trigger's description, e.g. `interval[0:00:05]`. */
  trigger: string;
  /** The next run time; null when paused, not scheduled yet, or finished. */
  nextRunTime: Date | null;
  paused: boolean;
  pending: boolean;
  maxInstances: number;
  coalesce: boolean;
  misfireGraceTime: GraceTime;
  jitter: number | null;
}

/**
 * A job added to a scheduler (what `addJob` returns). Reads are live; the methods are shortcuts
 * for the scheduler's (`job.pause()` is `scheduler.pauseJob(job.id)`).
 *
 * @example
 * ```ts
 * const job = scheduler.addJob(heart, new IntervalTrigger({ seconds: 5 }));
 * job.nextRunTime; // null until the scheduler starts
 * await job.pause();
 * ```
 */
export class Job {
  readonly #record: JobRecord;
  readonly #owner: JobOwner;

  /** @internal Created by the scheduler. */
  constructor(record: JobRecord, owner: JobOwner) {
    this.#record = record;
    this.#owner = owner;
  }

  get id(): string {
    return this.#record.id;
  }
  get name(): string {
    return this.#record.settings.name;
  }
  get fn(): JobFunction {
    return this.#record.fn;
  }
  get trigger(): Trigger {
    return this.#record.trigger;
  }
  get args(): readonly unknown[] {
    return this.#record.settings.args;
  }
  get maxInstances(): number {
    return this.#record.settings.maxInstances;
  }
  get coalesce(): boolean {
    return this.#record.settings.coalesce;
  }
  get misfireGraceTime(): GraceTime {
    return this.#record.settings.misfireGraceTime;
  }
  get jitter(): number | null {
    return this.#record.settings.jitter;
  }
  /** The next run time; null while paused, not scheduled yet (`pending`), or finished. */
  get nextRunTime(): Date | null {
    return this.#record.nextRunTime ? new Date(this.#record.nextRunTime.getTime()) : null;
  }
  get paused(): boolean {
    return this.#record.paused;
  }
  /** True until the running scheduler has scheduled the job. */
  get pending(): boolean {
    return this.#record.pending;
  }
  /** Runs of this job in progress in this process. */
  get running(): number {
    return this.#record.running;
  }

  pause(): Promise<Job> {
    return this.#owner.pauseJob(this.id);
  }
  resume(): Promise<Job> {
    return this.#owner.resumeJob(this.id);
  }
  modify(changes: JobChanges): Promise<Job> {
    return this.#owner.modifyJob(this.id, changes);
  }
  reschedule(trigger: Trigger): Promise<Job> {
    return this.#owner.rescheduleJob(this.id, trigger);
  }
  remove(): Promise<void> {
    return this.#owner.removeJob(this.id);
  }

  /** A plain description of the job. */
  toJSON(): JobInfo {
    return {
      id: this.id,
      name: this.name,
      trigger: String(this.trigger),
      nextRunTime: this.nextRunTime,
      paused: this.paused,
      pending: this.pending,
      maxInstances: this.maxInstances,
      coalesce: this.coalesce,
      misfireGraceTime: this.misfireGraceTime,
      jitter: this.jitter,
    };
  }

  toString(): string {
    const next = this.paused ? "paused" : this.pending ? "pending" : (this.#record.nextRunTime?.toISOString() ?? "finished");
    return `${this.name} (trigger: ${String(this.trigger)}, next run at: ${next})`;
  }
}
