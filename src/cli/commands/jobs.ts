/** `wf jobs <app>`: the app's scheduled jobs with their next run times. */
import type { Command } from "commander";
import { loadApp } from "../load-app.ts";
import { table } from "../output.ts";

export function registerJobs(program: Command): void {
  program
    .command("jobs")
    .description("list the scheduled jobs of an app config with their next run times (starts nothing)")
    .argument("<app>", "app config name, e.g. app for app_configs/app.ini")
    .addHelpText("after", "\nExample:\n  wf jobs app")
    .action(async (name: string) => {
      const app = await loadApp({ name });
      const { scheduler } = await import("../../scheduler/index.ts");
      const appScheduler = scheduler.of(app);
      const jobs = await appScheduler.listJobs();
      const rows = jobs.map((job) => [
        job.id,
        job.trigger,
        job.paused ? "paused" : (job.nextRunTime?.toISOString() ?? "-"),
      ]);
      process.stdout.write(`${table(rows, ["ID", "TRIGGER", "NEXT RUN"])}\n`);
      if (!app.config.get("EXT_SCHEDULER")) {
        const switchedOff = app.config.entry("EXT_SCHEDULER");
        const where = switchedOff?.source === "environment" ? "environment variable WF_EXT_SCHEDULER" : switchedOff?.source;
        const why = where ? `EXT_SCHEDULER is off (${where})` : `EXT_SCHEDULER is not set in app_configs/${name}.ini`;
        process.stderr.write(`note: ${why}: these jobs will not run\n`);
      }
      await appScheduler.shutdown({ wait: false });
    });
}
