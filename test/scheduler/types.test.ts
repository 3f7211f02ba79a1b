/**
 * Type tests for the public API: compiled by `tsc --noEmit` (the `@ts-expect-error` lines must
 * stay errors); nothing runs them.
 */
import { test } from "node:test";
import {
  type Job,
  type JobInfo,
  type SchedulerEventMap,
  IntervalTrigger,
  Scheduler,
  currentRun,
} from "../../src/scheduler/index.ts";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const expectType = <T extends true>(_: T) => undefined;

// Never called: only compiled.
function compileOnly(scheduler: Scheduler) {
  const every = new IntervalTrigger({ seconds: 5 });
  async function heart() {}
  function greet(name: string, times: number) {
    return `${name} x${times}`;
  }

  const job: Job = scheduler.addJob(heart, every);
  scheduler.addJob(greet, every, { args: ["ann", 2] });
  // @ts-expect-error a function with parameters needs args
  scheduler.addJob(greet, every);
  // @ts-expect-error args must match the parameters
  scheduler.addJob(greet, every, { args: ["ann", "two"] });
  // @ts-expect-error unknown options are rejected
  scheduler.addJob(heart, every, { maxInstance: 2 });
  // @ts-expect-error the trigger is required
  scheduler.addJob(heart);

  scheduler.on("executed", (event) => {
    expectType<Equal<typeof event.jobId, string>>(true);
    expectType<Equal<typeof event.scheduledRunTime, Date>>(true);
  });
  scheduler.on("error", (event) => {
    expectType<Equal<typeof event.error, unknown>>(true);
  });
  // @ts-expect-error unknown event
  scheduler.on("exploded", () => {});
  expectType<Equal<SchedulerEventMap["missed"], [{ jobId: string; scheduledRunTime: Date }]>>(true);

  expectType<Equal<ReturnType<typeof currentRun>, { jobId: string; scheduledRunTime: Date } | undefined>>(true);
  expectType<Equal<Awaited<ReturnType<typeof scheduler.listJobs>>, JobInfo[]>>(true);
  expectType<Equal<typeof job.nextRunTime, Date | null>>(true);
  void scheduler.getJobs().length;
  scheduler.getJob("heart")?.id;
}

test("public types compile (checked by tsc --noEmit)", () => {
  void compileOnly;
  void new Scheduler();
});
