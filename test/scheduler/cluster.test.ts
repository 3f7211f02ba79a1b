/**
 * Once per cluster, for real: three `wf run app` processes of the example app share one PostgreSQL
 * job store (SCHEDULER_JOBSTORE) and run one-second jobs that insert a row per run. The tests run
 * in order on one cluster: a bounded run, then one process SIGKILLed mid-run, then every process
 * stopped past the grace time and restarted. Assertions are on rows after bounded waits (which
 * occurrence ran, where, how often), never on durations.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { server } from "../support/databases.ts";
import { TempProject, waitUntil, type RunningApp } from "../support/project.ts";

const postgres = server("postgresql");
const GRACE_SECONDS = 3;
// The coalescing job takes this long, so that a process can be killed while it runs.
const TICK_MS = 600;

interface Run {
  job: string;
  /** Milliseconds since the epoch. */
  at: number;
  pid: number;
  finished: boolean;
}

const cleanup: (() => unknown)[] = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

/** The tutorial with two one-second jobs writing to `runs`: `tick` coalesces, `backlog` (half a second later) does not. */
function clusterProject(): TempProject {
  const project = TempProject.fromExample("tutorial");
  cleanup.push(() => project.remove());
  project.write(
    "fluid/runs.ts",
    `import { db } from "webfluid/db";
import { currentRun } from "webfluid/scheduler";

/** Inserts a row for the occurrence it runs, takes \`ms\`, then marks the row finished. */
export async function record(ms: number): Promise<void> {
  const { jobId, scheduledRunTime } = currentRun()!;
  await using e = db.asyncExecutor({ bind: "default" });
  const connection = e.em.getConnection();
  await connection.execute("insert into runs (job, occurrence, pid) values (?, ?, ?)", [jobId, scheduledRunTime, process.pid]);
  await new Promise((resolve) => setTimeout(resolve, ms));
  await connection.execute("update runs set finished = true where job = ? and occurrence = ?", [jobId, scheduledRunTime]);
}
`,
  );
  const main = project
    .read("fluid/main.ts")
    .replace(`import { heart } from "./jobs.ts";`, `import { heart } from "./jobs.ts";\nimport { record } from "./runs.ts";`)
    .replace(
      "scheduler.addJob(heart, new IntervalTrigger({ seconds: 5 }));",
      `scheduler.addJob(heart, new IntervalTrigger({ seconds: 5 }));
scheduler.addJob(record, new IntervalTrigger({ seconds: 1, startDate: "2020-01-01T00:00:00Z" }), { id: "tick", args: [${TICK_MS}], misfireGraceTime: ${GRACE_SECONDS} });
scheduler.addJob(record, new IntervalTrigger({ seconds: 1, startDate: "2020-01-01T00:00:00.500Z" }), { id: "backlog", args: [0], coalesce: false, misfireGraceTime: ${GRACE_SECONDS} });`,
    );
  assert.match(main, /id: "backlog"/, "the example's main.ts changed shape");
  project.write("fluid/main.ts", main);
  return project;
}

function times(runs: readonly Run[], job: string): number[] {
  return runs.filter((run) => run.job === job).map((run) => run.at);
}

function show(list: readonly number[]): string {
  return list.map((at) => new Date(at).toISOString().slice(11, 23)).join(" ");
}

function assertOncePerOccurrence(list: readonly number[], what: string): void {
  assert.equal(new Set(list).size, list.length, `${what}: an occurrence ran twice: ${show(list)}`);
}

/** One row per second between the first and the last: none missing. */
function assertContiguous(list: readonly number[], what: string): void {
  const gaps = list.slice(1).filter((at, index) => at - list[index]! !== 1_000);
  assert.deepEqual(gaps.map((at) => new Date(at).toISOString()), [], `${what}: occurrences missing before these: ${show(list)}`);
}

describe("three processes of the example app on the PostgreSQL job store", { skip: postgres.skip, timeout: 150_000 }, () => {
  let project: TempProject;
  let client: pg.Client;
  let env: Record<string, string>;
  let apps: RunningApp[] = [];
  /** When the first cluster was up: from then on no process is still booting. */
  let upAt = 0;

  const runs = async (): Promise<Run[]> => {
    const { rows } = await client.query("select job, occurrence, pid, finished from runs order by job, occurrence");
    return (rows as { job: string; occurrence: Date; pid: number; finished: boolean }[]).map((row) => ({ ...row, at: row.occurrence.getTime() }));
  };
  const startCluster = async () => {
    apps = await Promise.all([0, 1, 2].map(() => project.start("app", { env })));
    cleanup.push(...apps.map((app) => () => app.stop()));
    return Date.now();
  };
  const stopCluster = () => Promise.all(apps.map((app) => app.stop()));
  const pids = () => apps.map((app) => app.child.pid!);
  const output = () => apps.map((app) => app.output()).join("\n");

  before(async () => {
    const database = await postgres.create();
    cleanup.push(() => database.drop());
    client = new pg.Client({ connectionString: database.uri });
    await client.connect();
    cleanup.push(() => client.end());
    await client.query("create table runs (job text not null, occurrence timestamptz not null, pid int not null, finished boolean not null default false)");
    project = clusterProject();
    env = { DATABASE_URI: database.uri, WF_SCHEDULER_JOBSTORE: database.uri };
  });

  test("after a bounded run, each occurrence of the one-second job ran once, none missing", async () => {
    upAt = await startCluster();
    const steady = (list: readonly Run[]) => list.filter((run) => run.at > upAt);
    await waitUntil(async () => times(steady(await runs()), "tick").length >= 5, 30_000, () => `too few runs:\n${output()}`);
    const all = await runs();
    for (const job of ["tick", "backlog"]) {
      assertOncePerOccurrence(times(all, job), job);
      assertContiguous(times(steady(all), job), job);
    }
  });

  test("one process killed with SIGKILL mid-run: the others keep the schedule", async () => {
    // A run that started moments ago: it is still running when the signal lands.
    let victim = 0;
    await waitUntil(
      async () => {
        const { rows } = await client.query("select occurrence, pid from runs where job = 'tick' and not finished and occurrence > $1", [new Date(Date.now() - TICK_MS / 2)]);
        victim = rows[0]?.pid ?? 0;
        return victim !== 0;
      },
      10_000,
      () => "no run of tick in progress",
    );
    const target = apps.find((app) => app.child.pid === victim);
    assert.ok(target, "the running process is one of the cluster's");
    target.child.kill("SIGKILL");
    const killedAt = Date.now();
    const survivors = apps.filter((app) => app !== target);
    await target.stop();
    await waitUntil(async () => (await runs()).filter((run) => run.job === "tick" && run.at > killedAt + 1_000).length >= 3, 30_000, () => `the survivors stopped:\n${output()}`);
    apps = survivors;

    const all = await runs();
    const tick = all.filter((run) => run.job === "tick");
    assert.equal(tick.filter((run) => run.pid === victim).at(-1)?.finished, false, "the process was killed while it ran the job");
    assertOncePerOccurrence(times(all, "tick"), "tick");
    assertContiguous(times(all.filter((run) => run.at > upAt), "tick"), "tick");
    const after = tick.filter((run) => run.at > killedAt);
    assert.deepEqual(after.filter((run) => run.pid === victim), [], "the killed process ran nothing more");
    const byProcess = Object.groupBy(tick, (run) => String(run.pid));
    assert.ok(Object.keys(byProcess).length > 1, `runs spread over more than one process: ${JSON.stringify(Object.keys(byProcess))}`);
    assertOncePerOccurrence(times(all, "backlog"), "backlog");
  });

  test("every process stopped past the grace time and restarted: the coalescing job runs once for the missed occurrences", async () => {
    await stopCluster();
    const beforeRestart = await runs();
    // Down for longer than the grace time: the restart finds occurrences past it and within it.
    await new Promise((resolve) => setTimeout(resolve, (GRACE_SECONDS + 1) * 1_000));
    const restartedAt = await startCluster();
    const restarted = pids();
    const afterRestart = (list: readonly Run[], job: string) => times(list.filter((run) => restarted.includes(run.pid)), job);
    const steady = (list: readonly number[]) => list.filter((at) => at > restartedAt);
    await waitUntil(async () => steady(afterRestart(await runs(), "tick")).length >= 2, 30_000, () => `no runs after the restart:\n${output()}`);
    await stopCluster();

    const all = await runs();
    const [tick1, tick2] = [times(beforeRestart, "tick"), afterRestart(all, "tick")];
    const [backlog1, backlog2] = [times(beforeRestart, "backlog"), afterRestart(all, "backlog")];
    // The first restarted scheduler claimed the backlog as it started (its log line's time).
    const startedAt = Math.min(...[...output().matchAll(/^\{.*"msg":"scheduler: started".*\}$/gm)].map((m) => (JSON.parse(m[0]) as { time: number }).time));
    assert.ok(Number.isFinite(startedAt), `no "scheduler: started" log line:\n${output()}`);
    const shown = `restarted at ${show([startedAt])}; tick ${show(tick1)} | ${show(tick2)}; backlog ${show(backlog1)} | ${show(backlog2)}`;
    assertOncePerOccurrence(times(all, "tick"), "tick");
    assertOncePerOccurrence(times(all, "backlog"), "backlog");
    assertContiguous(steady(tick2), "tick after the restart");
    assertContiguous(steady(backlog2), "backlog after the restart");
    const skipped = (tick2[0]! - tick1.at(-1)!) / 1_000 - 1;
    assert.ok(skipped > GRACE_SECONDS, `the downtime left more than the grace time of occurrences (${shown})`);
    // Coalesced: the first run after the restart is the latest occurrence due then, and stands for
    // all of them (without coalescing, it would be the oldest still within the grace time, 2 s or more earlier).
    assert.ok(tick2[0]! > startedAt - 1_000, `the coalescing job ran once, for the latest occurrence (${shown})`);
    // Not coalesced: the occurrences still within grace at the restart ran, older than the coalesced
    // run; those past it were missed, and said so.
    assert.ok(backlog2[0]! < tick2[0]!, `the non-coalescing job ran occurrences within the grace time (${shown})`);
    assert.ok(backlog2[0]! - backlog1.at(-1)! > 1_000, `the occurrences past the grace time did not run (${shown})`);
    assert.match(output(), /run time of job \\?"backlog\\?" was missed by/, "the missed occurrences were reported");
  });
});
