/**
 * WebFluid's Migrate driven in-process through `commands.*` from `webfluid/migrate` (what
 * `wf migrate <command>` calls), with each phase timed, so that start-up (node, loader,
 * module loading, config and models, ORM init) shows apart from the command's own work.
 * Runs in the generated project (cwd), in a child process of its own.
 *
 *   node --import <repo>/bin/typescript-hooks.js bench/migrate/wf-inproc.ts '<json job>'
 *
 * job: { op: "revision" | "upgrade" | "current" }
 *
 * Prints one JSON line last: phase timings in ms from process start.
 */
import { phaseClock } from "./phases.ts";

interface Job {
  readonly op: "revision" | "upgrade" | "current";
}

const job = JSON.parse(process.argv[2]!) as Job;
const { mark, print } = phaseClock();

const { commands } = await import("webfluid/migrate");
mark("import");
const ctx = await commands.loadContext("app");
mark("context");
let detail: unknown;
try {
  await ctx.database.orm("default"); // MikroORM.init + connect (lazy in the commands)
  mark("init");
  if (job.op === "revision") {
    const [result] = await commands.revision(ctx, { autogenerate: true });
    detail = { file: result?.file?.shown };
  } else if (job.op === "upgrade") {
    detail = { applied: (await commands.upgrade(ctx)).length };
  } else {
    detail = { current: await commands.current(ctx) };
  }
  mark("work");
} finally {
  await commands.closeContext(ctx);
}
mark("close");
print(detail);
