/**
 * The scheduler's wake-up loop (APScheduler's `_process_jobs`): sleep until the earliest next run
 * time, claim each due job from the store (which hands its runs to one process's job runner), and,
 * with a shared store, re-read the stored states now and then to see other processes' pauses,
 * resumes and reschedules. The scheduler owns the jobs; this loop only times and claims them.
 */
import type { Clock, TimerHandle } from "./clock.ts";
import type { JobRecord } from "./job.ts";
import type { SchedulerLogger } from "./logger.ts";
import { planRuns } from "./run-plan.ts";
import type { JobStore, ScheduleState } from "./stores/job-store.ts";
import { triggerFromSpec } from "./triggers/from-spec.ts";

/** What the loop needs from its scheduler. Internal. */
export interface LoopHost {
  readonly clock: Clock;
  readonly store: JobStore;
  /** True while the scheduler runs; the loop does nothing otherwise. */
  readonly running: boolean;
  /** The jobs, in the order they were added. */
  records(): Iterable<JobRecord>;
  /** True while `record` is still the one the scheduler holds under its id. */
  holds(record: JobRecord): boolean;
  /** Brings a record in line with the stored state (null: the store forgot the job). */
  apply(record: JobRecord, state: ScheduleState | null): void;
  /** Reports a run time the claim found later than the job's grace time. */
  missed(record: JobRecord, runTime: Date, now: Date): void;
  /** Lets shutdown wait for a store operation, and logs it if it fails. */
  track(operation: Promise<unknown>): void;
  logger(): SchedulerLogger;
}

// After a store error, a job is not claimed again for this long (no hot loop on a broken store).
const RETRY_AFTER_ERROR_MS = 1_000;

/** Wakes for due jobs and claims them; one per scheduler. Internal. */
export class ClaimLoop {
  readonly #host: LoopHost;
  #timer: TimerHandle | null = null;
  #syncTimer: TimerHandle | null = null;
  readonly #claiming = new Set<string>();
  readonly #retryAt = new Map<string, number>();

  constructor(host: LoopHost) {
    this.#host = host;
  }

  /** Arms the wake-up timer and, when the store asks for it, the periodic re-read. */
  start(): void {
    const { syncIntervalMs } = this.#host.store;
    if (syncIntervalMs) this.#scheduleSync(syncIntervalMs);
    this.arm();
  }

  /** Clears both timers; claims already sent finish (shutdown waits for them through `track`). */
  stop(): void {
    const { clock } = this.#host;
    if (this.#timer !== null) clock.clearTimeout(this.#timer);
    if (this.#syncTimer !== null) clock.clearTimeout(this.#syncTimer);
    this.#timer = this.#syncTimer = null;
  }

  /** Forgets what the loop knows of a removed job. */
  forget(id: string): void {
    this.#retryAt.delete(id);
  }

  /** Sets the wake-up timer to the earliest due time among the jobs not being claimed. */
  arm(): void {
    const { clock } = this.#host;
    if (this.#timer !== null) clock.clearTimeout(this.#timer);
    this.#timer = null;
    if (!this.#host.running) return;
    let earliest = Infinity;
    for (const record of this.#waiting()) {
      earliest = Math.min(earliest, Math.max(record.nextRunTime!.getTime(), this.#retryAt.get(record.id) ?? 0));
    }
    if (earliest === Infinity) return;
    this.#timer = clock.setTimeout(() => this.#wake(), Math.max(0, earliest - clock.now()));
  }

  /** Jobs that have a next run time and no claim in flight. */
  *#waiting(): Generator<JobRecord> {
    for (const record of this.#host.records()) {
      if (!record.pending && record.nextRunTime && !this.#claiming.has(record.id)) yield record;
    }
  }

  #wake(): void {
    this.#timer = null;
    if (!this.#host.running) return;
    const now = this.#host.clock.now();
    for (const record of [...this.#waiting()]) {
      if (record.nextRunTime!.getTime() > now || (this.#retryAt.get(record.id) ?? 0) > now) continue;
      this.#claim(record, new Date(now));
    }
    this.arm();
  }

  #claim(record: JobRecord, now: Date): void {
    const host = this.#host;
    this.#claiming.add(record.id);
    const claimed = host.store
      .claim(record.id, now, (state) => {
        const trigger = state.trigger ? triggerFromSpec(state.trigger) : record.trigger;
        const { coalesce, misfireGraceTime } = record.settings;
        return planRuns({ trigger, nextRunTime: state.nextRunTime, now, coalesce, misfireGraceTime });
      })
      .then(
        ({ state, plan }) => {
          this.#retryAt.delete(record.id);
          for (const runTime of plan?.missed ?? []) host.missed(record, runTime, now);
          if (host.holds(record)) host.apply(record, state);
        },
        (error: unknown) => {
          this.#retryAt.set(record.id, host.clock.now() + RETRY_AFTER_ERROR_MS);
          host.logger().error({ jobId: record.id, err: error }, `scheduler: could not claim the due runs of job "${record.id}"`);
        },
      )
      .catch((error: unknown) => {
        host.logger().error({ jobId: record.id, err: error }, `scheduler: could not apply the state of job "${record.id}"`);
      })
      .finally(() => {
        this.#claiming.delete(record.id);
        this.arm();
      });
    host.track(claimed);
  }

  #scheduleSync(intervalMs: number): void {
    const host = this.#host;
    this.#syncTimer = host.clock.setTimeout(() => {
      this.#syncTimer = null;
      if (!host.running) return;
      const records = [...host.records()];
      const sync = host.store
        .load(records.map((record) => record.id))
        .then((states) => {
          for (const record of records) {
            if (record.pending || this.#claiming.has(record.id) || !host.holds(record)) continue;
            host.apply(record, states.get(record.id) ?? null);
          }
          this.arm();
        })
        .catch((error: unknown) => {
          host.logger().error({ err: error }, "scheduler: could not read the job store");
        })
        .finally(() => {
          if (host.running) this.#scheduleSync(intervalMs);
        });
      host.track(sync);
    }, intervalMs);
  }
}
