/** `wf run <app>`: serve an app config, optionally with reload and several workers. */
import cluster from "node:cluster";
import type { Command } from "commander";
import { loadApp } from "../load-app.ts";
import { loadConfig } from "../../config/index.ts";
import { hintMissingSchema, warnUnappliedMigrations } from "../migration-check.ts";
import { parsePort, parsePositiveInt } from "../options.ts";
import { superviseWithReload } from "../reload.ts";
import { runWorkers } from "../workers.ts";

interface RunOptions {
  readonly host?: string;
  readonly port?: number;
  readonly reload?: boolean;
  readonly workers?: number;
}

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
    .action(async (name: string, options: RunOptions) => {
      if (options.reload) return superviseWithReload(name);
      const workers = options.workers ?? 1;
      if (workers > 1 && cluster.isPrimary) {
        const config = await loadConfig({ name }); // fail fast, once, on a broken config
        void warnUnappliedMigrations(config, (line) => process.stderr.write(`wf: warning: ${line}\n`)); // once, not per worker
        return runWorkers(workers);
      }
      const app = await loadApp({ name });
      hintMissingSchema(app);
      // Alongside the start, not before it: the warning never delays serving.
      const checked = cluster.isWorker ? undefined : warnUnappliedMigrations(app.config, (line) => app.log.warn(line));
      await app.mix({ host: options.host, port: options.port });
      await checked;
    });
}
