/**
 * Once per cluster, for real: three separate Node processes share one PostgreSQL job store and
 * run a one-second job that writes a row per run. Every run and every process lifetime is bounded;
 * assertions are on counts and occurrence times after a bounded run, never on durations.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { after, describe, test } from "node:test";
import pg from "pg";
import { server, type TestDatabase } from "../support/databases.ts";

const postgres = server("postgresql");
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WORKER = fileURLToPath(new URL("./fixtures/cluster-worker.ts", import.meta.url));

interface RunRow {
  job: string;
  occurrence: Date;
  pid: number;
  phase: string;
}

const children = new Set<ChildProcess>();
const databases: TestDatabase[] = [];

after(async () => {
  for (const child of children) child.kill("SIGKILL");
  for (const database of databases) await database.drop();
});

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function createDatabase(): Promise<TestDatabase> {
  const database = await postgres.create();
  databases.push(database);
  const client = new pg.Client({ connectionString: database.uri });
  await client.connect();
  try {
    await client.query("CREATE TABLE runs (job text NOT NULL, occurrence timestamptz NOT NULL, pid int NOT NULL, phase text NOT NULL)");
  } finally {
    await client.end();
  }
  return database;
}

async function readRuns(database: TestDatabase): Promise<RunRow[]> {
  const client = new pg.Client({ connectionString: database.uri });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT job, occurrence, pid, phase FROM runs ORDER BY job, occurrence");
    return rows as RunRow[];
  } finally {
    await client.end();
  }
}

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<void>;
  stderr: string[];
}

/** Starts one cluster process; it exits by itself after `lifetimeMs` (killed by `after` otherwise). */
function startWorker(env: Record<string, string>): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  const stderr: string[] = [];
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => stderr.push(chunk));
  const exited = once(child, "exit").then(() => {
    children.delete(child);
  });
  const ready = new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      if (out.includes("ready")) resolve();
    });
    void exited.then(() => reject(new Error(`worker exited before it was ready: ${stderr.join("")}`)));
  });
  return { child, ready, exited, stderr };
}

/** Waits for `promise`, failing (and killing the cluster) after `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function runCluster(count: number, env: Record<string, string>): Promise<Worker[]> {
  const workers = Array.from({ length: count }, () => startWorker(env));
  await within(Promise.all(workers.map((worker) => worker.ready)), 30_000, "starting the cluster");
  return workers;
}

async function waitExit(workers: Worker[]): Promise<void> {
  await within(Promise.all(workers.map((worker) => worker.exited)), 30_000, "stopping the cluster");
}

/** A whole second a little ahead, shared by every process as the grid of the one-second job. */
function gridStart(): string {
  return new Date(Math.ceil(Date.now() / 1000) * 1000).toISOString();
}

function occurrences(rows: RunRow[], job: string): number[] {
  return rows.filter((row) => row.job === job).map((row) => row.occurrence.getTime());
}

function assertNoDuplicates(times: number[], context: string): void {
  const doubled = times.filter((time, index) => times.indexOf(time) !== index);
  assert.deepEqual(doubled.map((time) => new Date(time).toISOString()), [], `${context}: occurrences run twice`);
}

/** Every step between consecutive occurrences is one second: none missing. */
function assertContiguous(times: number[], context: string): void {
  const gaps = times.slice(1).flatMap((time, index) => (time - times[index]! === 1000 ? [] : [new Date(times[index]!).toISOString()]));
  assert.deepEqual(gaps, [], `${context}: occurrences missing after these`);
}

describe("PostgreSQL job store, three processes", { skip: postgres.skip, timeout: 120_000 }, () => {
  test("a one-second job runs exactly once per occurrence across the processes", async (t) => {
    const database = await createDatabase();
    const env = {
      WF_FIXTURE_DB: database.uri,
      WF_FIXTURE_JOBS: "tick",
      WF_FIXTURE_GRACE: "5",
      WF_FIXTURE_START: gridStart(),
      WF_FIXTURE_LIFETIME_MS: "7000",
    };
    const workers = await runCluster(3, env);
    await waitExit(workers);
    const rows = await readRuns(database);
    const times = occurrences(rows, "tick");
    const diagnostics = workers.flatMap((worker) => worker.stderr).join("");
    assert.ok(times.length >= 5, `expected at least 5 runs in about 7 s, got ${times.length}; ${diagnostics}`);
    assertNoDuplicates(times, "tick");
    assertContiguous(times, "tick");
    const perProcess = Object.groupBy(rows, (row) => String(row.pid));
    t.diagnostic(`runs per process: ${Object.values(perProcess).map((list) => list?.length ?? 0).join(", ")}`);
  });

  test("stopped past the grace time and restarted: a coalescing job runs once for the backlog, a non-coalescing one runs each occurrence still within grace", async () => {
    const database = await createDatabase();
    const env = {
      WF_FIXTURE_DB: database.uri,
      WF_FIXTURE_JOBS: "tick,backlog",
      WF_FIXTURE_GRACE: "3",
      WF_FIXTURE_START: gridStart(),
      WF_FIXTURE_LIFETIME_MS: "4000",
    };
    await waitExit(await runCluster(3, { ...env, WF_FIXTURE_PHASE: "1" }));
    // Every process is down: the stored next run time falls behind by more than the grace time.
    await delay(5_000);
    await waitExit(await runCluster(3, { ...env, WF_FIXTURE_PHASE: "2" }));

    const rows = await readRuns(database);
    const phase = (name: string, job: string) => occurrences(rows.filter((row) => row.phase === name), job);
    const tick1 = phase("1", "tick");
    const tick2 = phase("2", "tick");
    assert.ok(tick1.length >= 2 && tick2.length >= 2, `both phases ran: ${tick1.length} and ${tick2.length}`);
    assertNoDuplicates([...tick1, ...tick2], "tick");
    assertContiguous(tick1, "tick, phase 1");
    assertContiguous(tick2, "tick, phase 2");
    // The occurrences due while every process was down were coalesced into the first run of phase 2.
    const skipped = (tick2[0]! - tick1.at(-1)!) / 1000 - 1;
    assert.ok(skipped >= 3, `the downtime left at least 3 occurrences to coalesce, left ${skipped}`);

    const backlog = occurrences(rows, "backlog");
    assertNoDuplicates(backlog, "backlog");
    // Within its 3 s grace, each missed occurrence of the non-coalescing job ran once after the restart.
    const backlog2 = phase("2", "backlog");
    assert.ok(backlog2[0]! < tick2[0]!, "the non-coalescing job ran occurrences older than the coalesced one");
    assertContiguous(backlog2, "backlog, phase 2");
  });

  test("one process killed with SIGKILL mid-run: the others keep the schedule", async () => {
    const database = await createDatabase();
    const env = {
      WF_FIXTURE_DB: database.uri,
      WF_FIXTURE_JOBS: "tick",
      WF_FIXTURE_GRACE: "5",
      WF_FIXTURE_JOB_MS: "600",
      WF_FIXTURE_START: gridStart(),
      WF_FIXTURE_LIFETIME_MS: "9000",
    };
    const workers = await runCluster(3, env);
    // Wait (bounded) for a third run, then kill the process that is running it.
    let rows: RunRow[] = [];
    for (let attempt = 0; attempt < 100 && rows.length < 3; attempt++) {
      await delay(100);
      rows = await readRuns(database);
    }
    assert.ok(rows.length >= 3, "the cluster ran the job");
    const victim = workers.find((worker) => worker.child.pid === rows.at(-1)!.pid);
    assert.ok(victim, "the running process is one of the cluster's");
    victim.child.kill("SIGKILL");
    const killedAt = Date.now();
    await waitExit(workers);

    const times = occurrences(await readRuns(database), "tick");
    assertNoDuplicates(times, "tick");
    assertContiguous(times, "tick");
    const afterKill = times.filter((time) => time > killedAt + 1000);
    assert.ok(afterKill.length >= 3, `the survivors ran ${afterKill.length} occurrences after the kill`);
  });
});
