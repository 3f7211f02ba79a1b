/**
 * The default job store: schedule state in a Map, occurrences run in this process. State lasts
 * as long as the process (a scheduler shut down and started again keeps it).
 */
import type { Claim, JobStore, Planner, RegisterRequest, ScheduleState, StoreHost } from "./job-store.ts";

interface MemoryEntry extends ScheduleState {
  declared: string;
}

function copy(entry: MemoryEntry): ScheduleState {
  return { nextRunTime: entry.nextRunTime, paused: entry.paused, trigger: entry.trigger };
}

/**
 * Keeps schedule state in memory; for one process (a second process would run every job again).
 *
 * @example
 * ```ts
 * const scheduler = new Scheduler({ jobstore: new MemoryJobStore() }); // same as the default
 * ```
 */
export class MemoryJobStore implements JobStore {
  readonly name = "memory";
  readonly shared = false;
  readonly syncIntervalMs = null;
  readonly #entries = new Map<string, MemoryEntry>();
  #host: StoreHost | null = null;

  async open(host: StoreHost): Promise<void> {
    this.#host = host;
  }

  async close(): Promise<void> {
    this.#host = null;
  }

  async register(request: RegisterRequest): Promise<ScheduleState> {
    const existing = this.#entries.get(request.id);
    if (existing && existing.declared === request.declared) return copy(existing);
    const paused = existing?.paused ?? false;
    const entry: MemoryEntry = {
      nextRunTime: paused ? null : request.nextRunTime,
      paused,
      trigger: request.trigger,
      declared: request.declared,
    };
    this.#entries.set(request.id, entry);
    return copy(entry);
  }

  async update(id: string, patch: Partial<ScheduleState>): Promise<void> {
    const entry = this.#entries.get(id);
    if (entry) Object.assign(entry, patch);
  }

  async remove(id: string): Promise<void> {
    this.#entries.delete(id);
  }

  async claim(id: string, now: Date, planner: Planner): Promise<Claim> {
    const entry = this.#entries.get(id);
    if (!entry) return { state: null, plan: null };
    const next = entry.nextRunTime;
    if (entry.paused || !next || next.getTime() > now.getTime()) return { state: copy(entry), plan: null };
    const plan = planner({ ...copy(entry), nextRunTime: next });
    entry.nextRunTime = plan.nextRunTime;
    if (plan.runTimes.length) this.#host?.dispatch(id, plan.runTimes);
    // A finished job keeps its entry (null next run time), so registering it again does not rerun it.
    return { state: copy(entry), plan };
  }

  async load(ids: readonly string[]): Promise<Map<string, ScheduleState>> {
    return this.inspect(ids);
  }

  async inspect(ids: readonly string[]): Promise<Map<string, ScheduleState>> {
    const found = new Map<string, ScheduleState>();
    for (const id of ids) {
      const entry = this.#entries.get(id);
      if (entry) found.set(id, copy(entry));
    }
    return found;
  }
}
