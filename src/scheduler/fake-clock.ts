/**
 * A clock that moves only when told to, for testing schedules without sleeping.
 */
import type { Clock, TimerHandle } from "./clock.ts";

interface FakeTimer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/** Lets pending promise callbacks and I/O callbacks run before the clock moves on. */
async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * A {@link Clock} whose time moves only through {@link FakeClock.advance}; timers fire in time
 * order, and promise callbacks settle after each one, so async jobs finish as they would.
 *
 * @example
 * ```ts
 * const clock = new FakeClock(new Date("2030-01-01T00:00:00Z"));
 * const scheduler = new Scheduler({ clock });
 * scheduler.addJob(tick, new IntervalTrigger({ seconds: 5 }));
 * await scheduler.start();
 * await clock.advance(15_000); // tick ran three times
 * ```
 */
export class FakeClock implements Clock {
  #now: number;
  #nextId = 1;
  #timers = new Map<number, FakeTimer>();

  constructor(start: Date | number = Date.UTC(2030, 0, 1)) {
    this.#now = typeof start === "number" ? start : start.getTime();
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.#nextId++;
    this.#timers.set(id, { id, at: this.#now + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    if (typeof handle === "number") this.#timers.delete(handle);
  }

  /** How many timers are waiting. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way (in order, each at
   * its own time), and lets promise callbacks settle after each.
   */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await settle();
    for (;;) {
      const next = this.#earliest();
      if (!next || next.at > target) break;
      this.#timers.delete(next.id);
      this.#now = Math.max(this.#now, next.at);
      next.fn();
      await settle();
    }
    this.#now = target;
    await settle();
  }

  /** Moves time to `date` (never backwards), as {@link FakeClock.advance} does. */
  async advanceTo(date: Date | number): Promise<void> {
    const at = typeof date === "number" ? date : date.getTime();
    await this.advance(Math.max(0, at - this.#now));
  }

  #earliest(): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const timer of this.#timers.values()) {
      if (!best || timer.at < best.at || (timer.at === best.at && timer.id < best.id)) best = timer;
    }
    return best;
  }
}
