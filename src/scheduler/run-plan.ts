/**
 * Which run times of a job are due, and what becomes of them (APScheduler's `_get_run_times`,
 * coalescing and misfire rules). Pure: data in, data out.
 */
import type { Trigger } from "./triggers/trigger.ts";

/** How late a run may start (seconds), or null for "however late". */
export type GraceTime = number | null;

/** What {@link planRuns} needs. */
export interface PlanInput {
  trigger: Trigger;
  /** The job's stored next run time (the first occurrence not yet handled). */
  nextRunTime: Date;
  now: Date;
  coalesce: boolean;
  misfireGraceTime: GraceTime;
  /** At most this many run times are returned at once; the rest wait for the next plan. */
  maxRunTimes?: number;
}

/** What happens to the due run times of one job. */
export interface RunPlan {
  /** Run times to hand to the job runner, oldest first. */
  runTimes: Date[];
  /** Run times already later than the grace time: reported as missed, not run. */
  missed: Date[];
  /** The job's next run time after this plan; null when the trigger is exhausted. */
  nextRunTime: Date | null;
}

const DEFAULT_MAX_RUN_TIMES = 1_000;
// Coalescing only needs the latest due time; walking to it is bounded all the same.
const MAX_COALESCE_STEPS = 1_000_000;

/** True when a run scheduled at `runTime` is too late to start at `now`. */
export function isMisfire(runTime: Date, now: Date, grace: GraceTime): boolean {
  return grace !== null && now.getTime() - runTime.getTime() > grace * 1000;
}

/**
 * Splits the due run times of a job (those at or before `now`, starting at `nextRunTime`) into
 * runs and misses. With `coalesce`, only the latest due time is kept (older ones are dropped
 * silently, as APScheduler does); either way a kept time later than `misfireGraceTime` is missed.
 *
 * @example
 * ```ts
 * planRuns({ trigger: every1s, nextRunTime: t0, now: t0 + 3.5 s, coalesce: true, misfireGraceTime: 1 });
 * // { runTimes: [t0 + 3 s], missed: [], nextRunTime: t0 + 4 s }
 * ```
 */
export function planRuns(input: PlanInput): RunPlan {
  const { trigger, now, coalesce, misfireGraceTime } = input;
  const limit = coalesce ? MAX_COALESCE_STEPS : (input.maxRunTimes ?? DEFAULT_MAX_RUN_TIMES);
  const due: Date[] = [];
  let next: Date | null = input.nextRunTime;
  for (let step = 0; next && next.getTime() <= now.getTime() && step < limit; step++) {
    if (coalesce) due[0] = next;
    else due.push(next);
    const following: Date | null = trigger.getNextFireTime(next, now);
    // A trigger that does not move forward would loop here forever.
    next = following && following.getTime() > next.getTime() ? following : null;
  }
  const runTimes: Date[] = [];
  const missed: Date[] = [];
  for (const runTime of due) (isMisfire(runTime, now, misfireGraceTime) ? missed : runTimes).push(runTime);
  return { runTimes, missed, nextRunTime: next };
}
