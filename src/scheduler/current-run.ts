/**
 * Which occurrence the running job belongs to, readable from inside the job function.
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** The run in progress: its job and the occurrence it belongs to. */
export interface JobRun {
  jobId: string;
  /** The occurrence this run belongs to (before jitter); the same in every process. */
  scheduledRunTime: Date;
}

const storage = new AsyncLocalStorage<JobRun>();

/**
 * The run in progress when called from (anything awaited by) a job function; undefined elsewhere.
 *
 * @example
 * ```ts
 * export async function heart() {
 *   const run = currentRun();
 *   console.log(`beat for ${run?.scheduledRunTime.toISOString()}`);
 * }
 * ```
 */
export function currentRun(): JobRun | undefined {
  return storage.getStore();
}

/** Runs `fn` with `run` as the {@link currentRun}. Internal. */
export function withRun<T>(run: JobRun, fn: () => T): T {
  return storage.run(run, fn);
}
