/**
 * The PostgreSQL job store, through pg-boss: any number of processes on any number of machines
 * share one database, and each occurrence of each job runs once among them.
 *
 * Design. Job definitions live in code: every process adds the same jobs at import. The store
 * keeps only schedule state, one row per job id in `<schema>.wf_scheduler_jobs` (next run time,
 * paused, the trigger as data, and the trigger as declared in code). Every process runs the same
 * loop: it sleeps until the earliest next run time it knows and then *claims* the job:
 *
 * 1. In one transaction, `SELECT ... FOR UPDATE` locks the job's row. Processes waking for the
 *    same occurrence queue on that lock; the first one finds the occurrence due, the others find
 *    the row already advanced and go back to sleep with the new time.
 * 2. The winner plans the due run times with the pure APScheduler rules (`planRuns`: coalescing
 *    keeps the latest, times past `misfireGraceTime` are reported missed), inserts one pg-boss
 *    job carrying those run times, with a deterministic id (job id + first run time) so a
 *    duplicate insert collapses, and writes the next run time; then it commits. Claim and enqueue
 *    are atomic: the occurrence is either in the queue and the row advanced, or neither.
 * 3. Every process works the queue (LISTEN/NOTIFY wakes them at once, polling every 0.5 s is the
 *    floor). pg-boss hands each queued job to exactly one worker, which gives the run times to its
 *    job runner (misfire and `maxInstances` checked there) and completes the pg-boss job at once:
 *    the pg-boss job means "accepted by process X", not "finished", so long runs hold nothing.
 *
 * What follows. Exactly once: an occurrence is enqueued by one committed claim, and fetched by one
 * worker. A process killed with SIGKILL loses only what it had accepted (as APScheduler, nothing
 * is retried): its row lock dies with its connection, and the others keep claiming. The state
 * survives every process: after a full stop, the first process back finds the old next run time
 * and applies misfire and coalescing to the backlog. `register` keeps the stored state while the
 * trigger declared in code is unchanged, and resets it when a deploy changes the trigger; a
 * runtime `rescheduleJob` stores the new trigger, which every process then plans with.
 */
import { createHash } from "node:crypto";
import { hostname } from "node:os";
import type { Db, PgBoss } from "pg-boss";
import { maskUri } from "../../config/index.ts";
import { schedulerErrors } from "../errors.ts";
import type { TriggerSpec } from "../triggers/trigger.ts";
import type { Claim, JobStore, Planner, RegisterRequest, ScheduleState, StoreHost } from "./job-store.ts";

/** Options of {@link PgBossJobStore}. */
export interface PgBossJobStoreOptions {
  /** `postgresql://user:password@host:port/database`. */
  connectionString: string;
  /** PostgreSQL schema for pg-boss and the schedule table (default `pgboss`). */
  schema?: string;
  /** pg-boss queue the occurrences go through (default `webfluid-scheduler`). */
  queue?: string;
  /** How often idle workers poll when LISTEN/NOTIFY is unavailable, in seconds (default 0.5). */
  pollingIntervalSeconds?: number;
  /** How often other processes' pauses, resumes and reschedules are picked up, in seconds (default 5). */
  syncIntervalSeconds?: number;
  /** Connections in this process's pool (default 4). */
  poolSize?: number;
}

/** The payload of one pg-boss job: the run times of one claim. */
interface OccurrencePayload {
  jobId: string;
  runTimes: string[];
}

interface StateRow {
  id: string;
  next_run_time: Date | null;
  paused: boolean;
  trigger: TriggerSpec | null;
}

const TABLE = "wf_scheduler_jobs";
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** A UUID determined by the job id and its first run time, so the same claim cannot enqueue twice. */
export function occurrenceId(jobId: string, runTime: Date): string {
  const hex = createHash("sha1").update(`${jobId}\n${runTime.toISOString()}`).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function toState(row: StateRow): ScheduleState {
  return { nextRunTime: row.next_run_time, paused: row.paused, trigger: row.trigger };
}

/**
 * Schedule state in PostgreSQL, occurrences through a pg-boss queue: every process sharing the
 * database runs the scheduler, and each occurrence runs once among them.
 *
 * @example
 * ```ts
 * const scheduler = new Scheduler({ jobstore: "postgresql://app@db/app" }); // this store
 * const custom = new Scheduler({ jobstore: new PgBossJobStore({ connectionString, schema: "jobs" }) });
 * ```
 */
export class PgBossJobStore implements JobStore {
  readonly name = "postgresql";
  readonly shared = true;
  readonly syncIntervalMs: number;
  readonly #options: Required<PgBossJobStoreOptions>;
  readonly #table: string;
  #boss: PgBoss | null = null;

  constructor(options: PgBossJobStoreOptions) {
    this.#options = {
      schema: "pgboss",
      queue: "webfluid-scheduler",
      pollingIntervalSeconds: 0.5,
      syncIntervalSeconds: 5,
      poolSize: 4,
      ...options,
    };
    if (!IDENTIFIER.test(this.#options.schema)) {
      throw schedulerErrors.storeUnavailable(
        maskUri(this.#options.connectionString),
        `schema "${this.#options.schema}" must be a lower-case SQL identifier`,
      );
    }
    this.#table = `"${this.#options.schema}".${TABLE}`;
    this.syncIntervalMs = this.#options.syncIntervalSeconds * 1000;
  }

  async open(host: StoreHost): Promise<void> {
    const { queue, pollingIntervalSeconds } = this.#options;
    const boss = await this.#startBoss(host);
    try {
      await this.#createTable(boss.getDb());
      await boss.createQueue(queue, { notify: true, retryLimit: 0, expireInSeconds: 300, deleteAfterSeconds: 86_400 });
      const accepted = { host: hostname(), pid: process.pid };
      await boss.work<OccurrencePayload>(queue, { pollingIntervalSeconds, batchSize: 16 }, async (jobs) => {
        for (const { data } of jobs) host.dispatch(data.jobId, data.runTimes.map((time) => new Date(time)));
        return accepted;
      });
    } catch (cause) {
      await boss.stop({ graceful: false }).catch(() => undefined);
      throw schedulerErrors.storeUnavailable(maskUri(this.#options.connectionString), cause);
    }
    this.#boss = boss;
  }

  async close(): Promise<void> {
    const boss = this.#boss;
    this.#boss = null;
    await boss?.stop({ graceful: true, timeout: 5_000 });
  }

  async register(request: RegisterRequest): Promise<ScheduleState> {
    const db = this.#db();
    const { rows } = await db.executeSql(
      `INSERT INTO ${this.#table} AS t (id, next_run_time, paused, trigger, declared)
       VALUES ($1, $2, false, $3::jsonb, $4)
       ON CONFLICT (id) DO UPDATE SET
         next_run_time = CASE WHEN t.paused THEN NULL ELSE EXCLUDED.next_run_time END,
         trigger = EXCLUDED.trigger, declared = EXCLUDED.declared, updated_on = now()
       WHERE t.declared IS DISTINCT FROM EXCLUDED.declared
       RETURNING id, next_run_time, paused, trigger`,
      [request.id, request.nextRunTime, request.trigger && JSON.stringify(request.trigger), request.declared],
    );
    if (rows[0]) return toState(rows[0] as StateRow);
    const state = (await this.load([request.id])).get(request.id);
    if (!state) throw new Error(`the state of job "${request.id}" vanished while it was registered`);
    return state;
  }

  async update(id: string, patch: Partial<ScheduleState>): Promise<void> {
    const sets: string[] = [];
    const values: unknown[] = [id];
    if ("nextRunTime" in patch) sets.push(`next_run_time = $${values.push(patch.nextRunTime)}`);
    if ("paused" in patch) sets.push(`paused = $${values.push(patch.paused)}`);
    if ("trigger" in patch) sets.push(`trigger = $${values.push(patch.trigger && JSON.stringify(patch.trigger))}::jsonb`);
    if (!sets.length) return;
    await this.#db().executeSql(`UPDATE ${this.#table} SET ${sets.join(", ")}, updated_on = now() WHERE id = $1`, values);
  }

  async remove(id: string): Promise<void> {
    await this.#db().executeSql(`DELETE FROM ${this.#table} WHERE id = $1`, [id]);
  }

  async claim(id: string, now: Date, planner: Planner): Promise<Claim> {
    const boss = this.#requireBoss();
    const db = boss.getDb();
    if (!db.beginTransaction) throw new Error("the pg-boss database adapter cannot open transactions");
    const tx = await db.beginTransaction();
    try {
      const { rows } = await tx.db.executeSql(
        `SELECT id, next_run_time, paused, trigger FROM ${this.#table} WHERE id = $1 FOR UPDATE`,
        [id],
      );
      const row = rows[0] as StateRow | undefined;
      const next = row?.next_run_time;
      if (!row || row.paused || !next || next.getTime() > now.getTime()) {
        await tx.rollback();
        return { state: row ? toState(row) : null, plan: null };
      }
      const state = toState(row);
      const plan = planner({ ...state, nextRunTime: next });
      if (plan.runTimes.length) {
        const data: OccurrencePayload = { jobId: id, runTimes: plan.runTimes.map((time) => time.toISOString()) };
        await boss.insert(this.#options.queue, [{ id: occurrenceId(id, plan.runTimes[0]!), data }], { db: tx.db });
      }
      await tx.db.executeSql(`UPDATE ${this.#table} SET next_run_time = $2, updated_on = now() WHERE id = $1`, [
        id,
        plan.nextRunTime,
      ]);
      await tx.commit();
      return { state: { ...state, nextRunTime: plan.nextRunTime }, plan };
    } catch (error) {
      await tx.rollback();
      throw error;
    }
  }

  async load(ids: readonly string[]): Promise<Map<string, ScheduleState>> {
    return this.#select(this.#db(), ids);
  }

  async inspect(ids: readonly string[]): Promise<Map<string, ScheduleState>> {
    if (this.#boss) return this.load(ids);
    const { PgBoss } = await import("pg-boss");
    const boss = new PgBoss({
      connectionString: this.#options.connectionString,
      schema: this.#options.schema,
      max: 1,
      migrate: false,
      supervise: false,
      schedule: false,
      registerInstance: false,
    });
    boss.on("error", () => undefined);
    try {
      await boss.start();
    } catch (cause) {
      await boss.stop({ graceful: false }).catch(() => undefined);
      // Nothing installed yet (or an older pg-boss): nothing is stored.
      if (cause instanceof Error && /not installed|requires migrations/.test(cause.message)) return new Map();
      throw schedulerErrors.storeUnavailable(maskUri(this.#options.connectionString), cause);
    }
    try {
      const db = boss.getDb();
      const { rows } = await db.executeSql("SELECT to_regclass($1) IS NOT NULL AS present", [this.#table]);
      return rows[0]?.present ? await this.#select(db, ids) : new Map();
    } finally {
      await boss.stop({ graceful: false });
    }
  }

  async #startBoss(host: StoreHost): Promise<PgBoss> {
    const { PgBoss } = await import("pg-boss");
    const boss = new PgBoss({
      connectionString: this.#options.connectionString,
      schema: this.#options.schema,
      max: this.#options.poolSize,
      useListenNotify: true,
      schedule: false,
      application_name: "webfluid-scheduler",
    });
    boss.on("error", (error) => host.logger().error({ err: error }, `scheduler: pg-boss: ${error.message}`));
    boss.on("warning", (warning) => host.logger().warn({ data: warning.data }, `scheduler: pg-boss: ${warning.message}`));
    try {
      await boss.start({ attempts: 3 });
    } catch (cause) {
      await boss.stop({ graceful: false }).catch(() => undefined);
      throw schedulerErrors.storeUnavailable(maskUri(this.#options.connectionString), cause);
    }
    return boss;
  }

  async #createTable(db: Db): Promise<void> {
    if (!db.beginTransaction) throw new Error("the pg-boss database adapter cannot open transactions");
    const tx = await db.beginTransaction();
    try {
      // Processes starting together would race on CREATE TABLE IF NOT EXISTS.
      await tx.db.executeSql("SELECT pg_advisory_xact_lock(hashtext($1))", [`webfluid-scheduler:${this.#table}`]);
      await tx.db.executeSql(
        `CREATE TABLE IF NOT EXISTS ${this.#table} (
           id text PRIMARY KEY,
           next_run_time timestamptz,
           paused boolean NOT NULL DEFAULT false,
           trigger jsonb,
           declared text NOT NULL,
           updated_on timestamptz NOT NULL DEFAULT now()
         )`,
      );
      await tx.commit();
    } catch (error) {
      await tx.rollback();
      throw error;
    }
  }

  async #select(db: Db, ids: readonly string[]): Promise<Map<string, ScheduleState>> {
    const { rows } = await db.executeSql(
      `SELECT id, next_run_time, paused, trigger FROM ${this.#table} WHERE id = ANY($1::text[])`,
      [ids],
    );
    return new Map((rows as StateRow[]).map((row) => [row.id, toState(row)]));
  }

  #requireBoss(): PgBoss {
    if (!this.#boss) throw new Error("the PostgreSQL job store is not open: start the scheduler first");
    return this.#boss;
  }

  #db(): Db {
    return this.#requireBoss().getDb();
  }
}
