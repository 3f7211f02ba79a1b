/**
 * Time for the scheduler: the current time and one-shot timers. The in-process scheduler reads
 * time only through a {@link Clock}, so tests drive it with a {@link FakeClock} instead of sleeping.
 */

/** An opaque timer handle returned by {@link Clock.setTimeout}. */
export type TimerHandle = unknown;

/**
 * Where the scheduler gets the time and its timers from.
 *
 * @example
 * ```ts
 * const clock: Clock = { now: () => Date.now(), setTimeout, clearTimeout };
 * ```
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` once, `ms` milliseconds from now. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer from {@link Clock.setTimeout}; unknown handles are ignored. */
  clearTimeout(handle: TimerHandle): void;
}

// Node rejects delays above 2^31-1 ms; a longer wait is taken in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The real clock: `Date.now()` and Node's timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, Math.min(Math.max(0, ms), MAX_TIMER_MS)),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Resolves after `ms` of `clock` time. */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => {
    clock.setTimeout(resolve, ms);
  });
}
