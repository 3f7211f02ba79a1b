/**
 * The scheduler extension, enabled by `EXT_SCHEDULER = 1`. Jobs added at import wait;
 * the scheduler starts only once the app serves (`mix()`, `wf run`), never under other
 * `wf` commands or tests, and stops at shutdown, waiting for running jobs up to
 * SHUTDOWN_TIMEOUT. With the memory store and `--workers N`, only worker 1 runs jobs.
 */
import type { Fluid } from "../app/fluid.ts";
import { isFirstWorker } from "../app/serve.ts";
import { Extension } from "../ext/extension.ts";
import { scheduler as defaultScheduler, type Scheduler } from "./scheduler.ts";

export class SchedulerExtension extends Extension {
  readonly name = "SCHEDULER";
  override readonly defaults = { SCHEDULER_JOBSTORE: "memory" };
  readonly #scheduler: Scheduler;

  constructor(scheduler: Scheduler = defaultScheduler) {
    super();
    this.#scheduler = scheduler;
  }

  protected setup(app: Fluid): void {
    const scheduler = this.#scheduler;
    scheduler.configure({ jobstore: app.config.get("SCHEDULER_JOBSTORE"), logger: app.log });
    void scheduler.jobstore; // a bad SCHEDULER_JOBSTORE fails now, not at the first run
    app.onServe(async () => {
      if (!scheduler.jobstore.shared && !isFirstWorker()) return;
      await scheduler.start();
    });
    app.onShutdown(async () => {
      if (!scheduler.running) return;
      const { stillRunning } = await scheduler.shutdown({ wait: true, timeoutMs: app.config.get("SHUTDOWN_TIMEOUT") * 1000 });
      if (stillRunning.length > 0) app.log.warn(`jobs still running at shutdown: ${stillRunning.join(", ")}`);
    });
  }
}

export default SchedulerExtension;
