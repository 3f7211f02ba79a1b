/**
 * The contract between the scheduler and a job store. Job definitions (function, settings) always
 * live in code, in every process; a store keeps the schedule state of each job (next run time,
 * paused, trigger) and hands each due occurrence to exactly one process's job runner.
 */
import type { Clock } from "../clock.ts";
import type { SchedulerLogger } from "../logger.ts";
import type { RunPlan } from "../run-plan.ts";
import type { TriggerSpec } from "../triggers/trigger.ts";

/** The schedule state of one job, as a store keeps it. */
export interface ScheduleState {
  /** The first occurrence not yet handled; null when paused or finished. */
  nextRunTime: Date | null;
  paused: boolean;
  /** The trigger the store holds (so a reschedule holds in every process); null: the job's own. */
  trigger: TriggerSpec | null;
}

/** A job made known to a store (at start, or when added to a running scheduler). */
export interface RegisterRequest {
  id: string;
  trigger: TriggerSpec | null;
  /** Identifies the trigger as declared in code: a stored state survives while it stays the same. */
  declared: string;
  /** The first run time by the trigger, used when the store has no state for the job. */
  nextRunTime: Date | null;
}

/** The outcome of {@link JobStore.claim}. */
export interface Claim {
  /** The job's state after the claim; null when the store no longer has the job. */
  state: ScheduleState | null;
  /** The plan this process carried out, or null when nothing was due (another process took it). */
  plan: RunPlan | null;
}

/** Turns a due state into a plan (the scheduler's pure planning, bound to one job). */
export type Planner = (state: ScheduleState & { nextRunTime: Date }) => RunPlan;

/** What a store may call back. */
export interface StoreHost {
  readonly clock: Clock;
  logger(): SchedulerLogger;
  /** Runs the given occurrences of a job in this process (misfire and maxInstances checked there). */
  dispatch(jobId: string, runTimes: readonly Date[]): void;
}

/**
 * Keeps schedule state and delivers due occurrences. Built in: `memory` (one process) and
 * PostgreSQL through pg-boss (any number of processes, each occurrence once).
 */
export interface JobStore {
  /** `memory`, `postgresql`, ... (for logs and `wf jobs`). */
  readonly name: string;
  /** True when several processes may share the store, each occurrence running once among them. */
  readonly shared: boolean;
  /** How often a running scheduler re-reads the state to see other processes' changes; null: never. */
  readonly syncIntervalMs: number | null;
  /** Connects (and prepares tables, workers); `host` receives the occurrences this process runs. */
  open(host: StoreHost): Promise<void>;
  /** Stops delivering and disconnects; the stored state stays. */
  close(): Promise<void>;
  /** Records a job; an existing state whose `declared` trigger matches is kept as it is. */
  register(request: RegisterRequest): Promise<ScheduleState>;
  /** Changes a job's state (pause, resume, reschedule, modify). */
  update(id: string, patch: Partial<ScheduleState>): Promise<void>;
  /** Forgets a job. */
  remove(id: string): Promise<void>;
  /**
   * If the job is due at `now`, plans its run times with `planner`, delivers them to one process
   * (through {@link StoreHost.dispatch} there) and advances the state, atomically with respect to
   * every other process sharing the store.
   */
  claim(id: string, now: Date, planner: Planner): Promise<Claim>;
  /** The stored states of these jobs (while open). */
  load(ids: readonly string[]): Promise<Map<string, ScheduleState>>;
  /** The stored states of these jobs without opening the store for work (for `wf jobs`). */
  inspect(ids: readonly string[]): Promise<Map<string, ScheduleState>>;
}
