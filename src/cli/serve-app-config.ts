/**
 * What `wf run` does, apart from its registration, so that `wf` loads the app layer, the config
 * and the supervisors only when it serves.
 */
import cluster from "node:cluster";
import { loadApp } from "../app/index.ts";
import { loadConfig } from "../config/index.ts";
import { hintMissingSchema, warnUnappliedMigrations } from "./migration-check.ts";
import { superviseWithReload } from "./reload.ts";
import { runWorkers } from "./workers.ts";

export interface RunOptions {
  readonly host?: string;
  readonly port?: number;
  readonly reload?: boolean;
  readonly workers?: number;
}

/** Serves the app config `name`: under a reload supervisor, as N workers, or in this process. */
export async function serveAppConfig(name: string, options: RunOptions): Promise<void> {
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
}
