/**
 * The scheduler extension, enabled by `EXT_SCHEDULER = 1`. The app's own scheduler holds the
 * declared jobs and waits; it starts only once the app serves (`mix()`, `wf run`), never
 * under other `wf` commands or tests, and stops at shutdown, waiting for running jobs up to
 * SHUTDOWN_TIMEOUT. With the memory store and `--workers N`, only worker 1 runs jobs.
 */
import type { Fluid } from "../app/fluid.ts";
import { isFirstWorker } from "../config/index.ts";
import { Extension } from "../ext/extension.ts";
import { scheduler } from "./context-scheduler.ts";

export class SchedulerExtension extends Extension {
  readonly name = "SCHEDULER";
  override readonly defaults = { SCHEDULER_JOBSTORE: "memory" };

  protected setup(app: Fluid): void {
    const own = scheduler.of(app);
    own.configure({ jobstore: app.config.get("SCHEDULER_JOBSTORE"), logger: app.log });
    void own.jobstore; // a bad SCHEDULER_JOBSTORE fails now, not at the first run
    app.onServe(async () => {
      if (!own.jobstore.shared && !isFirstWorker()) return;
      await own.start();
    });
    app.onShutdown(async () => {
      if (!own.running) return;
      const { stillRunning } = await own.shutdown({ wait: true, timeoutMs: app.config.get("SHUTDOWN_TIMEOUT") * 1000 });
      if (stillRunning.length > 0) app.log.warn(`jobs still running at shutdown: ${stillRunning.join(", ")}`);
    });
  }
}

export default SchedulerExtension;
