/** `wf routes <app>`: every route of the app, with the handler serving it. */
import type { Command } from "commander";
import { loadApp } from "../load-app.ts";
import { table } from "../output.ts";

export function registerRoutes(program: Command): void {
  program
    .command("routes")
    .description("list the routes of an app config (imports main.ts and calls the factory; starts nothing)")
    .argument("<app>", "app config name, e.g. app for app_configs/app.ini")
    .addHelpText("after", "\nExample:\n  wf routes app")
    .action(async (name: string) => {
      const app = await loadApp({ name });
      const routes = app.routes();
      // The ROUTER column appears once a route came from an included router.
      if (routes.some((r) => r.router !== undefined)) {
        const rows = routes.map((r) => [r.method, r.path, r.name, r.router ?? "(app)"]);
        process.stdout.write(`${table(rows, ["METHOD", "PATH", "HANDLER", "ROUTER"])}\n`);
      } else {
        const rows = routes.map((r) => [r.method, r.path, r.name]);
        process.stdout.write(`${table(rows, ["METHOD", "PATH", "HANDLER"])}\n`);
      }
    });
}
