/** `wf run <app>`: serve an app config, optionally with reload and several workers. */
import type { Command } from "commander";
import { parsePort, parsePositiveInt } from "../options.ts";
import type { RunOptions } from "../serve-app-config.ts";

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("serve an app config (app_configs/<app>.ini) until SIGINT/SIGTERM")
    .argument("<app>", "app config name, e.g. app for app_configs/app.ini")
    .option("--host <host>", "interface to listen on (default: HOST, 127.0.0.1)")
    .option("--port <port>", "port to listen on (default: PORT, 8000)", parsePort)
    .option("--reload", "restart when a source file changes (development)")
    .option("--workers <n>", "serve from N worker processes sharing the port", parsePositiveInt)
    .addHelpText("after", "\nExamples:\n  wf run app\n  wf run app --port 8080 --reload\n  wf run app --host 0.0.0.0 --workers 4")
    .action(async (name: string, options: RunOptions) => (await import("../serve-app-config.ts")).serveAppConfig(name, options));
}
