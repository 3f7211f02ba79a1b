/**
 * The tutorial's jobs through the real `wf`: jobs run under `wf run` only, one worker runs
 * in-process jobs, `--reload` never fires an occurrence twice, and SIGTERM waits for a running
 * job up to SHUTDOWN_TIMEOUT. (Three app processes on the PostgreSQL store: test/scheduler/cluster.test.ts.)
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { after, describe, test } from "node:test";
import { scheduler } from "../../src/scheduler/index.ts";
import { createTestApp } from "../../src/testing/index.ts";
import { TempProject, waitUntil } from "../support/project.ts";

const cleanup: (() => unknown)[] = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

function example(): TempProject {
  const project = TempProject.fromExample("tutorial");
  cleanup.push(() => project.remove());
  return project;
}

/**
 * Adds to the example's fluid/main.ts: `module` as fluid/extra.ts (imported as `* as extra`),
 * `jobs` after the heart job, and `routes` inside createApp.
 */
function extend(project: TempProject, module: string, jobs: string, routes = ""): void {
  project.write("fluid/extra.ts", module);
  const main = project
    .read("fluid/main.ts")
    .replace(`import { heart } from "./jobs.ts";`, `import { heart } from "./jobs.ts";\nimport * as extra from "./extra.ts";\nimport { DateTrigger } from "webfluid/scheduler";`)
    .replace("scheduler.addJob(heart, new IntervalTrigger({ seconds: 5 }));", `scheduler.addJob(heart, new IntervalTrigger({ seconds: 5 }));\n${jobs}`)
    .replace("  myExt.expandFluid(app);", `${routes}\n  myExt.expandFluid(app);`);
  assert.match(main, /import \* as extra[\s\S]*myExt\.expandFluid/, "the example's main.ts changed shape");
  project.write("fluid/main.ts", main);
}

/** A one-second job on a whole-second grid: every process computes the same occurrences. */
const ON_THE_SECOND = `new IntervalTrigger({ seconds: 1, startDate: "2020-01-01T00:00:00Z" })`;

describe("the tutorial's scheduler", () => {
  test("a job due at once never runs under wf jobs, routes, config, migrate current or upgrade, nor in a test app; wf run runs it", async () => {
    const project = example();
    const marker = project.path("ran.txt");
    const startedMarker = project.path("started.txt");
    extend(
      project,
      `import { appendFileSync } from "node:fs";
const who = () => \`\${process.argv.slice(2).join(" ") || "test process"}\\n\`;
export function mark(): void {
  appendFileSync(${JSON.stringify(marker)}, who());
}
export function started(): void {
  appendFileSync(${JSON.stringify(startedMarker)}, who());
}
`,
      // A listener outside any app hears every app's scheduler: a command that started one would say so.
      `scheduler.addJob(extra.mark, new DateTrigger(new Date()), { id: "mark", misfireGraceTime: null });\nscheduler.on("started", extra.started);`,
    );
    const read = (file: string) => (existsSync(file) ? readFileSync(file, "utf8") : "");

    const [jobs, routes, config, [current, upgrade]] = await Promise.all([
      project.wf(["jobs", "app"]),
      project.wf(["routes", "app"]),
      project.wf(["config", "app"]),
      // One after the other: both open the app's SQLite database.
      project.wf(["migrate", "current", "app"]).then(async (first) => [first, await project.wf(["migrate", "upgrade", "app"])] as const),
    ]);
    for (const result of [jobs, routes, config, current, upgrade]) assert.equal(result.code, 0, result.stderr);
    const app = await createTestApp("app", { root: project.root, overrides: { DATABASE_URI: "sqlite:///:memory:" } });
    assert.equal((await app.inject("/health")).statusCode, 200);
    assert.equal(scheduler.running, false, "a test app does not start jobs");
    await app.shutdown();
    assert.equal(read(startedMarker), "", "a scheduler started under these commands");
    assert.equal(read(marker), "", "the job ran under these commands");
    assert.match(jobs.stdout, /^ID\s+TRIGGER\s+NEXT RUN\nheart\s+interval\[0:00:05\]\s+\d{4}-\d\d-\d\dT.*\nmark\s+date\[/);
    assert.match(upgrade.stdout, /upgrade default/, "wf migrate upgrade applied the tutorial's revision");

    const running = await project.start("app");
    try {
      await waitUntil(() => read(marker) !== "", 15_000, () => `wf run did not run the job:\n${running.output()}`);
    } finally {
      assert.equal((await running.stop()).code, 0);
    }
    assert.match(read(startedMarker), /^run app --port \d+\n$/, "the listener hears a scheduler that starts");
    assert.match(read(marker), /^run app --port \d+\n$/);
  });

  test("with --workers 2 and the memory store, only worker 1 runs jobs", async () => {
    const project = example();
    extend(
      project,
      "export function tick(): void {\n  console.log(`tick by worker ${process.env.WF_WORKER_ID}`);\n}\n",
      `scheduler.addJob(extra.tick, new IntervalTrigger({ seconds: 1 }));`,
    );
    const app = await project.start("app", { args: ["--workers", "2"] });
    try {
      await waitUntil(() => (app.output().match(/tick by worker/g) ?? []).length >= 3, 15_000, () => `no ticks:\n${app.output()}`);
    } finally {
      await app.stop();
    }
    const workers = new Set([...app.output().matchAll(/tick by worker (\S+)/g)].map((m) => m[1]));
    assert.deepEqual([...workers], ["1"]);
  });

  test("--reload stops the old process, slow to stop, before the new one fires the same grid", async () => {
    // The old process is kept alive by a request in flight: it goes on firing its jobs until the
    // request ends. Had the supervisor started the new process before the old one exited, both
    // would fire the same occurrences of the one-second grid.
    const project = example();
    extend(
      project,
      `import { currentRun } from "webfluid/scheduler";
export function tick(): void {
  console.log(\`tick \${process.pid} \${currentRun()!.scheduledRunTime.toISOString()}\`);
}
export async function slow(): Promise<{ slow: string }> {
  console.log(\`slow request in \${process.pid}\`);
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  return { slow: "done" };
}
`,
      `scheduler.addJob(extra.tick, ${ON_THE_SECOND});`,
      `  app.get("/slow")(extra.slow);`,
    );
    const app = await project.start("app", { args: ["--reload"] });
    const ticks = () => [...app.output().matchAll(/^tick (\d+) (\S+)$/gm)].map((m) => ({ pid: m[1]!, at: Date.parse(m[2]!) }));
    let changedAt = 0;
    let slowAnswer: Promise<Response> | undefined;
    try {
      await waitUntil(() => ticks().length >= 2, 15_000, () => `no ticks:\n${app.output()}`);
      const old = ticks()[0]!.pid;
      slowAnswer = fetch(`${app.url}/slow`);
      await waitUntil(() => app.output().includes(`slow request in ${old}`), 10_000, () => `no slow request:\n${app.output()}`);
      changedAt = Date.now();
      project.write("fluid/jobs.ts", `${project.read("fluid/jobs.ts")}\n// changed\n`);
      await waitUntil(() => ticks().filter((t) => t.pid !== old).length >= 2, 30_000, () => `no reload:\n${app.output()}`);
      assert.equal((await slowAnswer).status, 200, "the old process finished the request in flight");
    } finally {
      await slowAnswer?.catch(() => undefined);
      await app.stop();
    }
    const seen = ticks();
    const old = seen.filter((t) => t.pid === seen[0]!.pid);
    const renewed = seen.filter((t) => t.pid !== seen[0]!.pid);
    const shown = seen.map((t) => `${t.pid}@${new Date(t.at).toISOString()}`).join(", ");
    assert.ok(old.filter((t) => t.at > changedAt + 1_000).length >= 2, `the old process went on firing while it stopped: ${shown}`);
    assert.equal(new Set(renewed.map((t) => t.pid)).size, 1, `one new process: ${shown}`);
    assert.ok(renewed[0]!.at > old.at(-1)!.at, `the new process fired only after the old one's last occurrence: ${shown}`);
    assert.equal(new Set(seen.map((t) => t.at)).size, seen.length, `no occurrence fired twice: ${shown}`);
  });

  test("SIGTERM waits for a running job up to SHUTDOWN_TIMEOUT, and gives up after it", async () => {
    const project = example();
    extend(
      project,
      `export async function long(): Promise<void> {
  console.log("long job: started");
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.TUTORIAL_JOB_MS)));
  console.log("long job: finished");
}
`,
      `scheduler.addJob(extra.long, new DateTrigger(new Date()), { id: "long", misfireGraceTime: null });`,
    );
    // Both at once: a 2 s job within a 20 s timeout, and a 60 s job past a 1 s timeout.
    const [patient, impatient] = await Promise.all([
      project.start("app", { env: { WF_SHUTDOWN_TIMEOUT: "20", TUTORIAL_JOB_MS: "2000" } }),
      project.start("app", { env: { WF_SHUTDOWN_TIMEOUT: "1", TUTORIAL_JOB_MS: "60000" } }),
    ]);
    const started = (output: string) => output.includes("long job: started");
    await waitUntil(() => started(patient.output()) && started(impatient.output()), 15_000, () => `the job did not start:\n${patient.output()}\n${impatient.output()}`);
    // stop() sends SIGTERM and SIGKILLs after 15 s: a null code means the process did not exit by itself.
    const [waited, gaveUp] = await Promise.all([patient.stop(), impatient.stop()]);
    assert.equal(waited.code, 0, waited.stdout);
    assert.match(waited.stdout, /long job: finished/, "shutdown waited for the running job");
    assert.equal(gaveUp.code, 0, `the shutdown went on past the abandoned job:\n${gaveUp.stdout}`);
    assert.doesNotMatch(gaveUp.stdout, /long job: finished/);
    assert.match(gaveUp.stdout, /jobs still running at shutdown: long/, "the process says which job it abandoned");
  });
});
