/**
 * The scheduler's events (APScheduler's `EVENT_JOB_*`), with a small typed emitter whose
 * listeners can never break the scheduler: a throwing listener is logged and the others still run.
 */
import type { SchedulerLogger } from "./logger.ts";

/** Fields every job run event has. */
export interface JobRunEvent {
  jobId: string;
  /** The occurrence this run belongs to (before jitter). */
  scheduledRunTime: Date;
}

/** A run finished. */
export interface JobExecutedEvent extends JobRunEvent {
  /** What the job function returned (awaited). */
  retval: unknown;
}

/** A run threw. */
export interface JobErrorEvent extends JobRunEvent {
  error: unknown;
}

/** A run was skipped because `maxInstances` runs of the job were already in progress. */
export interface JobMaxInstancesEvent extends JobRunEvent {
  running: number;
}

/** A job was added, modified or removed. */
export interface JobChangeEvent {
  jobId: string;
}

/**
 * Event names and their payloads.
 *
 * @example
 * ```ts
 * scheduler.on("error", ({ jobId, error }) => report(jobId, error));
 * scheduler.on("missed", ({ jobId, scheduledRunTime }) => console.warn(jobId, scheduledRunTime));
 * ```
 */
export interface SchedulerEventMap {
  /** A run was handed to the job runner (before its jitter delay). */
  submitted: [JobRunEvent];
  executed: [JobExecutedEvent];
  error: [JobErrorEvent];
  /** An occurrence started later than `misfireGraceTime` allows; it did not run. */
  missed: [JobRunEvent];
  maxInstances: [JobMaxInstancesEvent];
  added: [JobChangeEvent];
  modified: [JobChangeEvent];
  removed: [JobChangeEvent];
  started: [];
  shutdown: [];
}

/** An event name. */
export type SchedulerEventName = keyof SchedulerEventMap;

/** A listener of event `E`. */
export type SchedulerListener<E extends SchedulerEventName> = (...args: SchedulerEventMap[E]) => void;

/** A typed event emitter whose listeners cannot throw into the emitter. Internal. */
export class SafeEmitter {
  // Each listener maps to whether it was added with `once`, so `off` removes either kind.
  readonly #listeners = new Map<SchedulerEventName, Map<(...args: never[]) => void, boolean>>();
  readonly #logger: () => SchedulerLogger;
  readonly #parent: SafeEmitter | undefined;

  /** @param parent - An emitter whose listeners hear this one's events too. */
  constructor(logger: () => SchedulerLogger, parent?: SafeEmitter) {
    this.#logger = logger;
    this.#parent = parent;
  }

  on<E extends SchedulerEventName>(event: E, listener: SchedulerListener<E>): void {
    this.#add(event, listener, false);
  }

  /** Adds a listener removed before its first call. */
  once<E extends SchedulerEventName>(event: E, listener: SchedulerListener<E>): void {
    this.#add(event, listener, true);
  }

  off<E extends SchedulerEventName>(event: E, listener: SchedulerListener<E>): void {
    this.#listeners.get(event)?.delete(listener as (...args: never[]) => void);
  }

  emit<E extends SchedulerEventName>(event: E, ...args: SchedulerEventMap[E]): void {
    for (const [listener, once] of [...(this.#listeners.get(event) ?? [])]) {
      if (once) this.#listeners.get(event)!.delete(listener);
      try {
        (listener as SchedulerListener<E>)(...args);
      } catch (error) {
        this.#logger().error({ err: error, event }, `scheduler: a listener of "${event}" threw`);
      }
    }
    this.#parent?.emit(event, ...args);
  }

  #add<E extends SchedulerEventName>(event: E, listener: SchedulerListener<E>, once: boolean): void {
    let listeners = this.#listeners.get(event);
    if (!listeners) this.#listeners.set(event, (listeners = new Map()));
    listeners.set(listener as (...args: never[]) => void, once);
  }
}
