/** `wf routes <app>`: every route of the app, with the handler serving it. */
import type { Command } from "commander";
import { loadApp } from "../../app/index.ts";
import { table } from "../output.ts";

export function registerRoutes(program: Command): void {
  program
    .command("routes")
    .description("list the routes of an app config (imports main.ts and calls the factory; starts nothing)")
    .argument("<app>", "app config name, e.g. app for app_configs/app.ini")
    .addHelpText("after", "\nExample:\n  wf routes app")
    .action(async (name: string) => {
      const app = await loadApp({ name });
      const rows = app.routes().map((r) => [r.method, r.path, r.name]);
      process.stdout.write(`${table(rows, ["METHOD", "PATH", "HANDLER"])}\n`);
    });
}
